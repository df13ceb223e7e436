"""Objective, gradient and Hessian of one boundary fit, for the Newton solver of ``sigmoid_fit``.

The objective is the smoothed pinball loss of ``core.frontier.boundary.loss`` plus the slope
penalty, in the solver's coordinates phi = (y0, c, z_star, log b) with L = c * (1 - y0).
Two things make this the fast path of every fit and bootstrap refit:

- No BLAS on long vectors. OpenBLAS splits a long ``ddot`` over threads; on the shared
  2-core machine at load 8 one dot of 40,000 rows took 8 ms against 0.01 ms for
  ``np.einsum`` (``docs/engineering-notes.md``, h13fr), and one evaluation of the terms
  208 ms against 22 ms.
- Rows far from the boundary are cheap. Where |kappa u| >= ``FAR`` the softplus equals
  max(kappa u, 0) and the logistic weight is 0 or 1 to within e^-40 (below one unit in
  the last place of the objective), so the transcendental functions and the curvature
  are evaluated on the rows near the boundary only. With the sharp estimator's last
  kappa (5,000) that is a few percent of the rows.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit

try:  # np.einsum's C function, without the array-function dispatch around it
    from numpy._core.multiarray import c_einsum as einsum
except ImportError:  # pragma: no cover - another numpy: the public function
    einsum = np.einsum

#: |kappa u| beyond which a row's softplus is max(kappa u, 0) and its weight is 0 or 1.
FAR = 40.0

_IDENTITY = np.eye(4)


def dot(a: np.ndarray, b: np.ndarray) -> float:
    """Dot product of two long vectors without BLAS (see the module docstring).

    ``einsum`` is the C function behind ``np.einsum`` (the same result bit for bit; a test
    checks): its Python dispatch costs 0.5 us a call, and a bootstrap of six boundaries
    makes 250,000 of these calls (5% of its time).
    """
    return einsum("i,i->", a, b)


def _near(ku: np.ndarray):
    """Indices of the rows with |kappa u| < FAR, or None when most rows are near."""
    near = (np.abs(ku) < FAR).nonzero()[0]
    return None if near.size > ku.size // 2 else near


def softplus(ku: np.ndarray, near) -> np.ndarray:
    """``log(1 + exp(ku))`` (as ``np.logaddexp(0, ku)``), exact on the ``near`` rows."""
    if near is None:
        return np.logaddexp(0.0, ku)
    out = np.maximum(ku, 0.0)
    out[near] += np.log1p(np.exp(-np.abs(ku[near])))  # max(k, 0) + log1p(exp(-|k|))
    return out


def logistic(ku: np.ndarray, near) -> np.ndarray:
    """``expit(ku)``, exact on the ``near`` rows (0 or 1 elsewhere)."""
    if near is None:
        return expit(ku)
    out = (ku > 0.0).astype(float)
    out[near] = expit(ku[near])
    return out


def objective_terms(uz, inverse, y, w, phi, tau, kappa, lam, hessian=True, cache=None):
    """Objective, gradient and (optionally) Hessian in phi = (y0, c, z_star, log b).

    Parameters
    ----------
    uz : numpy.ndarray
        Distinct compute values z, sorted.
    inverse : numpy.ndarray or None
        Index into ``uz`` of each row; None when every row has its own z (rows sorted).
    y, w : numpy.ndarray
        Scores and weights (summing to 1) of the rows.
    phi : array_like
        (y0, c, z_star, log b).
    tau, kappa, lam : float
        Quantile level, smoothing and slope penalty.
    hessian : bool or None
        None: the objective only; False: objective and gradient; True: all three.
    cache : dict, optional
        Keeps the residuals of the last point evaluated: Newton evaluates the objective
        at a trial point, then (when it accepts the step) the Hessian at the same point.

    Notes
    -----
    A bootstrap replicate evaluates these terms tens of thousands of times on a few
    thousand rows, so numpy's per-call overhead is much of the cost: the long vectors are
    updated in place where the arithmetic allows it, and each value is computed by the
    same operations in the same order as the plain expressions in the comments (the
    refits are bit for bit the same, ``benchmarks/frontier_bootstrap_refits.py``).
    """
    phi = np.asarray(phi, dtype=float)
    y0, c, z_star, log_b = phi.tolist()
    L, b = c * (1.0 - y0), np.exp(log_b)
    key = (phi.tobytes(), tau, kappa, lam)
    if cache is not None and cache.get("key") == key:
        dz_u, s_u, u, ku, near, obj = cache["value"]
    else:
        dz_u = uz - z_star
        s_u = expit(b * dz_u)
        s = s_u if inverse is None else s_u.take(inverse)
        u = y - y0
        u -= L * s  # u = y - y0 - L * s
        ku = kappa * u
        near = _near(ku)
        loss = softplus(ku, near)
        loss /= kappa
        loss += (tau - 1.0) * u  # softplus / kappa + (tau - 1) u
        obj = dot(w, loss) + lam * b * b
        if cache is not None:
            cache["key"], cache["value"] = key, (dz_u, s_u, u, ku, near, obj)
    if hessian is None:
        return obj
    p = logistic(ku, near)
    rows = np.arange(y.size) if near is None else near
    pr = p[rows]
    p += tau
    p -= 1.0
    p *= w  # wr = w * (p + tau - 1)
    wr = p
    # Reduce per-row weights to per-distinct-z sums: q depends on z only.
    wr_u = wr if inverse is None else np.bincount(inverse, wr, uz.size)
    sp_u = s_u * (1.0 - s_u)
    t_sp = dot(wr_u, sp_u)
    t_dz_sp = einsum("i,i,i->", wr_u, dz_u, sp_u)
    g = -np.array([wr_u.sum(), dot(wr_u, s_u), -L * b * t_sp, L * b * t_dz_sp])
    g[3] += 2.0 * lam * b * b
    jac = _IDENTITY.copy()  # d(y0, L, z_star, log b) / d phi: the identity but for row 1
    jac[1, 0], jac[1, 1] = -c, 1.0 - y0
    g_phi = jac.T @ g
    if not hessian:
        return obj, g_phi
    # Gauss-Newton part: rows with curvature kappa p (1 - p) > 0 only.
    at = rows if inverse is None else inverse[rows]
    h = w[rows] * kappa * pr * (1.0 - pr)
    sp_r = sp_u[at]
    dq = np.empty((4, rows.size))
    dq[0] = 1.0
    dq[1] = s_u[at]
    dq[2] = -L * b * sp_r
    dq[3] = L * b * dz_u[at] * sp_r
    H = einsum("ij,j,kj->ik", dq, h, dq)
    spp_u = sp_u * (1.0 - 2.0 * s_u)
    t_spp = dot(wr_u, spp_u)
    t_dz_spp = einsum("i,i,i->", wr_u, dz_u, spp_u)
    t_dz2_spp = einsum("i,i,i,i->", wr_u, dz_u, dz_u, spp_u)
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
