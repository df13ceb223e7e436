"""The Newton solve of one boundary fit (core/frontier/boundary/fit_newton.py).

The objective is written again here from its definition (smoothed pinball loss of the
sigmoid plus the slope penalty); the gradient and Hessian are checked against central
finite differences and the Newton optimum against ``scipy.optimize.minimize``.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.optimize import minimize
from scipy.special import expit

from core.frontier.boundary.fit_newton import B_MAX, B_MIN, LOG_B, FitProblem, symmetric_eigen

TAU, LAM = 0.9, 1e-3


def _data(seed=0, n=300, repeats=True):
    rng = np.random.default_rng(seed)
    z = rng.uniform(21.0, 25.0, n)
    if repeats:
        z = np.round(z, 1)  # several rows per z: the per-z sums path
    y = 0.2 + 0.6 * expit(1.5 * (z - 23.0)) + rng.normal(0.0, 0.05, n)
    w = rng.uniform(0.5, 2.0, n)
    return z, np.clip(y, 0.0, 1.0), w


def _objective(z, y, w, phi, tau, kappa, lam):
    """The fit's objective from its definition, in phi = (y0, c, z_star, log b)."""
    y0, c, z_star, log_b = phi
    b = math.exp(log_b)
    height = c * (1.0 - y0)
    u = y - y0 - height * expit(b * (z - z_star))
    loss = np.logaddexp(0.0, kappa * u) / kappa + (tau - 1.0) * u
    return float(np.sum(w * loss) / np.sum(w) + lam * b * b)


PHI = np.array([0.25, 0.7, 23.2, math.log(1.2)])


def test_bounds_and_weights():
    z, y, w = _data()
    problem = FitProblem(z, y, w)
    assert problem.w.sum() == pytest.approx(1.0, abs=1e-15)
    np.testing.assert_array_equal(problem.lo, [0.0, 0.0, z.min(), math.log(0.05)])
    np.testing.assert_array_equal(problem.hi, [1.0, 1.0, z.max(), math.log(50.0)])
    assert (B_MIN, B_MAX) == (0.05, 50.0) and LOG_B == (math.log(0.05), math.log(50.0))
    assert np.all(np.diff(problem.z) >= 0)
    ties = np.diff(problem.z) == 0
    assert ties.any() and np.all(np.diff(problem.y)[ties] >= 0)  # sorted by (z, y)
    np.testing.assert_array_equal(problem.uz, np.unique(z))
    assert problem.inverse is not None
    assert FitProblem(*_data(repeats=False)).inverse is None


@pytest.mark.parametrize("repeats", [True, False], ids=["shared-z", "distinct-z"])
@pytest.mark.parametrize("kappa", [30.0, 400.0, 3000.0])
def test_objective_matches_its_definition(repeats, kappa):
    z, y, w = _data(repeats=repeats)
    problem = FitProblem(z, y, w)
    f = problem.terms(PHI, TAU, kappa, LAM, hessian=None)
    assert f == pytest.approx(_objective(z, y, w, PHI, TAU, kappa, LAM), rel=1e-12)


@pytest.mark.parametrize("repeats", [True, False], ids=["shared-z", "distinct-z"])
@pytest.mark.parametrize("kappa", [30.0, 400.0, 3000.0])
def test_gradient_and_hessian_match_finite_differences(repeats, kappa):
    z, y, w = _data(repeats=repeats)
    problem = FitProblem(z, y, w)
    f, g, H = problem.terms(PHI, TAU, kappa, LAM)
    h = 1e-5
    fd_g = np.empty(4)
    fd_H = np.empty((4, 4))
    for i in range(4):
        e = np.zeros(4)
        e[i] = h
        plus = _objective(z, y, w, PHI + e, TAU, kappa, LAM)
        minus = _objective(z, y, w, PHI - e, TAU, kappa, LAM)
        fd_g[i] = (plus - minus) / (2 * h)
        _, g_plus = problem.terms(PHI + e, TAU, kappa, LAM, hessian=False)
        _, g_minus = problem.terms(PHI - e, TAU, kappa, LAM, hessian=False)
        fd_H[:, i] = (g_plus - g_minus) / (2 * h)
    np.testing.assert_allclose(g, fd_g, rtol=1e-5, atol=1e-8)
    np.testing.assert_allclose(H, fd_H, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(H, H.T, atol=1e-14)


def test_presorted_gives_the_same_terms():
    z, y, w = _data()
    sorted_problem = FitProblem(z, y, w)
    again = FitProblem(
        sorted_problem.z,
        sorted_problem.y,
        sorted_problem.w,
        presorted=np.unique(sorted_problem.z, return_inverse=True),
    )
    f1, g1, H1 = sorted_problem.terms(PHI, TAU, 50.0, LAM)
    f2, g2, H2 = again.terms(PHI, TAU, 50.0, LAM)
    assert f1 == pytest.approx(f2, rel=1e-14)
    np.testing.assert_allclose(g1, g2, rtol=1e-12)
    np.testing.assert_allclose(H1, H2, rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("seed", [0, 1])
def test_newton_reaches_scipys_optimum(seed):
    z, y, w = _data(seed=seed, n=200)
    kappa = 50.0
    problem = FitProblem(z, y, w)
    start = np.array([0.1, 0.5, 22.0, 0.0])
    phi, f, converged = problem.newton(start, TAU, kappa, LAM)
    assert converged
    assert f == pytest.approx(_objective(z, y, w, phi, TAU, kappa, LAM), rel=1e-12)

    bounds = list(zip(problem.lo, problem.hi, strict=True))
    reference = minimize(
        lambda p: _objective(z, y, w, p, TAU, kappa, LAM),
        start,
        method="L-BFGS-B",
        bounds=bounds,
        options={"ftol": 1e-15, "gtol": 1e-10, "maxiter": 10_000},
    )
    assert f <= reference.fun + 1e-10
    assert f == pytest.approx(reference.fun, rel=1e-7)
    np.testing.assert_allclose(phi, reference.x, rtol=2e-3, atol=2e-3)
    # A plausible boundary: the floor below the data's 0.2 + noise, the midpoint near 23.
    assert 0.0 < phi[0] < 0.4 and 22.0 < phi[2] < 24.5


def test_newton_converges_in_few_full_steps():
    # Damped Newton with full steps near the optimum: 14-15 iterations here; a solver
    # taking shortened steps (or gradient descent) needs far more.
    z, y, w = _data(seed=0, n=200)
    problem = FitProblem(z, y, w)
    start = np.array([0.1, 0.5, 22.0, 0.0])
    assert problem.newton(start, TAU, 50.0, LAM, max_iter=25)[2]
    assert not problem.newton(start, TAU, 50.0, LAM, max_iter=3)[2]


def test_newton_from_a_start_outside_the_box_stays_inside():
    z, y, w = _data(n=150)
    problem = FitProblem(z, y, w)
    phi, _, _ = problem.newton(np.array([-1.0, 2.0, 30.0, 10.0]), TAU, 50.0, LAM)
    assert np.all(phi >= problem.lo) and np.all(phi <= problem.hi)


def test_subsample_is_evenly_spaced_in_sorted_order():
    z, y, w = _data(n=101)
    problem = FitProblem(z, y, w)
    assert problem.subsample(101) is problem
    small = problem.subsample(11)
    idx = np.array([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100])  # linspace(0, 100, 11)
    np.testing.assert_array_equal(small.z, problem.z[idx])
    np.testing.assert_array_equal(small.y, problem.y[idx])
    np.testing.assert_allclose(small.w, problem.w[idx] / problem.w[idx].sum())


def test_symmetric_eigen_is_numpy_eigh_bit_for_bit():
    """The Newton step's eigen-decomposition skips numpy's wrapper, not its LAPACK call."""
    rng = np.random.default_rng(11)
    for size in (1, 2, 3, 4):
        for _ in range(200):
            a = rng.normal(size=(size, size)) * 10.0 ** rng.uniform(-8, 8)
            H = a + a.T
            values, vectors = symmetric_eigen(H)
            expected_values, expected_vectors = np.linalg.eigh(H)
            assert np.array_equal(values, expected_values)
            assert np.array_equal(vectors, expected_vectors)


def test_symmetric_eigen_gives_numpys_answer_for_nan_and_inf_entries():
    for bad in (np.nan, np.inf, -np.inf):
        H = np.eye(4)
        H[2, 2], H[1, 2], H[2, 1] = bad, 0.5, 0.5
        values, vectors = symmetric_eigen(H)
        expected_values, expected_vectors = np.linalg.eigh(H)
        assert np.array_equal(values, expected_values, equal_nan=True)
        assert np.array_equal(vectors, expected_vectors, equal_nan=True)
