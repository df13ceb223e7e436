"""The Newton solve of one boundary fit: data sorted once, a projected, damped Newton method.

Works in the coordinates phi = (y0, c, z_star, log b) with L = c * (1 - y0), in which the
constraint y0 + L <= 1 is a box; the objective, gradient and analytic 4x4 Hessian come
from :func:`core.frontier.boundary.fit_terms.objective_terms`. The starts, the shape
screening and the continuation that call it are in :mod:`core.frontier.boundary.sigmoid_fit`.
"""

from __future__ import annotations

import numpy as np

from core.frontier.boundary.fit_terms import objective_terms

try:  # LAPACK's dsyevd as np.linalg.eigh calls it, without the wrapper's checks (see below)
    from numpy.linalg._umath_linalg import eigh_lo as _eigh_lo
except ImportError:  # pragma: no cover - another numpy: the public function
    _eigh_lo = None


def symmetric_eigen(H: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues and eigenvectors of the small symmetric float matrix ``H``.

    The same LAPACK call as ``np.linalg.eigh(H)`` (bit for bit, NaN and inf entries
    included; a test checks), without its Python wrapper: on a 4 x 4 matrix the wrapper's
    type and shape checks and its ``errstate`` take half of the 4.5 us, and a bootstrap of
    six boundaries makes 25,000 of these calls (3% of its time). The one difference: where
    LAPACK does not converge, numpy raises ``LinAlgError`` and this returns NaN, which the
    Newton solve treats as a failed step (its line search rejects a NaN trial).
    """
    if _eigh_lo is None:
        return np.linalg.eigh(H)
    return _eigh_lo(H, signature="d->dd")


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

    def newton(self, phi, tau, kappa, lam, max_iter=200, tol=1e-13, shrink=100.0):
        """Projected, Levenberg-damped Newton on the box [lo, hi].

        A step solves (|H| + mu I) d = -g on the free coordinates (|H|: eigenvalues made
        positive); mu is divided by ``shrink`` after a successful step and multiplied by
        10 after a failed one.

        The 4-vector bookkeeping is done on plain floats where numpy's per-call overhead
        (``np.ix_``, ``np.clip``, ``np.errstate``, a dozen small ufuncs per step) cost
        more than an evaluation of the terms on a bootstrap replicate; every number is
        computed by the same operations as numpy's (matrix products stay in numpy), so
        results are bit for bit those of the plain vector code (h13boot).
        """
        lo, hi = self.lo, self.hi
        lo_list, hi_list = lo.tolist(), hi.tolist()
        phi = np.clip(phi, lo, hi)
        f, g, H = self.terms(phi, tau, kappa, lam)
        mu = 1e-6 * max(np.max(np.abs(np.diag(H))), 1e-12)
        for _ in range(max_iter):
            phi_list, g_list = phi.tolist(), g.tolist()
            free = [  # not at a bound that the gradient pushes against
                not ((p - low <= 1e-9 and gi > 0) or (high - p <= 1e-9 and gi < 0))
                for p, gi, low, high in zip(phi_list, g_list, lo_list, hi_list, strict=True)
            ]
            every = all(free)
            if every:
                g_free, H_free = g, H
            elif not any(free):
                return phi, f, True
            else:
                mask = np.array(free)
                g_free, H_free = g[mask], H[mask][:, mask]
            largest = max(abs(gi) for gi, ok in zip(g_list, free, strict=True) if ok)
            if largest < 1e-12:
                return phi, f, True
            evals, evecs = symmetric_eigen(H_free)
            proj = evecs.T @ g_free
            size, neg_evecs = np.abs(evals), -evecs
            for _ in range(60):
                step = neg_evecs @ (proj / (size + mu))
                if every:
                    d = step
                else:
                    d = np.zeros(4)
                    d[mask] = step
                d_list = d.tolist()
                trial = np.array(  # np.clip(phi + d, lo, hi), coordinate by coordinate
                    [
                        min(max(p + di, low), high)
                        for p, di, low, high in zip(phi_list, d_list, lo_list, hi_list, strict=True)
                    ]
                )
                f_trial = self.terms(trial, tau, kappa, lam, hessian=None)
                # Also try stopping where the first coordinate meets its bound, which
                # avoids crawling along a face when the clipped step bends the path.
                alpha = _room(phi_list, d_list, lo_list, hi_list)
                if 1e-6 < alpha < 1.0:
                    stop = np.clip(phi + alpha * d, lo, hi)
                    f_stop = self.terms(stop, tau, kappa, lam, hessian=None)
                    if f_stop < f_trial:
                        trial, f_trial = stop, f_stop
                if f_trial <= f + 1e-4 * (g @ (trial - phi)):
                    mu = mu / shrink
                    break
                mu = max(mu * 10.0, 1e-14)
            else:
                return phi, f, bool(largest < 1e-7)
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
