"""The fast fit: simulations with known boundaries, invariances, and the reference optimiser."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import norm

from core.frontier.boundary.fit_newton import B_MAX, B_MIN, FitProblem
from core.frontier.boundary.sigmoid_fit import FrontierFit, fit_frontier


def simulate(n, tau, seed, y0=0.1, L=0.7, z_star=23.0, b=1.5, sd=0.05, ties=False):
    """Scores whose tau-quantile given z is exactly the sigmoid (normal noise shifted)."""
    rng = np.random.default_rng(seed)
    z = rng.uniform(20.0, 26.0, n)
    if ties:
        z = np.round(z, 1)
    q = y0 + L / (1 + np.exp(-b * (z - z_star)))
    y = q + sd * (rng.standard_normal(n) - norm.ppf(tau))
    return z, np.clip(y, 0, 1), q


def test_recovers_known_boundary():
    # lambda_b shrinks the slope (penalty 1e-3 * b**2 is comparable to the loss), so the
    # unpenalised quantile is recovered with a negligible penalty.
    z, y, q = simulate(3000, 0.9, seed=1)
    fit = fit_frontier(z, y, tau=0.9, lambda_b=1e-6)
    grid = np.linspace(20.5, 25.5, 11)
    truth = 0.1 + 0.7 / (1 + np.exp(-1.5 * (grid - 23.0)))
    assert np.max(np.abs(fit.predict(grid) - truth)) < 0.03
    assert fit.converged
    # First-order condition in y0 (interior here): mean expit(kappa * u) = 1 - tau, the
    # smoothed counterpart of "a share 1 - tau of the points lies above the boundary".
    assert 0 < fit.y0 and fit.y0 + fit.L < 1
    u = y - fit.predict(z)
    assert np.mean(1 / (1 + np.exp(-50.0 * u))) == pytest.approx(0.1, abs=1e-6)


@pytest.mark.parametrize("tau", [0.55, 0.8, 0.95, 0.999])
def test_objective_never_worse_than_reference(tau, reference_optimizer):
    z, y, _ = simulate(150, tau, seed=int(tau * 1000), ties=True)
    _, ref_obj = reference_optimizer.fit_reference(z, y, tau=tau)
    fit = fit_frontier(z, y, tau=tau)
    assert fit.objective <= ref_obj + 1e-6


def test_constraints_hold():
    z, y, _ = simulate(500, 0.98, seed=4, y0=0.0, L=1.0, sd=0.1)
    fit = fit_frontier(z, y)
    assert 0 <= fit.y0 <= 1 and 0 <= fit.L <= 1 and fit.y0 + fit.L <= 1 + 1e-12
    assert B_MIN <= fit.b <= B_MAX
    assert fit.log10_flops_min <= fit.z_star <= fit.log10_flops_max
    assert np.all(np.diff(fit.predict(np.linspace(15, 30, 50))) >= 0)  # monotone


def test_row_order_and_objective_consistency():
    z, y, _ = simulate(400, 0.98, seed=5, ties=True)
    fit = fit_frontier(z, y)
    perm = np.random.default_rng(0).permutation(z.size)
    again = fit_frontier(z[perm], y[perm])
    assert again.objective == pytest.approx(fit.objective, abs=1e-12)
    assert np.allclose(again.theta, fit.theta, atol=1e-6)
    # the reported objective is the objective of the reported parameters
    problem = FitProblem(z, y, np.ones_like(z))
    phi = [fit.y0, fit.L / (1 - fit.y0), fit.z_star, np.log(fit.b)]
    assert problem.terms(np.array(phi), 0.98, 50.0, 1e-3, None) == pytest.approx(
        fit.objective, rel=1e-10
    )


def test_integer_weights_equal_repeated_rows():
    z, y, _ = simulate(120, 0.9, seed=6)
    w = np.random.default_rng(1).integers(0, 3, z.size)
    weighted = fit_frontier(z, y, tau=0.9, weights=w)
    repeated = fit_frontier(np.repeat(z, w), np.repeat(y, w), tau=0.9)
    assert weighted.objective == pytest.approx(repeated.objective, abs=1e-9)


def test_paper_grid_prediction_is_flat_outside_range():
    fit = FrontierFit(0.1, 0.8, 23.0, 1.0, 0.98, 50.0, 1e-3, 0.0, 10, 21.0, 25.0, True, 1)
    assert fit.predict_paper_grid(30.0) == pytest.approx(fit.predict(25.0))
    assert fit.predict_paper_grid(23.0) == pytest.approx(fit.predict(23.0), abs=1e-4)
    assert fit.ceiling == pytest.approx(0.9)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"tau": 1.0}, "tau"),
        ({"score": [0.1, 2.0, 0.3]}, "percentages"),
        ({"log10_flops": [22.0, 22.0, 22.0]}, "distinct"),
    ],
)
def test_bad_input_says_what_to_do(kwargs, message):
    args = {"log10_flops": [21.0, 22.0, 23.0], "score": [0.1, 0.2, 0.3]} | kwargs
    with pytest.raises(ValueError, match=message):
        fit_frontier(**args)
