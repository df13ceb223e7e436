"""The fast paths of the fit (h13boot) compute the same numbers as the plain numpy code.

``objective_terms`` updates long vectors in place and builds small arrays directly, and
``FitProblem.newton`` keeps its 4-vector bookkeeping on plain floats; both are meant to
do the same floating-point operations as the code they replaced, so that every fit and
bootstrap refit is bit for bit what it was. The plain code is kept below verbatim (from
commit 20b84b5) and compared with ``==``, not with a tolerance.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import expit

from core.frontier.boundary.fit_newton import LOG_B, FitProblem, _room
from core.frontier.boundary.fit_terms import FAR, objective_terms
from tests.core.frontier.sigmoid_rows import sigmoid_rows


def dot(a, b):
    """The reference's dot product: numpy's public einsum (the code under test calls its C
    function directly; the results must be the same bits)."""
    return np.einsum("i,i->", a, b)


def plain_near(ku):
    near = np.flatnonzero(np.abs(ku) < FAR)
    return None if near.size > ku.size // 2 else near


def plain_softplus(ku, near):
    if near is None:
        return np.logaddexp(0.0, ku)
    out = np.maximum(ku, 0.0)
    k = ku[near]
    out[near] = np.maximum(k, 0.0) + np.log1p(np.exp(-np.abs(k)))
    return out


def plain_logistic(ku, near):
    if near is None:
        return expit(ku)
    out = (ku > 0.0).astype(float)
    out[near] = expit(ku[near])
    return out


def plain_terms(uz, inverse, y, w, phi, tau, kappa, lam, hessian=True):
    y0, c, z_star, log_b = phi
    L, b = c * (1.0 - y0), np.exp(log_b)
    dz_u = uz - z_star
    s_u = expit(b * dz_u)
    s = s_u if inverse is None else s_u[inverse]
    u = y - y0 - L * s
    ku = kappa * u
    near = plain_near(ku)
    obj = dot(w, plain_softplus(ku, near) / kappa + (tau - 1.0) * u) + lam * b * b
    if hessian is None:
        return obj
    p = plain_logistic(ku, near)
    wr = w * (p + tau - 1.0)
    # Reduce per-row weights to per-distinct-z sums: q depends on z only.
    wr_u = wr if inverse is None else np.bincount(inverse, wr, uz.size)
    sp_u = s_u * (1.0 - s_u)
    t_sp = dot(wr_u, sp_u)
    t_dz_sp = np.einsum("i,i,i->", wr_u, dz_u, sp_u)
    g = -np.array([wr_u.sum(), dot(wr_u, s_u), -L * b * t_sp, L * b * t_dz_sp])
    g[3] += 2.0 * lam * b * b
    jac = np.eye(4)
    jac[1, 0], jac[1, 1] = -c, 1.0 - y0
    g_phi = jac.T @ g
    if not hessian:
        return obj, g_phi
    # Gauss-Newton part: rows with curvature kappa p (1 - p) > 0 only.
    rows = np.arange(y.size) if near is None else near
    at = rows if inverse is None else inverse[rows]
    pr = p[rows]
    h = w[rows] * kappa * pr * (1.0 - pr)
    s_r, sp_r = s_u[at], sp_u[at]
    dq = np.stack([np.ones(rows.size), s_r, -L * b * sp_r, L * b * dz_u[at] * sp_r])
    H = np.einsum("ij,j,kj->ik", dq, h, dq)
    spp_u = sp_u * (1.0 - 2.0 * s_u)
    t_spp = dot(wr_u, spp_u)
    t_dz_spp = np.einsum("i,i,i->", wr_u, dz_u, spp_u)
    t_dz2_spp = np.einsum("i,i,i,i->", wr_u, dz_u, dz_u, spp_u)
    H[1, 2] += b * t_sp
    H[1, 3] -= b * t_dz_sp
    H[2, 2] -= L * b * b * t_spp
    H[2, 3] += L * b * (t_sp + b * t_dz_spp)
    H[3, 3] -= L * b * (t_dz_sp + b * t_dz2_spp)
    H[3, 3] += 4.0 * lam * b * b
    H[2, 1], H[3, 1], H[3, 2] = H[1, 2], H[1, 3], H[2, 3]
    H_phi = jac.T @ H @ jac
    H_phi[0, 1] -= g[1]
    H_phi[1, 0] -= g[1]
    return obj, g_phi, H_phi


def plain_newton(problem, phi, tau, kappa, lam, max_iter=200, tol=1e-13, shrink=100.0):
    lo, hi = problem.lo, problem.hi
    phi = np.clip(phi, lo, hi)
    f, g, H = problem.terms(phi, tau, kappa, lam)
    mu = 1e-6 * max(np.max(np.abs(np.diag(H))), 1e-12)
    for _ in range(max_iter):
        at_lo = (phi - lo <= 1e-9) & (g > 0)
        at_hi = (hi - phi <= 1e-9) & (g < 0)
        free = ~(at_lo | at_hi)
        if not free.any() or np.max(np.abs(g[free])) < 1e-12:
            return phi, f, True
        evals, evecs = np.linalg.eigh(H[np.ix_(free, free)])
        proj = evecs.T @ g[free]
        for _ in range(60):
            d = np.zeros(4)
            d[free] = -evecs @ (proj / (np.abs(evals) + mu))
            trial = np.clip(phi + d, lo, hi)
            f_trial = problem.terms(trial, tau, kappa, lam, hessian=None)
            # Also try stopping where the first coordinate meets its bound, which
            # avoids crawling along a face when the clipped step bends the path.
            with np.errstate(divide="ignore", invalid="ignore"):
                room = np.where(d > 0, (hi - phi) / d, np.where(d < 0, (lo - phi) / d, 1.0))
            alpha = float(np.min(room))
            if 1e-6 < alpha < 1.0:
                stop = np.clip(phi + alpha * d, lo, hi)
                f_stop = problem.terms(stop, tau, kappa, lam, hessian=None)
                if f_stop < f_trial:
                    trial, f_trial = stop, f_stop
            if f_trial <= f + 1e-4 * (g @ (trial - phi)):
                mu = mu / shrink
                break
            mu = max(mu * 10.0, 1e-14)
        else:
            return phi, f, bool(np.max(np.abs(g[free])) < 1e-7)
        gain = f - f_trial
        phi = trial
        f, g, H = problem.terms(phi, tau, kappa, lam)
        if gain <= tol:
            return phi, f, True
    return phi, f, False


def _problem(ties: bool, seed: int = 0, n: int = 1500) -> FitProblem:
    z, y, w = sigmoid_rows(n, ties, seed)
    keep = w > 0
    return FitProblem(z[keep], y[keep], w[keep])


PHIS = [
    [0.08, 0.62, 23.1, np.log(1.4)],
    [0.0, 1.0, 25.0, LOG_B[0]],  # at bounds
    [0.3, 0.2, 21.0, LOG_B[1]],
]


@pytest.mark.parametrize("ties", [False, True])
@pytest.mark.parametrize("kappa", [10.0, 50.0, 5000.0])
@pytest.mark.parametrize("phi", PHIS)
def test_terms_are_bit_for_bit_the_plain_code(ties, kappa, phi):
    problem = _problem(ties)
    args = (problem.uz, problem.inverse, problem.y, problem.w)
    for hessian in (None, False, True):
        fast = objective_terms(*args, np.array(phi), 0.98, kappa, 1e-5, hessian, {})
        plain = plain_terms(*args, np.array(phi), 0.98, kappa, 1e-5, hessian)
        if hessian is None:
            assert fast == plain
        else:
            for a, b in zip(fast, plain, strict=True):
                np.testing.assert_array_equal(a, b)


def test_the_cache_returns_the_terms_of_the_same_point_only():
    # Newton evaluates a trial point, then the Hessian there: the cache must hit on the
    # very same point and on nothing else, however close.
    phi = np.array(PHIS[0])
    for moved_by in (1e-6, None):
        moved = phi.copy()
        moved[2] = moved[2] + moved_by if moved_by else np.nextafter(moved[2], 30.0)
        problem = _problem(True)
        at_phi = problem.terms(phi, 0.98, 5000.0, 1e-5, hessian=None)
        cached = problem.terms(moved, 0.98, 5000.0, 1e-5)
        fresh = _problem(True).terms(moved, 0.98, 5000.0, 1e-5)
        for a, b in zip(cached, fresh, strict=True):
            np.testing.assert_array_equal(a, b)
        if moved_by:
            assert cached[0] != at_phi
        again = problem.terms(moved, 0.98, 5000.0, 1e-5, hessian=None)
        assert again == cached[0]


def test_room_is_the_numpy_expression():
    rng = np.random.default_rng(3)
    lo, hi = np.array([0.0, 0.0, 21.0, LOG_B[0]]), np.array([1.0, 1.0, 25.0, LOG_B[1]])
    for _ in range(2000):
        phi = rng.uniform(lo, hi)
        d = rng.normal(0.0, 0.6, 4) * (rng.uniform(size=4) < 0.8)  # some zero steps
        with np.errstate(divide="ignore", invalid="ignore"):
            room = np.where(d > 0, (hi - phi) / d, np.where(d < 0, (lo - phi) / d, 1.0))
        plain = float(np.min(room))
        fast = _room(phi.tolist(), d.tolist(), lo.tolist(), hi.tolist())
        assert fast == min(plain, 1.0)


@pytest.mark.parametrize("ties", [False, True])
@pytest.mark.parametrize("shrink", [100.0, 30.0])
@pytest.mark.parametrize(
    "start",
    [
        [0.1, 0.5, 23.0, 0.3],
        [0.0, 1.0, 25.0, LOG_B[0]],  # on the bounds: the free set shrinks
        [0.45, 0.05, 20.0, LOG_B[1]],
    ],
)
def test_newton_is_bit_for_bit_the_plain_code(ties, shrink, start):
    for kappa in (50.0, 5000.0):
        fast = _problem(ties, seed=5).newton(np.array(start), 0.98, kappa, 1e-5, shrink=shrink)
        plain = plain_newton(
            _problem(ties, seed=5), np.array(start), 0.98, kappa, 1e-5, shrink=shrink
        )
        np.testing.assert_array_equal(fast[0], plain[0])
        assert fast[1:] == plain[1:]


def test_newton_stops_on_a_face_when_few_iterations_are_left():
    # max_iter caps the solve; both codes report the same unconverged point.
    fast = _problem(True).newton(np.array([0.1, 0.5, 23.0, 0.3]), 0.98, 5000.0, 1e-5, max_iter=3)
    plain = plain_newton(
        _problem(True), np.array([0.1, 0.5, 23.0, 0.3]), 0.98, 5000.0, 1e-5, max_iter=3
    )
    np.testing.assert_array_equal(fast[0], plain[0])
    assert fast[1:] == plain[1:] and fast[2] is False


class _Rejecting:
    """A problem whose every trial point is worse: the line search gives up after 60."""

    lo, hi = np.array([0.0, 0.0, 21.0, LOG_B[0]]), np.array([1.0, 1.0, 25.0, LOG_B[1]])

    def __init__(self, gradient):
        self.gradient = np.array(gradient)

    def terms(self, phi, tau, kappa, lam, hessian=True):
        if hessian is None:
            return 1.0
        return 0.5, self.gradient, np.diag([2.0, 3.0, 4.0, 5.0])


@pytest.mark.parametrize("largest", [5e-8, 5e-7])
def test_a_line_search_that_fails_reports_convergence_by_the_gradient(largest):
    start = np.array([0.5, 0.5, 23.0, 0.0])
    gradient = [largest, -largest / 2, 0.0, largest / 3]
    fast = FitProblem.newton(_Rejecting(gradient), start, 0.98, 50.0, 1e-5)
    plain = plain_newton(_Rejecting(gradient), start, 0.98, 50.0, 1e-5)
    np.testing.assert_array_equal(fast[0], start)
    assert fast[1:] == plain[1:] == (0.5, largest < 1e-7)
