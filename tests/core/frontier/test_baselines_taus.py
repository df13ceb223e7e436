"""Baselines against statsmodels and closed forms; non-crossing curves at several tau."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from core.frontier.boundary.baselines import (
    compare_baselines,
    constant_baseline,
    linear_quantile_baseline,
    per_bin_baseline,
    smoothed_quantile,
)
from core.frontier.boundary.several_taus import FrontierFamily, fit_frontier_family
from core.frontier.boundary.sigmoid_fit import FrontierFit, fit_frontier


def test_linear_baseline_matches_statsmodels_formula():
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"z": rng.uniform(20, 25, 300)})
    df["y"] = 0.1 * (df.z - 20) + rng.normal(0, 0.05, 300)
    ref = smf.quantreg("y ~ z", df).fit(q=0.9)
    ours = linear_quantile_baseline(df.z, df.y, 0.9)
    assert ours.intercept == pytest.approx(ref.params["Intercept"], abs=1e-8)
    assert ours.slope == pytest.approx(ref.params["z"], abs=1e-8)
    assert np.all(ours.predict([0.0, 100.0]) == [0.0, 1.0])  # clipped


def test_smoothed_quantile_first_order_condition_and_limit():
    y = np.random.default_rng(1).uniform(0, 1, 2001)
    c = smoothed_quantile(y, 0.9, 50.0)
    assert np.mean(1 / (1 + np.exp(-50 * (y - c)))) == pytest.approx(0.1, abs=1e-10)
    assert smoothed_quantile(y, 0.9, 1e5) == pytest.approx(np.quantile(y, 0.9), abs=2e-3)


def test_per_bin_and_null():
    z = np.repeat(np.arange(5.0), 40)
    y = np.tile(np.linspace(0, 1, 40), 5) * (1 + z) / 5
    per_bin = per_bin_baseline(z, y, 0.9, 50.0, 5, 30)
    # T = 40: the cut before z = 1 ends its tie group at 80, so the next cut is at 120 (z = 3)
    assert per_bin.edges.tolist() == [0.0, 1.0, 3.0, 4.0]
    assert np.all(np.diff(per_bin.values) > 0)
    assert per_bin.values[0] == pytest.approx(smoothed_quantile(y[z == 0], 0.9, 50.0))
    assert constant_baseline(y, 0.9).value == pytest.approx(np.quantile(y, 0.9))


def test_sigmoid_beats_null_on_oll(oll_tables):
    t = oll_tables["BBH Raw"]
    fit = fit_frontier(t.log10_flops, t.score)
    comparison = compare_baselines(fit, t.log10_flops, t.score)
    assert comparison.sigmoid < comparison.null
    assert comparison.per_bin < comparison.null
    assert 0 < comparison.r2_pinball < 1


def test_rearrangement_repairs_crossing():
    low = FrontierFit(0.0, 0.9, 22.0, 3.0, 0.5, 50, 1e-3, 0, 10, 20, 25, True, 1)
    high = FrontierFit(0.2, 0.5, 22.0, 1.0, 0.9, 50, 1e-3, 0, 10, 20, 25, True, 1)
    family = FrontierFamily((0.5, 0.9), (low, high))
    z = np.linspace(20, 25, 101)
    assert family.crossings(z) > 0
    repaired = family.predict(z)
    assert np.all(np.diff(repaired, axis=0) >= 0)
    # rearrangement keeps the set of values at each z
    assert np.allclose(np.sort(family.predict_unrearranged(z), axis=0), repaired)


def test_family_fits_are_ordered_on_simulated_data():
    rng = np.random.default_rng(2)
    z = rng.uniform(20, 26, 400)
    y = np.clip(0.1 + 0.6 / (1 + np.exp(-(z - 23))) + rng.normal(0, 0.05, 400), 0, 1)
    family = fit_frontier_family(z, y, [0.98, 0.5, 0.9])
    assert family.taus == (0.5, 0.9, 0.98)
    assert np.all(np.diff(family.predict(np.linspace(19, 27, 50)), axis=0) >= 0)
