"""One boundary per time period: does the boundary at a given compute move over time?

The paper's central finding (Zhang et al., arXiv 2602.15327) is that the math boundary
advances every period while the others stay put. This module fits the boundary
separately on the models of each period (by upload or release date) and reads it at the
requested compute values.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.frontier.boundary.fit_settings import FitSettings, resolve_lambda
from core.frontier.boundary.sigmoid_fit import FrontierFit, fit_frontier
from core.frontier.history.backtest import warm_options
from core.frontier.history.periods import PeriodScheme

#: Fewest models a period needs for its own boundary.
MIN_PERIOD_MODELS = 10


@dataclass(frozen=True, slots=True)
class PeriodBoundary:
    """The boundary fitted on one period's models.

    ``fit`` is None (and ``scores`` all NaN) when the period has too few models or a
    single compute value; ``note`` then says why. ``extrapolated`` flags compute values
    outside the period's own compute range.
    """

    label: str
    n: int
    fit: FrontierFit | None
    flops: tuple[float, ...]
    scores: tuple[float, ...]
    extrapolated: tuple[bool, ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class PeriodBoundaries:
    """Boundaries of one benchmark, period by period, in time order."""

    task: str
    tau: float
    periods: tuple[PeriodBoundary, ...]
    n_without_period: int

    def change(self, i: int = 0) -> float:
        """Last fitted period's score minus the first one's at the ``i``-th compute value."""
        fitted = [p for p in self.periods if p.fit is not None]
        if len(fitted) < 2:
            return float("nan")
        return fitted[-1].scores[i] - fitted[0].scores[i]


def period_boundaries(
    log10_flops,
    score,
    dates,
    scheme: PeriodScheme,
    flops,
    *,
    task: str = "",
    settings: FitSettings | None = None,
    groups=None,
    min_models: int = MIN_PERIOD_MODELS,
    start: FrontierFit | None = None,
) -> PeriodBoundaries:
    """Fit the boundary on each period's models and read it at ``flops``.

    Parameters
    ----------
    log10_flops, score, dates : array_like
        One row per model; dates as datetime64 (missing dates fall in no period).
    scheme : PeriodScheme
        The periods (e.g. ``paper_oll_periods()`` or ``periods_from_cuts``).
    flops : sequence of float
        Compute values (FLOPs, not log) at which each period's boundary is read.
    task : str
        Benchmark name for the result.
    settings : FitSettings, optional
        tau, kappa, lambda_b (None: cross-validated within each period) and method.
    groups : array_like, optional
        Family of each row, for a cross-validated lambda_b.
    min_models : int
        Periods with fewer models get no boundary.
    start : FrontierFit, optional
        A fit on all rows to warm-start each period's fit from
        (:func:`core.frontier.history.backtest.warm_options`): the same optimum, faster.
    """
    settings = settings or FitSettings()
    z = np.asarray(log10_flops, dtype=float)
    y = np.asarray(score, dtype=float)
    f = np.asarray(list(flops), dtype=float)
    if f.size and np.any(~np.isfinite(f) | (f <= 0)):
        raise ValueError(f"compute must be positive FLOPs such as 1e24, got {list(flops)}")
    zq = np.log10(f)
    index = scheme.assign(dates)
    out = []
    for k, period in enumerate(scheme.periods):
        m = index == k
        n = int(np.count_nonzero(m))
        note = ""
        if n < min_models:
            note = f"{n:,} {'model' if n == 1 else 'models'}; a boundary needs {min_models:,}"
        elif np.unique(z[m]).size < 2:
            note = "all models have the same compute"
        if note:
            nan = (float("nan"),) * f.size
            out.append(
                PeriodBoundary(period.label, n, None, tuple(f), nan, (False,) * f.size, note)
            )
            continue
        g = None if groups is None else np.asarray(groups)[m]
        lam, _ = resolve_lambda(settings, z[m], y[m], g)
        fit = fit_frontier(
            z[m],
            y[m],
            tau=settings.tau,
            kappa=settings.kappa,
            lambda_b=lam,
            method=settings.method,
            **warm_options(start),
        )
        outside = (zq < fit.log10_flops_min) | (zq > fit.log10_flops_max)
        out.append(
            PeriodBoundary(
                period.label,
                n,
                fit,
                tuple(float(v) for v in f),
                tuple(float(v) for v in fit.predict(zq)),
                tuple(bool(v) for v in outside),
            )
        )
    return PeriodBoundaries(task, settings.tau, tuple(out), int(np.count_nonzero(index < 0)))
