"""The questions planners ask of a boundary: what score does this compute buy, how much
compute does a score need, and where does the boundary saturate.

Each answer carries the bootstrap interval when a :class:`BootstrapBand` is given, and
says when it is an extrapolation beyond the training compute range.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from core.errors import InputError
from core.formatting import json_fields
from core.frontier.boundary.bootstrap import BootstrapBand
from core.frontier.boundary.sigmoid_fit import FrontierFit


@dataclass(frozen=True, slots=True)
class AttainableScore:
    """Boundary value at ``flops``; ``ci_low``/``ci_high`` are NaN without a band."""

    flops: float
    log10_flops: float
    score: float
    ci_low: float
    ci_high: float
    confidence_level: float
    extrapolated: bool

    def to_dict(self) -> dict:
        """The JSON-ready form (``frontier --format json``): interval ends None without a band."""
        interval = json_fields(self, "ci_low ci_high", finite=True)
        return {"flops": self.flops, "score": self.score, **interval} | {
            "extrapolated": self.extrapolated
        }


@dataclass(frozen=True, slots=True)
class ComputeNeeded:
    """Compute at which the boundary reaches ``score``.

    ``status`` is "reachable", "at or below floor" (any compute; log10_flops = -inf) or
    "above ceiling" (never; log10_flops = +inf). The interval comes from inverting each
    bootstrap refit; a replicate that never reaches the score counts as +inf.
    """

    score: float
    status: Literal["reachable", "at or below floor", "above ceiling"]
    log10_flops: float
    flops: float
    ci_low_log10_flops: float
    ci_high_log10_flops: float
    extrapolated: bool


@dataclass(frozen=True, slots=True)
class Ceiling:
    """Saturation of a boundary.

    ``ceiling`` = y0 + L, ``headroom`` = 1 - ceiling, ``log10_flops_90`` the compute where
    the boundary reaches 90% of its ceiling (-inf when the floor already does), and
    ``slope_at_max`` the gain per decade q'(z) at the largest training compute.
    """

    ceiling: float
    headroom: float
    log10_flops_90: float
    slope_at_max: float
    ci_low: float
    ci_high: float


def _inverse(y0, L, z_star, b, score):
    y0, L, score = (np.asarray(v, dtype=float) for v in (y0, L, score))
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = (score - y0) / L  # a flat boundary (L = 0) gives inf/NaN, not an exception
        z = z_star + np.log(frac / (1.0 - frac)) / b
    z = np.where(score <= y0, -np.inf, z)
    return np.where((score >= y0 + L) & (score > y0), np.inf, z)


def _stretch(centre, low, high, widening):
    """Stretch a percentile interval around ``centre`` as the band of the boundary is."""
    if widening == 1.0 or not np.isfinite(centre):
        return low, high
    if np.isfinite(low):
        low = centre - widening * (centre - low)
    if np.isfinite(high):
        high = centre + widening * (high - centre)
    return float(low), float(high)


def attainable_score(fit: FrontierFit, flops, band: BootstrapBand | None = None):
    """Boundary score at each compute in ``flops`` (FLOPs, not log), with intervals."""
    f = np.atleast_1d(np.asarray(flops, float))
    if np.any(~np.isfinite(f) | (f <= 0)):
        raise InputError(f"compute must be positive FLOPs such as 1e24, got {flops}")
    z = np.log10(f)
    q = fit.predict(z)
    if band is None:
        low = high = np.full(z.shape, np.nan)
        level = float("nan")
    else:
        low, high = band.interval(z)
        level = band.confidence_level
    outside = (z < fit.log10_flops_min) | (z > fit.log10_flops_max)
    return tuple(
        AttainableScore(
            float(f[i]),
            float(z[i]),
            float(q[i]),
            float(low[i]),
            float(high[i]),
            level,
            bool(outside[i]),
        )
        for i in range(z.size)
    )


def compute_needed(
    fit: FrontierFit,
    score: float,
    band: BootstrapBand | None = None,
    confidence_level: float | None = None,
) -> ComputeNeeded:
    """Compute (log10 FLOPs) at which the boundary first reaches ``score``."""
    if not 0.0 <= score <= 1.0:
        raise InputError(f"score must be in [0, 1] (a fraction, not percent), got {score}")
    z = float(_inverse(fit.y0, fit.L, fit.z_star, fit.b, score))
    status = "reachable" if np.isfinite(z) else ("above ceiling" if z > 0 else "at or below floor")
    low = high = float("nan")
    if band is not None:
        p = band.params
        zs = _inverse(p[:, 0], p[:, 1], p[:, 2], p[:, 3], score)
        level = band.confidence_level if confidence_level is None else confidence_level
        a = (1.0 - level) / 2.0
        low, high = (float(v) for v in np.quantile(zs, [a, 1.0 - a], method="inverted_cdf"))
        low, high = _stretch(z, low, high, band.widening)
    extrapolated = bool(np.isfinite(z) and not fit.log10_flops_min <= z <= fit.log10_flops_max)
    return ComputeNeeded(
        float(score), status, z, float(10.0**z) if np.isfinite(z) else z, low, high, extrapolated
    )


def ceiling(fit: FrontierFit, band: BootstrapBand | None = None) -> Ceiling:
    """Ceiling y0 + L, headroom, compute reaching 90% of the ceiling, slope at max compute."""
    top = fit.y0 + fit.L
    z90 = float(_inverse(fit.y0, fit.L, fit.z_star, fit.b, 0.9 * top)) if fit.L > 0 else -np.inf
    s = 1.0 / (1.0 + np.exp(-fit.b * (fit.log10_flops_max - fit.z_star)))
    low = high = float("nan")
    if band is not None:
        tops = band.params[:, 0] + band.params[:, 1]
        a = (1.0 - band.confidence_level) / 2.0
        low, high = (float(v) for v in np.quantile(tops, [a, 1.0 - a]))
        low, high = _stretch(top, low, high, band.widening)
        low, high = max(low, 0.0), min(high, 1.0)
    return Ceiling(
        float(top), float(1.0 - top), z90, float(fit.L * fit.b * s * (1.0 - s)), low, high
    )
