"""Intervals for the paired accuracy difference, pinned to published worked examples."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from core.degradation.stats.paired_interval import (
    newcombe_interval,
    paired_interval,
    tango_interval,
    wald_interval,
)

# Paired table [[59, 6], [16, 80]]: n11 = 59, b = n12 = 6, c = n21 = 16, n22 = 80, N = 161.
# Newcombe (1998) method 10 values as expected by ocbe-uio/contingencytables,
# tests/testthat/test-ch8.R (Fagerland, Lydersen & Laake, "Statistical Analysis of
# Contingency Tables", 2017, ch. 8): estimate -0.0621, 95% CI -0.1186 to -0.0046.
TABLE = {"both_right": 59, "b": 6, "c": 16, "n_items": 161}


def test_newcombe_matches_contingencytables_ch8():
    ci = newcombe_interval(TABLE["b"], TABLE["c"], TABLE["n_items"], TABLE["both_right"])
    assert ci.low == pytest.approx(-0.1186, abs=5e-5)
    assert ci.high == pytest.approx(-0.0046, abs=5e-5)


def test_tango_matches_the_published_formula_value():
    """Tango (1998) score interval for the same table: -0.1240 to -0.0054 (degradation-method.md §4.4)."""
    ci = tango_interval(TABLE["b"], TABLE["c"], TABLE["n_items"])
    assert ci.low == pytest.approx(-0.1240, abs=5e-5)
    assert ci.high == pytest.approx(-0.0054, abs=5e-5)


def test_tango_limits_solve_the_score_equation():
    b, c, n = 6, 16, 161
    z = norm.ppf(0.975)
    for limit, target in ((tango_interval(b, c, n).low, z), (tango_interval(b, c, n).high, -z)):
        big_b = -b - c + (2 * n - b + c) * limit
        big_c = -c * limit * (1 - limit)
        p21 = (np.sqrt(big_b**2 - 8 * n * big_c) - big_b) / (4 * n)
        score = (b - c - n * limit) / np.sqrt(n * (2 * p21 + limit * (1 - limit)))
        assert score == pytest.approx(target, abs=1e-8)


def test_tango_with_no_flips_is_not_zero_width():
    z = norm.ppf(0.975)
    ci = tango_interval(0, 0, 100)
    assert ci.high == pytest.approx(z**2 / (100 + z**2), rel=1e-3)
    assert ci.low == pytest.approx(-ci.high, rel=1e-9)


def test_tango_at_the_edges():
    assert tango_interval(5, 0, 5).high == 1.0
    assert tango_interval(0, 5, 5).low == -1.0


@pytest.mark.parametrize(
    ("b", "c", "n"), [(1241, 1042, 25282), (1816, 1378, 25282), (163, 168, 25282)]
)
def test_wald_agrees_with_tango_at_leaderboard_scale(b, c, n):
    tango, wald = tango_interval(b, c, n), wald_interval(b, c, n)
    assert tango.low == pytest.approx(wald.low, abs=2e-5)
    assert tango.high == pytest.approx(wald.high, abs=2e-5)


def test_tango_coverage_by_seeded_simulation():
    """95% Tango intervals cover the true difference about 95% of the time (N = 400, 8% flips)."""
    rng = np.random.default_rng(20261121)
    n, p_b, p_c = 400, 0.05, 0.03
    true_delta = p_b - p_c
    replicates = 2000
    counts = rng.multinomial(n, [p_b, p_c, 1 - p_b - p_c], size=replicates)
    covered = 0
    for b, c, _ in counts:
        ci = tango_interval(int(b), int(c), n)
        covered += ci.low <= true_delta <= ci.high
    rate = covered / replicates
    assert abs(rate - 0.95) < 3 * np.sqrt(0.95 * 0.05 / replicates) + 0.005


def test_paired_interval_dispatch_and_errors():
    assert paired_interval(6, 16, 161) == tango_interval(6, 16, 161)
    assert paired_interval(6, 16, 161, method="newcombe", both_right=59) == newcombe_interval(
        6, 16, 161, 59
    )
    with pytest.raises(ValueError, match="both_right"):
        paired_interval(6, 16, 161, method="newcombe")
    with pytest.raises(ValueError, match="method"):
        paired_interval(6, 16, 161, method="exact")
    with pytest.raises(ValueError, match="confidence_level"):
        tango_interval(1, 2, 10, confidence_level=95)


_REFERENCE = (
    Path(__file__).resolve().parents[2] / "fixtures" / "degradation" / "paired_ci_reference.csv"
)
# R's uniroot stops at 1e-7; the mpmath rows hold 50 digits (we keep ~1e-14).
_TOLERANCE = {("tango", "R"): 1e-7, ("newcombe10", "R"): 1e-12}


@pytest.mark.parametrize(
    "row",
    pd.read_csv(_REFERENCE).to_dict("records"),
    ids=lambda r: f"{r['method']}-{r['b']}-{r['c']}-{r['n']}-{r['level']}-{r['source'].split()[0]}",
)
def test_intervals_match_r_contingencytables_and_50_digit_values(row):
    """All 124 reference rows: Tango and Newcombe-10 against R and mpmath."""
    if row["method"] == "tango":
        interval = tango_interval(row["b"], row["c"], row["n"], row["level"])
    else:
        interval = newcombe_interval(row["b"], row["c"], row["n"], row["both_right"], row["level"])
    tolerance = _TOLERANCE.get((row["method"], row["source"].split()[0]), 1e-12)
    assert interval.low == pytest.approx(row["low"], abs=tolerance)
    assert interval.high == pytest.approx(row["high"], abs=tolerance)


def test_reference_file_is_complete():
    table = pd.read_csv(_REFERENCE)
    assert len(table) == 124
    assert set(table["method"]) == {"tango", "newcombe10"}
    assert table["source"].str.startswith("mpmath").sum() == 62
