"""Bootstrap uncertainty for a capability boundary (a product addition, not in the paper).

Models are resampled with replacement and the boundary is refitted on each resample. When
a family column (base model) exists, whole families are resampled together, because
fine-tunes of one base share its compute and are not independent draws. The band is the
pointwise percentile interval of the refitted curves.

Resampling is done with integer weights (the multiplicity of each row), so a replicate
costs one weighted fit of the original rows. Each refit is warm-started: a projected
Newton solve of the final (tau, kappa) stage from the full-data fit, which a resample
barely moves; the grid screening and the (tau, kappa) continuation run only when that solve
does not converge. On the six OLL v2 boundaries the warm refits equal the full refits
(objective within 1e-17, parameters within 1e-7) at a fifteenth of the cost
(``benchmarks/frontier_scale.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from core.formatting import json_fields
from core.frontier.boundary.fit_newton import FitProblem
from core.frontier.boundary.sigmoid_fit import FrontierFit, continuation_stages, fit_frontier


@dataclass(frozen=True, slots=True)
class BootstrapBand:
    """Percentile band of bootstrap refits of one boundary.

    Attributes
    ----------
    fit : FrontierFit
        The fit on all data (the band's centre curve).
    params : numpy.ndarray, shape (n_resamples, 4)
        (y0, L, z_star, b) of each refit.
    confidence_level : float
    n_resamples : int
    n_clusters : int
        Resampling units: families when ``clustered``, else rows.
    clustered : bool
    seed : int
    widening : float
        Factor by which :meth:`interval` stretches the percentile band around the
        full-data boundary: 1 for the paper's estimator, ``SHARP_BAND_WIDENING`` for the
        sharp one (calibrated by seeded simulation, ``benchmarks/frontier_band_coverage.py``).
    """

    fit: FrontierFit
    params: np.ndarray
    confidence_level: float
    n_resamples: int
    n_clusters: int
    clustered: bool
    seed: int
    widening: float = 1.0

    def to_dict(self) -> dict:
        """The JSON-ready description of the band (``frontier --format json``'s bootstrap)."""
        unit = {"resampled_by": "family" if self.clustered else "model"}
        return json_fields(self, "n_resamples confidence_level") | unit | {"seed": self.seed}

    def replicate_predictions(self, log10_flops) -> np.ndarray:
        """Each refit's boundary at ``log10_flops``, shape (n_resamples, len(z))."""
        z = np.atleast_1d(np.asarray(log10_flops, float))
        y0, L, zs, b = (self.params[:, i, None] for i in range(4))
        return np.clip(y0 + L / (1.0 + np.exp(-b * (z[None, :] - zs))), 0.0, 1.0)

    def interval(self, log10_flops, confidence_level: float | None = None):
        """Pointwise band (low, high) of the boundary at ``log10_flops``.

        The percentile interval of the refits, with each side's distance from the
        full-data boundary multiplied by ``widening`` (clipped to [0, 1]).
        """
        level = self.confidence_level if confidence_level is None else confidence_level
        reps = self.replicate_predictions(log10_flops)
        alpha = (1.0 - level) / 2.0
        low, high = np.quantile(reps, alpha, axis=0), np.quantile(reps, 1.0 - alpha, axis=0)
        if self.widening == 1.0:
            return low, high
        centre = self.fit.predict(np.atleast_1d(np.asarray(log10_flops, float)))
        return (
            np.clip(centre - self.widening * (centre - low), 0.0, 1.0),
            np.clip(centre + self.widening * (high - centre), 0.0, 1.0),
        )

    def band(self, grid_points: int = 200):
        """(z grid over the training range, centre, low, high) for charts."""
        z = np.linspace(self.fit.log10_flops_min, self.fit.log10_flops_max, grid_points)
        low, high = self.interval(z)
        return z, self.fit.predict(z), low, high


#: Stretch of the sharp estimator's percentile band. Its refits lean on the few models
#: above a high quantile (6 of 300 at tau = 0.98), so the plain percentile band is too
#: narrow: it covered the true boundary 77% of the time for a nominal 90% in seeded
#: simulations; stretched by this factor, 87-89% (see ``docs/engineering-notes.md``).
SHARP_BAND_WIDENING = 1.5


#: Damping decrease after an accepted step of the warm refit's Newton solve (the whole fit
#: divides by 100). A warm start sits on the kinks of the almost unsmoothed loss, where a
#: full Newton step often overshoots: keeping more damping after a success costs fewer
#: rejected trials. On the six OLL v2 boundaries (200 resamples each) it takes 21% fewer
#: evaluations and 11 fewer whole-fit fallbacks; 10% fewer on the simulated data sets of
#: ``benchmarks/frontier_band_coverage.py``, same coverage (``docs/engineering-notes.md``,
#: h13boot).
WARM_SHRINK = 30.0


def bootstrap_frontier(
    log10_flops,
    score,
    fit: FrontierFit | None = None,
    *,
    clusters=None,
    n_resamples: int = 200,
    confidence_level: float = 0.90,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> BootstrapBand:
    """Bootstrap band for the boundary of ``score`` on ``log10_flops``.

    Parameters
    ----------
    log10_flops, score : array_like
        The data the boundary was fitted on.
    fit : FrontierFit, optional
        The full-data fit; fitted with default options when None. Its tau, kappa,
        lambda_b and method are used for every refit.
    clusters : array_like, optional
        Family (base model) of each row; whole families are resampled together.
    n_resamples : int
        Bootstrap replicates (200 gives stable 90% percentile bands).
    confidence_level : float
        Level of the pointwise band, 0.90 by default.
    seed : int
        Seed of the resampling (numpy default_rng).
    progress : callable, optional
        Called as ``progress(done, n_resamples)`` after each replicate (a progress bar on
        the page, a line on stderr in the command line).

    Returns
    -------
    BootstrapBand

    Notes
    -----
    A percentile band for a high quantile is only as good as the data near the top: with
    tau = 0.98 each refit leans on the best 2% of models, so the band is wide where few
    models exist and it does not cover errors in compute estimates or model selection
    effects. Checked by simulation from a known sigmoid in the test suite.
    """
    z = np.asarray(log10_flops, float)
    y = np.asarray(score, float)
    if not 0.0 < confidence_level < 1.0:
        raise ValueError(f"confidence_level must be in (0, 1), got {confidence_level}")
    if n_resamples < 10:
        raise ValueError(f"use at least 10 resamples, got {n_resamples}")
    fit = fit or fit_frontier(z, y)
    if clusters is None:
        codes = np.arange(z.size)
    else:
        _, codes = np.unique(np.asarray(clusters).astype(str), return_inverse=True)
    n_clusters = int(codes.max()) + 1
    rng = np.random.default_rng(seed)
    params = np.empty((n_resamples, 4))
    rows = _SortedRows(z, y)
    for r in range(n_resamples):
        draws = np.bincount(rng.integers(0, n_clusters, n_clusters), minlength=n_clusters)
        weights = draws[codes].astype(float)
        if np.ptp(z[weights > 0]) <= 0:
            weights = np.ones_like(z)  # degenerate draw: one compute value only
        params[r] = _refit(z, y, weights, fit, rows)
        if progress is not None:
            progress(r + 1, n_resamples)
    return BootstrapBand(
        fit,
        params,
        float(confidence_level),
        int(n_resamples),
        n_clusters,
        clusters is not None,
        int(seed),
        SHARP_BAND_WIDENING if fit.method == "sharp" else 1.0,
    )


class _SortedRows:
    """The rows sorted once by (z, y), as every refit's :class:`FitProblem` sorts them.

    A resample keeps the rows with a positive weight; the sorted order of a subset is the
    subset of the sorted order (the sort is stable), so each refit only selects.
    """

    def __init__(self, z: np.ndarray, y: np.ndarray):
        self.order = np.lexsort((y, z))
        self.z, self.y = z[self.order], y[self.order]
        self.uz, self.inverse = np.unique(self.z, return_inverse=True)

    def problem(self, weights: np.ndarray) -> FitProblem:
        """The weighted problem of the rows with a positive weight (original order)."""
        w = weights[self.order]
        keep = w > 0
        inverse = self.inverse[keep]
        present = np.zeros(self.uz.size, bool)
        present[inverse] = True
        renumber = np.cumsum(present) - 1
        return FitProblem(
            self.z[keep], self.y[keep], w[keep], presorted=(self.uz[present], renumber[inverse])
        )


def _refit(
    z: np.ndarray,
    y: np.ndarray,
    weights: np.ndarray,
    fit: FrontierFit,
    rows: _SortedRows | None = None,
) -> tuple:
    """(y0, L, z_star, b) of the boundary refitted with these row weights.

    Warm start: the last stage of :func:`fit_frontier`'s continuation for the fit's method
    (for "sharp", kappa x 100 with the penalty shrunk in proportion), solved by Newton from
    the full-data fit with the same tolerance (and the damping of ``WARM_SHRINK``). When it
    does not converge, the whole fit runs, with the full-data fit as an extra start.
    """
    if rows is None:
        keep = weights > 0
        problem = FitProblem(z[keep], y[keep], weights[keep])
    else:
        problem = rows.problem(weights)
    tau, kappa = continuation_stages(fit.tau, fit.kappa, fit.method)[-1]
    lam = fit.lambda_b * min(1.0, fit.kappa / kappa)
    y0, L = fit.y0, fit.L
    start = np.array([y0, min(L / (1.0 - y0), 1.0) if y0 < 1.0 else 0.0, fit.z_star, np.log(fit.b)])
    phi, _, converged = problem.newton(start, tau, kappa, lam, tol=1e-14, shrink=WARM_SHRINK)
    if converged:
        y0_hat, c_hat, z_star, log_b = (float(v) for v in phi)
        return y0_hat, c_hat * (1.0 - y0_hat), z_star, float(np.exp(log_b))
    options = {"tau": fit.tau, "kappa": fit.kappa, "lambda_b": fit.lambda_b, "method": fit.method}
    refit = fit_frontier(z, y, weights=weights, n_survivors=2, extra_starts=(fit,), **options)
    return refit.y0, refit.L, refit.z_star, refit.b
