"""Saturation: is a benchmark still separating models? (``docs/method-frontier.md`` §7)

Three readings of one idea, "the boundary has stopped moving":

- :func:`saturation_summary`: the fitted ceiling, the headroom left below 1, the local
  slope at the largest observed compute, and the compute at which the curve has covered
  a share (95%) of its rise, i.e. where it flattens.
- :func:`frontier_dominance`: the monthly share of large models (> 13B parameters) that
  score below the best small model released so far (Zhang et al., arXiv 2602.15327).
- :func:`pretrained_vs_posttrained`: separate boundaries for official pretrained rows
  and for all others, with the adjacent-decrease rate of each (Figure 4c).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.errors import InputError
from core.formatting import json_fields
from core.frontier.boundary.loss import DEFAULT_KAPPA, DEFAULT_LAMBDA_B
from core.frontier.boundary.sigmoid_fit import FrontierFit, fit_frontier
from core.frontier.data.dates import parse_dates


@dataclass(frozen=True, slots=True)
class SaturationSummary:
    """How close a boundary is to flat.

    Attributes
    ----------
    task : str
    ceiling, headroom : float
        y0 + L and 1 - (y0 + L).
    slope_at_max : float
        dq/dz (score per decade of compute) at the largest observed compute.
    log10_flops_max : float
        Largest observed compute.
    flat_share : float
        Share of the rise used to define flattening (0.95 by default).
    log10_flops_flat : float
        Compute at which q reaches y0 + flat_share * L.
    flattened_in_data : bool
        True when that compute lies inside the observed range: the data already reach
        the flat part, so more compute is not expected to move this boundary much.
    remaining_rise : float
        q(infinity) - q(largest observed compute): what scale alone could still add.
    """

    task: str
    ceiling: float
    headroom: float
    slope_at_max: float
    log10_flops_max: float
    flat_share: float
    log10_flops_flat: float
    flattened_in_data: bool
    remaining_rise: float

    def to_dict(self) -> dict:
        """The JSON-ready form (``saturation --format json``), compute in FLOPs."""
        compute = {
            "max_flops": 10**self.log10_flops_max,
            "flattens_at_flops": 10**self.log10_flops_flat,
        }
        return {
            **json_fields(self, "task ceiling headroom"),
            "slope_at_max_per_decade": self.slope_at_max,
            **compute,
            **json_fields(self, "flattened_in_data remaining_rise"),
        }


def saturation_summary(
    fit: FrontierFit, task: str = "", flat_share: float = 0.95
) -> SaturationSummary:
    """Ceiling, headroom, final slope and flattening compute of a fitted boundary.

    Examples
    --------
    >>> from core.frontier.boundary.sigmoid_fit import FrontierFit
    >>> f = FrontierFit(0.1, 0.6, 23.0, 2.0, 0.98, 50, 1e-3, 0.0, 100, 21.0, 25.0, True, 1)
    >>> s = saturation_summary(f)
    >>> round(s.log10_flops_flat, 3), s.flattened_in_data
    (24.472, True)
    """
    if not 0.5 <= flat_share < 1.0:
        raise ValueError(f"flat_share must be in [0.5, 1), got {flat_share}")
    z_max = fit.log10_flops_max
    s = 1.0 / (1.0 + np.exp(-fit.b * (z_max - fit.z_star)))
    z_flat = fit.z_star + np.log(flat_share / (1.0 - flat_share)) / fit.b
    return SaturationSummary(
        task=task,
        ceiling=float(fit.ceiling),
        headroom=float(1.0 - fit.ceiling),
        slope_at_max=float(fit.L * fit.b * s * (1.0 - s)),
        log10_flops_max=float(z_max),
        flat_share=float(flat_share),
        log10_flops_flat=float(z_flat),
        flattened_in_data=bool(z_flat <= z_max),
        remaining_rise=float(fit.L * (1.0 - s)),
    )


@dataclass(frozen=True, slots=True)
class DominanceResult:
    """Frontier dominance over time.

    Attributes
    ----------
    monthly : pandas.DataFrame
        month (period string), n_large, n_dominated, share_dominated.
    models : pandas.DataFrame
        Each large model: date, score, best_small_so_far, dominated.
    threshold_b : float
        Parameter count (billions) separating small (<) from large (>).
    n_small, n_large, n_excluded : int
        Models in each group; excluded: flagged, missing values or exactly at threshold.
    """

    monthly: pd.DataFrame
    models: pd.DataFrame
    threshold_b: float
    n_small: int
    n_large: int
    n_excluded: int

    @property
    def share_dominated(self) -> float:
        """Share of all large models that were dominated at their date."""
        m = self.models
        return float(m["dominated"].mean()) if len(m) else float("nan")

    def to_dict(self) -> dict:
        """The JSON-ready form: the overall share, the group sizes and one record a month."""
        monthly = self.monthly.to_dict("records")
        return {**json_fields(self, "share_dominated n_large n_small"), "monthly": monthly}


def frontier_dominance(
    params_b, score, date, *, threshold_b: float = 13.0, flagged=None, model=None
) -> DominanceResult:
    """Monthly share of large models scoring below the best small model so far.

    Parameters
    ----------
    params_b : array_like
        Parameter count in billions.
    score : array_like
        Benchmark score of each model.
    date : array_like
        Upload or release date of each model.
    threshold_b : float
        Small is < threshold, large is > threshold (13B in the paper).
    flagged : array_like of bool, optional
        Models to exclude (e.g. the leaderboard's ``Flagged``).
    model : array_like, optional
        Names, carried into ``models``.

    Notes
    -----
    The running best small score includes small models released the same day. A month
    with no large model has no row. Paper finding: on MATH Lvl 5 the share approaches 1
    from late 2024; on MMLU-Pro it stays well below.
    """
    p = np.asarray(params_b, dtype=float)
    y = np.asarray(score, dtype=float)
    d = parse_dates(date).values
    bad = ~np.isfinite(p) | ~np.isfinite(y) | np.isnat(d) | (p == threshold_b)
    if flagged is not None:
        bad |= np.asarray(flagged, dtype=bool)
    names = (
        np.asarray(model, dtype=object)
        if model is not None
        else np.array([f"row {i + 1}" for i in range(p.size)], dtype=object)
    )
    small = ~bad & (p < threshold_b)
    large = ~bad & (p > threshold_b)
    if not small.any() or not large.any():
        raise InputError(
            f"need models on both sides of {threshold_b:g}B parameters "
            f"(small: {int(small.sum())}, large: {int(large.sum())})"
        )
    days = d.astype("datetime64[D]")
    small_frame = (
        pd.DataFrame({"day": days[small], "score": y[small]})
        .groupby("day")["score"]
        .max()
        .sort_index()
        .cummax()
    )
    pos = np.searchsorted(small_frame.index.to_numpy(), days[large], side="right") - 1
    best = np.where(pos >= 0, small_frame.to_numpy()[np.maximum(pos, 0)], -np.inf)
    models = (
        pd.DataFrame(
            {
                "model": names[large],
                "date": d[large],
                "params_b": p[large],
                "score": y[large],
                "best_small_so_far": np.where(np.isfinite(best), best, np.nan),
                "dominated": y[large] < best,
            }
        )
        .sort_values("date", kind="stable")
        .reset_index(drop=True)
    )
    models["month"] = models["date"].dt.to_period("M").astype(str)
    monthly = (
        models.groupby("month")
        .agg(n_large=("dominated", "size"), n_dominated=("dominated", "sum"))
        .reset_index()
    )
    monthly["share_dominated"] = monthly["n_dominated"] / monthly["n_large"]
    return DominanceResult(
        monthly, models, float(threshold_b), int(small.sum()), int(large.sum()), int(bad.sum())
    )


#: Drop size that counts as a decrease. The paper does not record its value; 0.01 (one
#: accuracy point) reproduces every Figure 4c bar to within 0.01 on OLL v2 (0 does not:
#: pretrained rates come out 0.31-0.42).
ADJACENT_DECREASE_EPS = 0.01


def adjacent_decrease_rate(log10_flops, score, eps: float = ADJACENT_DECREASE_EPS) -> float:
    """Share of neighbouring pairs, sorted by (compute, score), where the score drops.

    A pair counts when ``y[i+1] + eps < y[i]``. Within a tie of compute the scores are
    sorted ascending, so only steps across compute values can drop. 0 for a perfectly
    monotone set; about 0.5 for scores unrelated to compute. NaN with fewer than 2 points.
    The paper's eps is not recorded; the default 0.01 reproduces its Figure 4c to within
    0.01 (see ``ADJACENT_DECREASE_EPS``).
    """
    z = np.asarray(log10_flops, dtype=float)
    y = np.asarray(score, dtype=float)
    keep = np.isfinite(z) & np.isfinite(y)
    z, y = z[keep], y[keep]
    if z.size < 2:
        return float("nan")
    ys = y[np.lexsort((y, z))]
    return float(np.mean(ys[1:] + eps < ys[:-1]))


@dataclass(frozen=True, slots=True)
class PretrainedComparison:
    """Boundaries and monotonicity of official pretrained vs all other (post-trained) rows."""

    task: str
    n_pretrained: int
    n_posttrained: int
    fit_pretrained: FrontierFit | None
    fit_posttrained: FrontierFit | None
    adjacent_decrease_pretrained: float
    adjacent_decrease_posttrained: float
    eps: float

    def to_dict(self) -> dict:
        """The JSON-ready numbers (rates None when not computable; the fits are left out)."""
        rates = "adjacent_decrease_pretrained adjacent_decrease_posttrained"
        return {
            **json_fields(self, "n_pretrained n_posttrained"),
            **json_fields(self, rates, finite=True),
            "eps": self.eps,
        }


def is_official_pretrained(model_type, official) -> np.ndarray:
    """The paper's rule: ``Type`` contains "pretrained" and ``Official Providers`` is true."""
    t = pd.Series(model_type).astype(str).str.lower().str.contains("pretrained", na=False)
    o = pd.Series(official).astype(str).str.strip().str.lower().isin(("true", "1", "yes"))
    return (t & o).to_numpy()


def pretrained_vs_posttrained(
    log10_flops,
    score,
    is_pretrained,
    *,
    task: str = "",
    tau: float = 0.98,
    eps: float = ADJACENT_DECREASE_EPS,
    kappa: float = DEFAULT_KAPPA,
    lambda_b: float = DEFAULT_LAMBDA_B,
) -> PretrainedComparison:
    """Fit the two boundaries and measure the adjacent-decrease rate of each group.

    Groups with fewer than 3 rows (or one compute value) get no fit (None).
    """
    z = np.asarray(log10_flops, dtype=float)
    y = np.asarray(score, dtype=float)
    pre = np.asarray(is_pretrained, dtype=bool)
    if pre.shape != z.shape or z.shape != y.shape:
        raise ValueError("log10_flops, score and is_pretrained must have one length")

    def fit(m):
        if m.sum() < 3 or np.ptp(z[m]) <= 0:
            return None
        return fit_frontier(z[m], y[m], tau=tau, kappa=kappa, lambda_b=lambda_b)

    return PretrainedComparison(
        task=task,
        n_pretrained=int(pre.sum()),
        n_posttrained=int((~pre).sum()),
        fit_pretrained=fit(pre),
        fit_posttrained=fit(~pre),
        adjacent_decrease_pretrained=adjacent_decrease_rate(z[pre], y[pre], eps),
        adjacent_decrease_posttrained=adjacent_decrease_rate(z[~pre], y[~pre], eps),
        eps=float(eps),
    )
