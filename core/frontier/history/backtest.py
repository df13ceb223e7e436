"""Temporal backtest: does a boundary fitted on earlier models hold for later ones?

``docs/method-frontier.md`` §6: fit on period t (single-period scheme) or on periods
1..t (cumulative), evaluate on period t+1 in tie-aware equal-mass bins of the training
z, clipped to where training and test compute overlap. Metrics per bin k, with coverage
tau_k = share of test scores at or below the old boundary:

- signed coverage error  mean_k (tau_k - tau)   (< 0: newer models beat the boundary)
- absolute coverage error mean_k |tau_k - tau|  (macro; ``micro`` weights by bin counts)
- excess pinball          mean_k [loss under the old fit - loss under a refit on t+1]

Curves are evaluated as the paper does (400-point grid, linear in FLOPs, flat outside),
which reproduces Figure 3 of Zhang et al. (arXiv 2602.15327).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from core.errors import InputError
from core.formatting import json_fields
from core.frontier.boundary.binning import bin_index, clip_edges, equal_mass_edges
from core.frontier.boundary.loss import DEFAULT_KAPPA, DEFAULT_LAMBDA_B, smoothed_pinball_loss
from core.frontier.boundary.sigmoid_fit import FrontierFit, fit_frontier
from core.frontier.data.table import BoundaryTable
from core.frontier.history.periods import PeriodScheme, quarterly_periods


@dataclass(frozen=True, slots=True)
class BinResult:
    """One out-of-period bin: [low, high) of log10 FLOPs (last bin closed)."""

    low: float
    high: float
    n: int
    coverage: float
    excess_pinball: float


@dataclass(frozen=True, slots=True)
class PeriodResult:
    """Fit on ``train``, evaluate on ``test``; metrics are NaN when not computable."""

    train: str
    test: str
    n_train: int
    n_test: int
    n_test_in_bins: int
    n_bins_train: int
    signed_coverage_error: float
    abs_coverage_error: float
    abs_coverage_error_micro: float
    excess_pinball: float
    bins: tuple[BinResult, ...]
    train_fit: FrontierFit | None
    note: str = ""

    def to_dict(self) -> dict:
        """The JSON-ready form (``backtest --format json``): metrics not computable are None."""
        metrics = "signed_coverage_error abs_coverage_error excess_pinball"
        return {
            **json_fields(self, "train test n_train n_test"),
            **json_fields(self, metrics, finite=True),
            "n_bins": len(self.bins),
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class BacktestReport:
    """Out-of-period checks of one task's boundary."""

    task: str
    tau: float
    scheme: Literal["single", "cumulative"]
    n_bins: int
    min_bin_size: int
    periods: tuple[PeriodResult, ...]
    n_without_period: int

    @property
    def summary(self) -> pd.DataFrame:
        """One row per (train, test) pair, full precision."""
        return pd.DataFrame(
            [
                {
                    "task": self.task,
                    "train": p.train,
                    "test": p.test,
                    "n_train": p.n_train,
                    "n_test": p.n_test,
                    "signed_coverage_error": p.signed_coverage_error,
                    "abs_coverage_error": p.abs_coverage_error,
                    "abs_coverage_error_micro": p.abs_coverage_error_micro,
                    "excess_pinball": p.excess_pinball,
                    "note": p.note,
                }
                for p in self.periods
            ]
        )


def warm_options(start: FrontierFit | None) -> dict:
    """Options of ``fit_frontier`` for a fit on part of the rows, warm-started from ``start``.

    With a start (the fit on all rows), the fit refines that start and the best screened
    shape only, instead of the four best shapes: 15-35% faster per fit. On the bundled
    Open LLM Leaderboard v2 table (6 benchmarks, every quarterly, paper and cumulative
    period set, tau 0.9 and 0.98, both estimators: 480 fits) the warm fits reached the
    default fits' optimum exactly (objective and curve differences 0;
    ``docs/engineering-notes.md``, section h11). Without a start: the defaults.
    """
    if start is None:
        return {}
    return {"n_survivors": 1, "extra_starts": (start,)}


def _evaluate(fit_train, z_tr, z_te, y_te, refit, tau, kappa, n_bins, min_bin_size):
    edges = equal_mass_edges(z_tr, n_bins, min_bin_size)
    lo = max(z_tr.min(), z_te.min())
    hi = min(z_tr.max(), z_te.max())
    test_edges = clip_edges(edges, lo, hi) if hi >= lo else np.array([])
    n_bins_train = edges.size - 1
    k = bin_index(z_te, test_edges)
    if test_edges.size < 2 or not np.any(k >= 0):
        return n_bins_train, (), "training and test compute do not overlap"
    q_old = fit_train.predict_paper_grid(z_te)
    q_new = refit().predict_paper_grid(z_te)
    bins = []
    for b in range(test_edges.size - 1):
        m = k == b
        if not m.any():
            continue
        loss_old = np.mean(smoothed_pinball_loss(y_te[m] - q_old[m], tau, kappa))
        loss_new = np.mean(smoothed_pinball_loss(y_te[m] - q_new[m], tau, kappa))
        bins.append(
            BinResult(
                float(test_edges[b]),
                float(test_edges[b + 1]),
                int(m.sum()),
                float(np.mean(y_te[m] <= q_old[m])),
                float(loss_old - loss_new),
            )
        )
    return n_bins_train, tuple(bins), ""


def backtest_frontier(
    table: BoundaryTable,
    periods: PeriodScheme | None = None,
    *,
    scheme: Literal["single", "cumulative"] = "single",
    tau: float = 0.98,
    kappa: float = DEFAULT_KAPPA,
    lambda_b: float = DEFAULT_LAMBDA_B,
    n_bins: int = 10,
    min_bin_size: int = 30,
    min_train: int = 3,
    start: FrontierFit | None = None,
) -> BacktestReport:
    """Fit on earlier periods, test on the next one, for every consecutive pair.

    Parameters
    ----------
    table : BoundaryTable
        Must carry dates (load it with a ``date`` column).
    periods : PeriodScheme, optional
        Calendar quarters of the table's dates by default
        (:func:`core.frontier.history.periods.quarterly_periods`); the paper's periods are
        :func:`core.frontier.history.periods.paper_oll_periods`.
    scheme : {"single", "cumulative"}
        Fit on period t only (the paper's main scheme), or on periods 1..t.
    tau, kappa, lambda_b : float
        As in :func:`core.frontier.boundary.sigmoid_fit.fit_frontier`.
    n_bins, min_bin_size : int
        Equal-mass bins on the training z: target count and minimum size after merging.
    min_train : int
        Pairs whose training or test period has fewer rows are reported with NaN metrics.
    start : FrontierFit, optional
        A fit on all rows (any estimator) to warm-start every period's fit from
        (:func:`warm_options`); the same optimum, faster. Without it, the defaults.

    Returns
    -------
    BacktestReport
        One :class:`PeriodResult` per (train, test) pair, with per-bin detail.

    Notes
    -----
    A negative signed coverage error means newer models exceed the old boundary: the
    boundary is advancing (MATH Lvl 5 in the paper). Small test periods give noisy
    coverages: with 30 points per bin one model moves a bin's coverage by 0.033.
    """
    if table.date is None:
        raise InputError(
            f"{table.source}: the backtest needs dates; load the table with a "
            "date column (--date COL)"
        )
    if scheme not in ("single", "cumulative"):
        raise ValueError(f"scheme must be 'single' or 'cumulative', got {scheme!r}")
    periods = periods or quarterly_periods(table.date)
    index = periods.assign(table.date)
    labels = periods.labels
    z, y = table.log10_flops, table.score
    options = warm_options(start)
    fits: dict[bytes, FrontierFit] = {}

    def fit_rows(rows: np.ndarray) -> FrontierFit:
        # One fit per set of rows: in the single scheme, the refit on period t + 1 is also
        # the training fit of the next pair.
        key = np.packbits(rows).tobytes()
        if key not in fits:
            fits[key] = fit_frontier(
                z[rows], y[rows], tau=tau, kappa=kappa, lambda_b=lambda_b, **options
            )
        return fits[key]

    results = []
    for t in range(len(labels) - 1):
        train = (index <= t) & (index >= 0) if scheme == "cumulative" else index == t
        test = index == t + 1
        train_label = labels[t] if scheme == "single" or t == 0 else f"{labels[0]} .. {labels[t]}"
        n_tr, n_te = int(train.sum()), int(test.sum())
        fit, bins, note, n_bins_train = None, (), "", 0
        if n_tr < min_train or n_te < min_train or np.ptp(z[train]) <= 0 or np.ptp(z[test]) <= 0:
            note = f"too few models or compute values to fit (need {min_train} and two values)"
        else:
            fit = fit_rows(train)
            n_bins_train, bins, note = _evaluate(
                fit,
                z[train],
                z[test],
                y[test],
                lambda test=test: fit_rows(test),
                tau,
                kappa,
                n_bins,
                min_bin_size,
            )
        cov = np.array([b.coverage for b in bins])
        counts = np.array([b.n for b in bins])
        nan = float("nan")
        results.append(
            PeriodResult(
                train=train_label,
                test=labels[t + 1],
                n_train=n_tr,
                n_test=n_te,
                n_test_in_bins=int(counts.sum()) if bins else 0,
                n_bins_train=int(n_bins_train),
                signed_coverage_error=float(np.mean(cov - tau)) if bins else nan,
                abs_coverage_error=float(np.mean(np.abs(cov - tau))) if bins else nan,
                abs_coverage_error_micro=(
                    float(np.sum(counts * np.abs(cov - tau)) / counts.sum()) if bins else nan
                ),
                excess_pinball=float(np.mean([b.excess_pinball for b in bins])) if bins else nan,
                bins=bins,
                train_fit=fit,
                note=note,
            )
        )
    return BacktestReport(
        task=table.score_column,
        tau=float(tau),
        scheme=scheme,
        n_bins=int(n_bins),
        min_bin_size=int(min_bin_size),
        periods=tuple(results),
        n_without_period=int(np.count_nonzero(index < 0)),
    )
