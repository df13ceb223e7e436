"""The fit's fast objective terms equal the direct formulas; bootstrap rows are sorted once.

The reference below evaluates the smoothed pinball objective, its gradient and Hessian on
every row with ``np.logaddexp``/``expit`` and per-z sums by ``np.bincount`` (the code
before h13fr); ``objective_terms`` skips the far rows' transcendental functions and
curvature and uses no BLAS on long vectors.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import expit

from core.frontier.boundary import fit_terms
from core.frontier.boundary.bootstrap import _SortedRows
from core.frontier.boundary.fit_newton import FitProblem
from core.frontier.boundary.fit_terms import FAR, _near
from tests.core.frontier.sigmoid_rows import sigmoid_rows


def reference_terms(z, y, w, phi, tau, kappa, lam):
    """Objective, gradient and Hessian in phi = (y0, c, z_star, log b), every row."""
    w = w / w.sum()
    y0, c, z_star, log_b = phi
    L, b = c * (1.0 - y0), np.exp(log_b)
    dz = z - z_star
    s = expit(b * dz)
    u = y - y0 - L * s
    ku = kappa * u
    obj = np.sum(w * (np.logaddexp(0.0, ku) / kappa + (tau - 1.0) * u)) + lam * b * b
    p = expit(ku)
    wr = w * (p + tau - 1.0)
    sp = s * (1.0 - s)
    dq = np.stack([np.ones_like(z), s, -L * b * sp, L * b * dz * sp])
    g = -(dq @ wr)
    g[3] += 2.0 * lam * b * b
    jac = np.eye(4)
    jac[1, 0], jac[1, 1] = -c, 1.0 - y0
    H = (dq * (w * kappa * p * (1.0 - p))) @ dq.T
    spp = sp * (1.0 - 2.0 * s)
    bdz = b * dz
    H[1, 2] += np.sum(wr * b * sp)
    H[1, 3] -= np.sum(wr * bdz * sp)
    H[2, 2] -= np.sum(wr * L * b * b * spp)
    H[2, 3] += np.sum(wr * L * b * (sp + bdz * spp))
    H[3, 3] -= np.sum(wr * L * bdz * (sp + bdz * spp))
    H[3, 3] += 4.0 * lam * b * b
    H[2, 1], H[3, 1], H[3, 2] = H[1, 2], H[1, 3], H[2, 3]
    H_phi = jac.T @ H @ jac
    H_phi[0, 1] -= g[1]
    H_phi[1, 0] -= g[1]
    return obj, jac.T @ g, H_phi


@pytest.mark.parametrize("ties", [False, True])
@pytest.mark.parametrize("kappa", [10.0, 50.0, 5000.0])
def test_terms_equal_the_direct_formulas(ties, kappa):
    z, y, w = sigmoid_rows(3000, ties)
    keep = w > 0
    problem = FitProblem(z[keep], y[keep], w[keep])
    assert (problem.inverse is None) == (not ties)
    phi = np.array([0.08, 0.62, 23.1, np.log(1.4)])
    obj, g, H = problem.terms(phi, 0.98, kappa, 1e-5)
    ref_obj, ref_g, ref_H = reference_terms(z[keep], y[keep], w[keep], phi, 0.98, kappa, 1e-5)
    assert obj == pytest.approx(ref_obj, rel=1e-13)
    np.testing.assert_allclose(g, ref_g, rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(H, ref_H, rtol=1e-8, atol=1e-12 * np.abs(ref_H).max())
    assert problem.terms(phi, 0.98, kappa, 1e-5, hessian=None) == obj
    only_gradient = problem.terms(phi, 0.98, kappa, 1e-5, hessian=False)
    assert only_gradient[0] == obj
    np.testing.assert_array_equal(only_gradient[1], g)


def test_far_rows_are_skipped_only_at_a_sharp_kappa():
    z, y, _ = sigmoid_rows(3000, False)
    u = y - 0.08 - 0.62 * 0.92 * expit(1.4 * (z - 23.1))
    sharp = _near(5000.0 * u)
    assert sharp is not None and 0 < sharp.size < z.size // 2
    assert np.all(np.abs(5000.0 * u[sharp]) < FAR)
    assert _near(10.0 * u) is None  # smooth stages: every row is near, no selection


def test_sorted_rows_give_the_problem_of_the_resample():
    z, y, _ = sigmoid_rows(500, True, seed=1)
    rows = _SortedRows(z, y)
    rng = np.random.default_rng(2)
    for _ in range(5):
        weights = np.bincount(rng.integers(0, z.size, z.size), minlength=z.size).astype(float)
        keep = weights > 0
        fast, direct = rows.problem(weights), FitProblem(z[keep], y[keep], weights[keep])
        for name in ("z", "y", "w", "uz", "inverse", "lo", "hi"):
            np.testing.assert_array_equal(getattr(fast, name), getattr(direct, name))


@pytest.mark.parametrize(
    "subscripts, shapes",
    [
        ("i,i->", [(2321,), (2321,)]),
        ("i,i,i->", [(276,)] * 3),
        ("i,i,i,i->", [(276,)] * 4),
        ("ij,j,kj->ik", [(4, 57), (57,), (4, 57)]),
    ],
)
def test_the_einsum_of_the_terms_is_numpys_bit_for_bit(subscripts, shapes):
    """fit_terms calls np.einsum's C function directly (no dispatch): the same sums."""
    rng = np.random.default_rng(5)
    for _ in range(50):
        operands = [rng.normal(size=shape) * 10.0 ** rng.uniform(-6, 6) for shape in shapes]
        assert np.array_equal(
            fit_terms.einsum(subscripts, *operands), np.einsum(subscripts, *operands)
        )
