"""Contamination probe: exact OLS numbers, planted shift, false-positive rate by simulation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy.special import expit, logit

from core.frontier.analyses.contamination import contamination_probe

CUT = "2025-02-06"


def _simulate(gamma, n=264, seed=0, x_shift=0.6, noise=0.6):
    """Figure 7b's pooled line (-3.32 + 1.14 logit x); later models also stronger on x."""
    rng = np.random.default_rng(seed)
    dates = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 700, n), "D")
    after = np.asarray(dates >= pd.Timestamp(CUT))
    lx = rng.normal(0.5, 1.2, n) + x_shift * after
    ly = -3.32 + 1.14 * lx + gamma * after + rng.normal(0, noise, n)
    return expit(lx), expit(ly), dates


def test_matches_statsmodels_ols():
    x, y, d = _simulate(0.4, seed=3)
    r = contamination_probe(x, y, d, CUT, n_permutations=99)
    keep = r.points
    X = sm.add_constant(
        np.column_stack([keep["logit_x"], keep["group"] == "after cut-off"]).astype(float)
    )
    ols = sm.OLS(keep["logit_y"].to_numpy(), X).fit()
    np.testing.assert_allclose([r.intercept, r.slope, r.gamma], ols.params, rtol=1e-10)
    assert r.standard_error == pytest.approx(ols.bse[2], rel=1e-10)
    assert r.pvalue == pytest.approx(ols.pvalues[2] / 2, rel=1e-8)  # one-sided, gamma > 0


def test_recovers_planted_shift():
    x, y, d = _simulate(0.5, seed=1)
    r = contamination_probe(x, y, d, CUT, n_permutations=999)
    assert r.gamma == pytest.approx(0.5, abs=0.2)
    assert r.pvalue_permutation < 0.01 and r.pvalue < 0.01
    assert r.pooled_slope == pytest.approx(1.14, abs=0.15)


def test_false_positive_rate_and_power_in_simulation():
    null = [
        contamination_probe(
            *_simulate(0.0, seed=s), CUT, n_permutations=199, seed=s
        ).pvalue_permutation
        for s in range(200)
    ]
    fpr = np.mean(np.array(null) <= 0.05)
    assert fpr <= 0.05 + 2.6 * np.sqrt(0.05 * 0.95 / 200)  # about 0.09
    power = [
        contamination_probe(
            *_simulate(0.3, seed=1000 + s), CUT, n_permutations=199, seed=s
        ).pvalue_permutation
        for s in range(50)
    ]
    assert np.mean(np.array(power) <= 0.05) >= 0.8


def test_percentages_common_support_and_errors():
    x, y, d = _simulate(0.0, seed=2)
    a = contamination_probe(x, y, d, CUT, n_permutations=99)
    b = contamination_probe(100 * x, 100 * y, d, CUT, n_permutations=99)
    assert b.percent_scaled and b.gamma == pytest.approx(a.gamma)
    assert a.n + a.n_outside_support + a.n_missing == x.size
    lo, hi = a.support
    assert np.all((a.points["logit_x"] >= lo) & (a.points["logit_x"] <= hi))
    with pytest.raises(ValueError, match="before and after"):
        contamination_probe(x, y, d, "2030-01-01")
    with pytest.raises(ValueError, match="percentages"):
        contamination_probe(x * 300, y, d, CUT)
    assert logit(0.5) == 0
