"""The Newton solve of one boundary fit: data sorted once, a projected, damped Newton method.

Works in the coordinates phi = (y0, c, z_star, log b) with L = c * (1 - y0), in which the
constraint y0 + L <= 1 is a box; the objective, gradient and analytic 4x4 Hessian come
from :func:`core.frontier.boundary.fit_terms.objective_terms`. The starts, the shape
screening and the continuation that call it are in :mod:`core.frontier.boundary.sigmoid_fit`.
"""

from __future__ import annotations

import numpy as np

from core.frontier.boundary.fit_terms import objective_terms

#: Bounds of the slope b (per decade of compute), and of log b.
B_MIN, B_MAX = 0.05, 50.0
LOG_B = (float(np.log(B_MIN)), float(np.log(B_MAX)))


class FitProblem:
    """Data of one fit, sorted, with the sigmoid evaluated once per distinct z."""

    def __init__(self, z, y, w, presorted=None):
        """``presorted``: (distinct z, index of each row into them) of rows already
        sorted by (z, y), to skip the sort (the bootstrap sorts once for all refits)."""
        if presorted is None:
            order = np.lexsort((y, z))
            z, y, w = z[order], y[order], w[order]
            uz, inverse = np.unique(z, return_inverse=True)
        else:
            uz, inverse = presorted
        self.z, self.y, self.w = z, y, w / w.sum()
        self.uz = uz
        # None when every row has its own z: the per-z sums are the rows themselves.
        self.inverse = None if uz.size == z.size else inverse
        self.lo = np.array([0.0, 0.0, self.z[0], LOG_B[0]])
        self.hi = np.array([1.0, 1.0, self.z[-1], LOG_B[1]])
        self._cache = {}  # residuals of the last point evaluated (see objective_terms)

    def subsample(self, max_points):
        """The problem on at most ``max_points`` rows, evenly spaced in sorted (z, y)."""
        n = self.z.size
        if n <= max_points:
            return self
        idx = np.linspace(0, n - 1, max_points).round().astype(int)
        return FitProblem(self.z[idx], self.y[idx], self.w[idx])

    def terms(self, phi, tau, kappa, lam, hessian=True):
        """Objective, gradient and (optionally) Hessian in phi = (y0, c, z_star, log b)
        (:func:`core.frontier.boundary.fit_terms.objective_terms`)."""
        return objective_terms(
            self.uz, self.inverse, self.y, self.w, phi, tau, kappa, lam, hessian, self._cache
        )

    def newton(self, phi, tau, kappa, lam, max_iter=200, tol=1e-13):
        """Projected, Levenberg-damped Newton on the box [lo, hi].

        A step solves (|H| + mu I) d = -g on the free coordinates (|H|: eigenvalues made
        positive); mu shrinks after a successful step and grows after a failed one.

        The 4-vector bookkeeping avoids numpy's slower paths (``np.ix_``, ``np.clip``,
        ``np.errstate``), which cost more than an evaluation of the terms on a
        bootstrap replicate; every number is computed by the same operations as before
        (h13boot), so results are bit for bit the same.
        """
        lo, hi = self.lo, self.hi
        lo_list, hi_list = lo.tolist(), hi.tolist()
        phi = np.clip(phi, lo, hi)
        f, g, H = self.terms(phi, tau, kappa, lam)
        mu = 1e-6 * max(np.max(np.abs(np.diag(H))), 1e-12)
        for _ in range(max_iter):
            at_lo = (phi - lo <= 1e-9) & (g > 0)
            at_hi = (hi - phi <= 1e-9) & (g < 0)
            free = ~(at_lo | at_hi)
            every = bool(free.all())
            if every:
                g_free, H_free = g, H
            elif not free.any():
                return phi, f, True
            else:
                g_free, H_free = g[free], H[free][:, free]
            if np.max(np.abs(g_free)) < 1e-12:
                return phi, f, True
            evals, evecs = np.linalg.eigh(H_free)
            proj = evecs.T @ g_free
            size = np.abs(evals)
            phi_list = phi.tolist()
            for _ in range(60):
                step = -evecs @ (proj / (size + mu))
                if every:
                    d = step
                else:
                    d = np.zeros(4)
                    d[free] = step
                trial = np.minimum(np.maximum(phi + d, lo), hi)  # np.clip, faster
                f_trial = self.terms(trial, tau, kappa, lam, hessian=None)
                # Also try stopping where the first coordinate meets its bound, which
                # avoids crawling along a face when the clipped step bends the path.
                alpha = _room(phi_list, d.tolist(), lo_list, hi_list)
                if 1e-6 < alpha < 1.0:
                    stop = np.clip(phi + alpha * d, lo, hi)
                    f_stop = self.terms(stop, tau, kappa, lam, hessian=None)
                    if f_stop < f_trial:
                        trial, f_trial = stop, f_stop
                if f_trial <= f + 1e-4 * (g @ (trial - phi)):
                    mu = mu / 100.0
                    break
                mu = max(mu * 10.0, 1e-14)
            else:
                return phi, f, bool(np.max(np.abs(g_free)) < 1e-7)
            gain = f - f_trial
            phi = trial
            f, g, H = self.terms(phi, tau, kappa, lam)
            if gain <= tol:
                return phi, f, True
        return phi, f, False


def _room(phi, d, lo, hi) -> float:
    """The largest fraction (at most 1) of the step ``d`` from ``phi`` inside [lo, hi].

    Plain floats (4 coordinates): the same divisions as the numpy expression
    ``min(where(d > 0, (hi - phi) / d, where(d < 0, (lo - phi) / d, 1)))``.
    """
    alpha = 1.0
    for p, step, low, high in zip(phi, d, lo, hi, strict=True):
        if step > 0.0:
            alpha = min(alpha, (high - p) / step)
        elif step < 0.0:
            alpha = min(alpha, (low - p) / step)
    return alpha
