"""Baselines to compare a sigmoid boundary with (``docs/method-frontier.md`` §5).

- null: the global tau-quantile of the training scores (defines R2_pinball);
- per-bin constant: in each tie-aware equal-mass bin of z, the constant minimising the
  smoothed pinball loss (a flexible piecewise oracle);
- linear quantile regression in z (statsmodels ``QuantReg``), a familiar reference line
  that is neither bounded nor saturating; its predictions are clipped to [0, 1].

All are scored with the same smoothed pinball loss (kappa = 50) on the same points.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq
from scipy.special import expit
from statsmodels.regression.quantile_regression import QuantReg

from core.frontier.boundary.binning import bin_index, equal_mass_edges
from core.frontier.boundary.loss import DEFAULT_KAPPA, mean_loss
from core.frontier.boundary.sigmoid_fit import FrontierFit


@dataclass(frozen=True, slots=True)
class ConstantBaseline:
    """q(z) = value, the global tau-quantile of the training scores."""

    value: float
    tau: float

    def predict(self, log10_flops) -> np.ndarray:
        return np.full(np.shape(log10_flops), self.value, dtype=float)


@dataclass(frozen=True, slots=True)
class PerBinBaseline:
    """q(z) = the smoothed-pinball constant of z's bin; edges as in ``binning``."""

    edges: np.ndarray
    values: np.ndarray
    tau: float

    def predict(self, log10_flops) -> np.ndarray:
        """Bin constants; z outside the training bins take the nearest end bin's value."""
        z = np.clip(np.asarray(log10_flops, float), self.edges[0], self.edges[-1])
        return self.values[bin_index(z, self.edges)]


@dataclass(frozen=True, slots=True)
class LinearQuantileBaseline:
    """q(z) = clip(intercept + slope * z, 0, 1), statsmodels QuantReg at level tau."""

    intercept: float
    slope: float
    tau: float

    def predict(self, log10_flops) -> np.ndarray:
        z = np.asarray(log10_flops, float)
        return np.clip(self.intercept + self.slope * z, 0.0, 1.0)


@dataclass(frozen=True, slots=True)
class BaselineComparison:
    """Mean smoothed pinball loss of each estimator on the same points."""

    n: int
    tau: float
    kappa: float
    sigmoid: float
    null: float
    per_bin: float
    linear: float

    @property
    def r2_pinball(self) -> float:
        """1 - L_sigmoid / L_null: share of the null's loss the sigmoid removes."""
        return 1.0 - self.sigmoid / self.null


def constant_baseline(score, tau: float = 0.98) -> ConstantBaseline:
    """Global tau-quantile of the scores (numpy's default linear interpolation)."""
    return ConstantBaseline(float(np.quantile(np.asarray(score, float), tau)), float(tau))


def smoothed_quantile(score, tau: float, kappa: float = DEFAULT_KAPPA) -> float:
    """The constant c minimising the mean smoothed pinball loss of ``score - c``.

    Solves mean(expit(kappa * (y - c))) = 1 - tau, which is decreasing in c.
    """
    y = np.asarray(score, float)
    return float(
        brentq(
            lambda c: np.mean(expit(kappa * (y - c))) - (1.0 - tau),
            y.min() - 1.0,
            y.max() + 1.0,
            xtol=1e-14,
        )
    )


def per_bin_baseline(
    log10_flops,
    score,
    tau: float = 0.98,
    kappa: float = DEFAULT_KAPPA,
    n_bins: int = 10,
    min_bin_size: int = 30,
) -> PerBinBaseline:
    """Smoothed-pinball constant in each tie-aware equal-mass bin of the training z."""
    z, y = np.asarray(log10_flops, float), np.asarray(score, float)
    edges = equal_mass_edges(z, n_bins, min_bin_size)
    k = bin_index(z, edges)
    values = np.array([smoothed_quantile(y[k == b], tau, kappa) for b in range(edges.size - 1)])
    return PerBinBaseline(edges, values, float(tau))


def linear_quantile_baseline(log10_flops, score, tau: float = 0.98) -> LinearQuantileBaseline:
    """Linear quantile regression of score on z (statsmodels QuantReg, default settings)."""
    z, y = np.asarray(log10_flops, float), np.asarray(score, float)
    if not (np.all(np.isfinite(z)) and np.all(np.isfinite(y))):
        raise ValueError("QuantReg needs finite z and scores; drop rows with zero compute")
    result = QuantReg(y, np.column_stack([np.ones_like(z), z])).fit(q=tau)
    return LinearQuantileBaseline(float(result.params[0]), float(result.params[1]), float(tau))


def compare_baselines(
    fit: FrontierFit,
    train_log10_flops,
    train_score,
    eval_log10_flops=None,
    eval_score=None,
    n_bins: int = 10,
    min_bin_size: int = 30,
) -> BaselineComparison:
    """Fit the baselines on the training points and score everything on the evaluation
    points (the training points themselves when none are given)."""
    z, y = np.asarray(train_log10_flops, float), np.asarray(train_score, float)
    ze = z if eval_log10_flops is None else np.asarray(eval_log10_flops, float)
    ye = y if eval_score is None else np.asarray(eval_score, float)
    tau, kappa = fit.tau, fit.kappa
    models = {
        "sigmoid": fit,
        "null": constant_baseline(y, tau),
        "per_bin": per_bin_baseline(z, y, tau, kappa, n_bins, min_bin_size),
        "linear": linear_quantile_baseline(z, y, tau),
    }
    losses = {name: mean_loss(ye, m.predict(ze), tau, kappa) for name, m in models.items()}
    return BaselineComparison(n=int(ye.size), tau=tau, kappa=kappa, **losses)
