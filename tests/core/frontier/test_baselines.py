"""Baselines for the sigmoid boundary (core.frontier.boundary.baselines): the smoothed
quantile is the minimiser of the smoothed pinball loss (checked with
``scipy.optimize.minimize_scalar``), per-bin predictions outside the range, the comparison
on held-out points.

Complements test_baselines_taus.py (QuantReg against statsmodels' formula API).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import minimize_scalar

from core.frontier.boundary.baselines import (
    compare_baselines,
    constant_baseline,
    linear_quantile_baseline,
    per_bin_baseline,
    smoothed_quantile,
)
from core.frontier.boundary.loss import mean_loss
from core.frontier.boundary.sigmoid_fit import FrontierFit


@pytest.mark.parametrize(("tau", "kappa"), [(0.5, 20.0), (0.9, 50.0), (0.98, 200.0)])
def test_smoothed_quantile_minimises_the_smoothed_pinball_loss(tau, kappa):
    y = np.random.default_rng(4).beta(2, 5, 500)
    ours = smoothed_quantile(y, tau, kappa)
    best = minimize_scalar(
        lambda c: mean_loss(y, np.full(y.size, c), tau, kappa),
        bounds=(y.min() - 1, y.max() + 1),
        method="bounded",
        options={"xatol": 1e-10},
    )
    assert ours == pytest.approx(best.x, abs=1e-6)


def test_constant_baseline_predicts_its_value_everywhere():
    base = constant_baseline([0.1, 0.2, 0.3, 0.4, 0.5], 0.5)
    assert base.value == pytest.approx(0.3)
    assert base.predict(np.zeros((2, 3))).tolist() == [[0.3] * 3] * 2


def test_per_bin_predicts_end_bins_outside_the_training_range():
    z = np.repeat([20.0, 21.0, 22.0], 40)
    y = np.concatenate([np.full(40, 0.1), np.full(40, 0.3), np.full(40, 0.6)])
    model = per_bin_baseline(z, y, 0.9, 50.0, 3, 30)
    # T = 40: the cut rule opens a bin at z = 21 only (the next cut would be at row 120 = n)
    assert model.edges.tolist() == [20.0, 21.0, 22.0]
    pred = model.predict([15.0, 20.5, 21.0, 22.0, 30.0])
    first, second = model.values
    assert pred.tolist() == [first, first, second, second, second]
    assert first == pytest.approx(smoothed_quantile(y[:40], 0.9, 50.0))


def test_linear_refuses_non_finite_compute():
    with pytest.raises(ValueError, match="QuantReg needs finite z and scores"):
        linear_quantile_baseline([20.0, -np.inf, 22.0], [0.1, 0.2, 0.3])


def test_comparison_scores_held_out_points_with_the_training_fits():
    rng = np.random.default_rng(5)
    z = rng.uniform(20, 25, 200)
    y = np.clip(0.1 + 0.5 / (1 + np.exp(-(z - 22.5))) + rng.normal(0, 0.03, 200), 0, 1)
    fit = FrontierFit(0.1, 0.55, 22.5, 1.0, 0.9, 50.0, 1e-3, 0.0, 150, 20.0, 25.0, True, 1)
    train, test = slice(0, 150), slice(150, 200)
    result = compare_baselines(fit, z[train], y[train], z[test], y[test], n_bins=5, min_bin_size=20)
    assert result.n == 50 and (result.tau, result.kappa) == (0.9, 50.0)
    null = constant_baseline(y[train], 0.9)
    assert result.null == pytest.approx(mean_loss(y[test], null.predict(z[test]), 0.9, 50.0))
    assert result.sigmoid == pytest.approx(mean_loss(y[test], fit.predict(z[test]), 0.9, 50.0))
    assert result.r2_pinball == pytest.approx(1 - result.sigmoid / result.null)
    same = compare_baselines(fit, z[train], y[train], n_bins=5, min_bin_size=20)
    assert same.n == 150
