"""Display and export tables of a comparison (core.degradation.present.tables).

Per-unit p-values are pinned to ``scipy.stats.binomtest``, Holm adjustment to
``statsmodels.stats.multitest.multipletests``, the paper's rule to 3 x the smallest p.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binomtest
from statsmodels.stats.multitest import multipletests

from core.degradation.compare import compare_paired
from core.degradation.comparison import CompareOptions
from core.degradation.data.pairing import pair_runs
from core.degradation.present.tables import (
    UNIT_COLUMNS,
    aggregation_frame,
    flipped_items,
    units_frame,
)

from .helpers import runs_from_counts

COUNTS = {"arc": (2_000, 60, 20), "gsm": (1_500, 30, 25), "mmlu": (12_032, 200, 150)}


def _compare(counts=COUNTS, **options):
    baseline, candidate = runs_from_counts(counts)
    paired = pair_runs(baseline, candidate)
    return paired, compare_paired(paired, CompareOptions(**options))


@pytest.fixture(scope="module")
def compared():
    return _compare()


def test_units_frame_columns_counts_and_p_values(compared):
    _, result = compared
    frame = units_frame(result)
    assert list(frame.columns) == UNIT_COLUMNS
    assert sorted(frame["unit"]) == sorted(COUNTS)
    by_unit = frame.set_index("unit")
    for name, (n, b, c) in COUNTS.items():
        row = by_unit.loc[name]
        assert (row["n"], row["b"], row["c"]) == (n, b, c)
        assert row["delta"] == pytest.approx((b - c) / n, rel=1e-12)
        assert row["flip_rate"] == pytest.approx((b + c) / n, rel=1e-12)
        assert row["p_value"] == pytest.approx(
            binomtest(b, b + c, 0.5, alternative="greater").pvalue, rel=1e-10
        )
        assert row["ci_low"] < row["delta"] < row["ci_high"]
        assert row["test"] == "mcnemar-exact"
        assert row["p_value_floor"] == 0.0
    holm = multipletests(by_unit["p_value"].to_numpy(), method="holm")[1]
    np.testing.assert_allclose(by_unit["p_value_holm"].to_numpy(), holm, rtol=1e-10)
    assert list(by_unit["flagged"]) == [bool(p <= 0.05) for p in holm]


def test_flagged_follows_alpha():
    _, strict = _compare(alpha=0.001)
    flagged = units_frame(strict).set_index("unit")["flagged"]
    holm = units_frame(strict).set_index("unit")["p_value_holm"]
    assert list(flagged) == [bool(p <= 0.001) for p in holm]
    assert list(flagged) != list(units_frame(_compare()[1]).set_index("unit")["flagged"])


def test_aggregation_frame_rows_and_thousands_separators(compared):
    _, result = compared
    frame = aggregation_frame(result).set_index("test")
    assert list(frame.index) == [
        "Pooled",
        "Max-Drop",
        "Fisher",
        "Combined (calibrated min-p)",
        "Combined (paper: 3 × smallest)",
    ]
    b = sum(v[1] for v in COUNTS.values())
    c = sum(v[2] for v in COUNTS.values())
    n = sum(v[0] for v in COUNTS.values())
    assert frame.loc["Pooled", "statistic"] == b - c
    assert frame.loc["Pooled", "detail"] == f"B = {b}, C = {c} over 15,532 items"
    assert frame.loc["Pooled", "p_value"] == pytest.approx(
        binomtest(b, b + c, 0.5, alternative="greater").pvalue, rel=1e-10
    )
    assert n == 15_532
    assert frame.loc["Max-Drop", "detail"].endswith("(3 units with flips)")
    assert frame.loc["Fisher", "detail"].startswith("chi² with 6 df")
    smallest = min(frame.loc[t, "p_value"] for t in ("Pooled", "Max-Drop", "Fisher"))
    paper = frame.loc["Combined (paper: 3 × smallest)"]
    assert paper["p_value"] == pytest.approx(min(1.0, 3 * smallest), rel=1e-9)
    assert paper["log10_p_value"] == pytest.approx(math.log10(paper["p_value"]), rel=1e-9)
    assert frame["p_value"].between(0, 1).all()


def test_thousands_separator_in_the_flip_counts():
    _, result = _compare({"big": (40_000, 1_500, 1_200)})
    detail = aggregation_frame(result).set_index("test").loc["Pooled", "detail"]
    assert detail == "B = 1,500, C = 1,200 over 40,000 items"


def test_one_unit_with_flips_is_singular():
    _, result = _compare({"only": (500, 9, 2), "still": (300, 0, 0)})
    frame = aggregation_frame(result).set_index("test")
    assert frame.loc["Max-Drop", "detail"] == "largest z in only (1 unit with flips)"
    assert frame.loc["Combined (calibrated min-p)", "detail"] == (
        "one unit with flips: its own p-value"
    )


@pytest.mark.parametrize(("alpha", "words"), [(0.05, "alpha = 0.05"), (0.001, "alpha = 0.001")])
def test_the_rule_used_says_so_with_the_options_alpha(alpha, words):
    for rule, used, other in (
        ("calibrated", "Combined (calibrated min-p)", "Combined (paper: 3 × smallest)"),
        ("paper", "Combined (paper: 3 × smallest)", "Combined (calibrated min-p)"),
    ):
        _, result = _compare(alpha=alpha, combine=rule)
        frame = aggregation_frame(result).set_index("test")
        assert frame.loc[used, "looks_for"] == f"verdict: degraded when ≤ {words}"
        assert frame.loc[other, "looks_for"] == "the other rule, for comparison (not used)"


def test_flipped_items_lists_changes_only_worse_first_with_text():
    paired, _ = _compare({"arc": (40, 3, 2)})
    items = paired.items
    details = pd.DataFrame(
        {
            "task": items["task"],
            "item_id": items["item_id"],
            "prompt": "Q" + items["item_id"],
            "target": "T",
            "response": "base " + items["item_id"],
        }
    )
    cand = details.assign(response="cand " + items["item_id"])
    frame = flipped_items(items, "arc", details, cand)
    assert list(frame["direction"]) == ["worse"] * 3 + ["better"] * 2
    assert (frame["baseline"] != frame["candidate"]).all()
    worse = frame[frame["direction"] == "worse"]
    assert (worse["baseline"] > worse["candidate"]).all()
    assert list(frame["response_baseline"]) == ["base " + i for i in frame["item_id"]]
    assert list(frame["response_candidate"]) == ["cand " + i for i in frame["item_id"]]
    assert list(frame["prompt"]) == ["Q" + i for i in frame["item_id"]]
    assert "unit" not in frame.columns
    # within a direction, sorted by item id (stable, as strings)
    assert list(worse["item_id"]) == sorted(worse["item_id"])


def test_flipped_items_without_details_has_no_text_columns():
    paired, _ = _compare({"arc": (40, 3, 2)})
    frame = flipped_items(paired.items, "arc", None, None)
    assert len(frame) == 5
    assert not {"prompt", "response_baseline", "response_candidate"} & set(frame.columns)
    assert flipped_items(paired.items, "nope", None, None).empty
