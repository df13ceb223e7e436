"""``frontier --by-period`` output and options (core.frontier.history.period_output)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from core.errors import InputError
from core.frontier.history.period_output import by_period_scheme, render_periods, scheme_for
from core.frontier.history.periods import PeriodScheme


def _args(**changes):
    base = dict(by_period=True, cuts=None, periods=None, date="date", at=[1e24])
    return SimpleNamespace(**{**base, **changes})


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (dict(by_period=False, cuts="2024-07-01"), "--cuts and --periods go with --by-period"),
        (dict(by_period=False, periods="paper"), "--cuts and --periods go with --by-period"),
        (dict(date=None), "--by-period needs --date COL, the upload or release date column"),
        (dict(at=[]), "--by-period reads each period's boundary at --at FLOPS, e.g. --at 1e24"),
        (dict(cuts="2024-07-01", periods="paper"), "give either --cuts or --periods, not both"),
        (dict(cuts="2024-10-01,2024-07-01"), "--cuts: cut dates must be strictly increasing"),
    ],
)
def test_option_refusals(changes, message):
    with pytest.raises(InputError) as error:
        by_period_scheme(_args(**changes))
    assert str(error.value).startswith(message)


def test_schemes_chosen_by_the_options():
    assert by_period_scheme(_args(by_period=False)) is None
    assert by_period_scheme(_args()) == "quarters"
    assert by_period_scheme(_args(periods="paper")) == "paper"
    cut = by_period_scheme(_args(cuts=" 2024-07-01 , "))
    assert isinstance(cut, PeriodScheme) and cut.labels == ("before 2024-07-01", "from 2024-07-01")
    table = SimpleNamespace(date=["2024-02-01"] * 40 + ["2024-05-01"], source="t.csv")
    assert scheme_for("paper", table).labels[0] == "P1 (up to 2024-06)"
    assert scheme_for("quarters", table).labels == ("2024Q1", "2024Q2")
    assert scheme_for(cut, table) is cut
    with pytest.raises(InputError, match=r"^t\.csv: no valid dates to build quarters from$"):
        scheme_for("quarters", SimpleNamespace(date=[None], source="t.csv"))


def _output(n_without=0):
    return {
        "n_without_period": n_without,
        "periods": [
            {
                "period": "P1",
                "n": 1_234,
                "note": "",
                "predictions": [
                    {"flops": 1e24, "score": 0.5, "extrapolated": False},
                    {"flops": 1e26, "score": 0.91234, "extrapolated": True},
                ],
            },
            {"period": "P2", "n": 2, "note": "too few models", "predictions": []},
        ],
    }


def test_render_one_line_per_period_with_separators_and_flags():
    assert render_periods(_output(2_500)) == [
        "  boundary per period:",
        "    P1: n = 1,234; 0.500 at 1e24 FLOPs; 0.912 at 1e26 FLOPs (extrapolated)",
        "    P2: n = 2; no boundary (too few models)",
        "    2,500 models fall in no period",
    ]
    assert render_periods({"task": "x"}) == []
    assert render_periods(_output(0))[-1].startswith("    P2")


def test_one_model_without_a_period_is_singular():
    assert render_periods(_output(1))[-1] == "    1 model falls in no period"
