"""Boundaries at several quantile levels that never cross (``docs/method-frontier.md`` §7.5).

Independent sigmoid fits at, say, tau = 0.5, 0.9 and 0.98 can cross. Predictions are
repaired by monotone rearrangement (Chernozhukov, Fernandez-Val and Galichon 2010):
at each z the predicted values are sorted across tau, which can only reduce the error
of every curve against a non-crossing truth.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.frontier.boundary.sigmoid_fit import FrontierFit, fit_frontier


@dataclass(frozen=True, slots=True)
class FrontierFamily:
    """Fits at increasing tau; ``predict`` returns rearranged, non-crossing curves."""

    taus: tuple[float, ...]
    fits: tuple[FrontierFit, ...]

    def predict_unrearranged(self, log10_flops) -> np.ndarray:
        """Raw predictions, shape (len(taus), len(z)); rows may cross."""
        return np.vstack([f.predict(log10_flops) for f in self.fits])

    def predict(self, log10_flops) -> np.ndarray:
        """Predictions sorted across tau at each z, shape (len(taus), len(z))."""
        return np.sort(self.predict_unrearranged(np.atleast_1d(log10_flops)), axis=0)

    def crossings(self, log10_flops) -> int:
        """Number of z where the raw fits are out of order (before the repair)."""
        raw = self.predict_unrearranged(np.atleast_1d(log10_flops))
        return int(np.count_nonzero(np.any(np.diff(raw, axis=0) < 0, axis=0)))


def fit_frontier_family(log10_flops, score, taus, **fit_options) -> FrontierFamily:
    """Fit one boundary per tau (sorted ascending); options go to ``fit_frontier``."""
    levels = tuple(sorted(float(t) for t in taus))
    if len(set(levels)) != len(levels) or not levels:
        raise ValueError(f"give distinct tau values, got {list(taus)}")
    fits = tuple(fit_frontier(log10_flops, score, tau=t, **fit_options) for t in levels)
    return FrontierFamily(levels, fits)
