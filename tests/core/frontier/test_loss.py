"""The smoothed pinball loss and the objective's gradient against closed forms."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import expit

from core.frontier.boundary.loss import (
    mean_loss,
    objective_and_gradient,
    smoothed_pinball_derivative,
    smoothed_pinball_loss,
)


def test_loss_at_zero_is_log2_over_kappa():
    # softplus(0) = log 2, the (tau - 1) * u term vanishes.
    for kappa in (10.0, 50.0):
        assert smoothed_pinball_loss(0.0, 0.9, kappa) == pytest.approx(np.log(2) / kappa)


def test_loss_tends_to_check_loss():
    u = np.array([-0.3, -0.01, 0.02, 0.4])
    tau = 0.98
    check = u * (tau - (u < 0))
    # |softplus(k u)/k - max(u, 0)| <= log(2)/k
    assert np.max(np.abs(smoothed_pinball_loss(u, tau, 1e6) - check)) <= np.log(2) / 1e6


def test_loss_does_not_overflow():
    vals = smoothed_pinball_loss(np.array([-1e6, 1e6]), 0.9, 50.0)
    assert np.all(np.isfinite(vals))
    assert vals[1] == pytest.approx(1e6 * 0.9)  # softplus(t)/k ~ u for large u


def test_derivative_closed_form():
    u = np.linspace(-0.2, 0.2, 9)
    assert np.allclose(smoothed_pinball_derivative(u, 0.9, 50), expit(50 * u) - 0.1)
    h = 1e-7
    numeric = (
        (smoothed_pinball_loss(u + h, 0.9, 50) - smoothed_pinball_loss(u - h, 0.9, 50)) / 2 / h
    )
    assert np.allclose(numeric, smoothed_pinball_derivative(u, 0.9, 50), atol=1e-7)


def test_gradient_single_point_closed_form():
    # One point: J = rho(y - q) + lam b^2, dJ/dtheta = -rho'(u) dq/dtheta (+ 2 lam b^2).
    y0, L, zs, b, z, y, tau, kappa, lam = 0.1, 0.6, 22.0, 1.3, 22.5, 0.55, 0.9, 25.0, 1e-3
    s = 1 / (1 + np.exp(-b * (z - zs)))
    u = y - y0 - L * s
    r = 1 / (1 + np.exp(-kappa * u)) + tau - 1
    expected = np.array(
        [-r, -r * s, r * L * b * s * (1 - s), -r * L * b * s * (1 - s) * (z - zs) + 2 * lam * b * b]
    )
    obj, grad = objective_and_gradient([y0, L, zs, np.log(b)], [z], [y], tau, kappa, lam)
    assert obj == pytest.approx(np.log1p(np.exp(kappa * u)) / kappa + (tau - 1) * u + lam * b * b)
    assert np.allclose(grad, expected, rtol=1e-12)


def test_gradient_matches_finite_differences_with_weights():
    rng = np.random.default_rng(3)
    z, y, w = rng.uniform(20, 25, 50), rng.uniform(0, 1, 50), rng.integers(0, 4, 50)
    theta = np.array([0.05, 0.7, 22.7, np.log(0.8)])
    _, grad = objective_and_gradient(theta, z, y, 0.95, 50.0, 1e-3, w)
    h = 1e-6
    numeric = [
        (
            objective_and_gradient(theta + h * e, z, y, 0.95, 50.0, 1e-3, w)[0]
            - objective_and_gradient(theta - h * e, z, y, 0.95, 50.0, 1e-3, w)[0]
        )
        / 2
        / h
        for e in np.eye(4)
    ]
    assert np.allclose(grad, numeric, atol=1e-8)


def test_weights_equal_repetition():
    y, q = np.array([0.2, 0.5, 0.9]), np.array([0.4, 0.4, 0.4])
    assert mean_loss(y, q, 0.9, weights=[1, 2, 0]) == pytest.approx(
        mean_loss([0.2, 0.5, 0.5], [0.4] * 3, 0.9)
    )
