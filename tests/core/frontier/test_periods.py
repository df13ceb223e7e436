"""Period schemes (core.frontier.history.periods): labels, half-open boundaries with the
timestamp shapes people keep, quarter pooling, refusals.

Complements test_binning_periods.py (a first check of each scheme).
"""

from __future__ import annotations

import pytest

from core.errors import InputError
from core.frontier.history.periods import paper_oll_periods, periods_from_cuts, quarterly_periods


def test_the_papers_periods_are_half_open_whatever_the_timestamp_shape():
    dates = [
        "2024-06-30T23:59:59Z",  # last second of P1
        "2024-07-01T00:00:00Z",  # first of P2
        "1 July 2024",
        "2024/07/01",
        "2025-03-31T12:00:00+02:00",  # last day of P4
        "2025-04-01",  # after the last period
        "",
        None,
    ]
    assert paper_oll_periods().assign(dates).tolist() == [0, 1, 1, 1, 3, -1, -1, -1]
    assert paper_oll_periods().labels == (
        "P1 (up to 2024-06)",
        "P2 (2024Q3)",
        "P3 (2024Q4)",
        "P4 (2025Q1)",
    )


def test_cut_labels_say_which_days_each_period_holds():
    scheme = periods_from_cuts(["2024-07-01", "2024-10-01", "2025-03-01"])
    assert scheme.labels == (
        "before 2024-07-01",
        "2024-07-01 to 2024-09-30",
        "2024-10-01 to 2025-02-28",
        "from 2025-03-01",
    )
    assert periods_from_cuts(["2024-03-01"]).assign(["2024-02-29", "2024-03-01"]).tolist() == [0, 1]


@pytest.mark.parametrize(
    ("cuts", "message"),
    [
        ([], "give at least one cut date, e.g. 2024-07-01"),
        (["2024-07-01", "2024-07-01"], "cut dates must be strictly increasing"),
        (["2024-10-01", "2024-07-01"], "cut dates must be strictly increasing"),
        (["soon"], "cut dates must look like 2024-07-01"),
    ],
)
def test_bad_cuts_are_refused(cuts, message):
    with pytest.raises(InputError, match=message):
        periods_from_cuts(cuts)


def test_leading_quarters_pool_until_the_first_is_big_enough():
    dates = ["2024-02-01"] * 10 + ["2024-08-01"] * 25 + ["2025-02-01"]
    scheme = quarterly_periods(dates, min_size=30)
    assert scheme.labels == ("up to 2024Q3", "2024Q4", "2025Q1")  # an empty quarter is kept
    assert scheme.assign(["2023-01-01", "2024-09-30", "2024-10-01", "2025-03-31"]).tolist() == [
        0,
        0,
        1,
        2,
    ]


def test_a_first_quarter_exactly_at_the_minimum_is_not_pooled():
    scheme = quarterly_periods(["2024-02-01"] * 30 + ["2024-08-01"], min_size=30)
    assert scheme.labels == ("2024Q1", "2024Q2", "2024Q3")
    assert quarterly_periods(["2024-02-01"] * 29 + ["2024-08-01"], min_size=30).labels == (
        "up to 2024Q3",
    )


def test_quarters_need_dates():
    with pytest.raises(InputError, match="no valid dates to build quarters from"):
        quarterly_periods(["", None, "never"])
