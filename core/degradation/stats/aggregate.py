"""Aggregating the per-unit tests across benchmarks: pooled, Max-Drop, Fisher, combined.

A *unit* is one benchmark (or one subtask at ``level="task"``) with discordant counts
b_i, c_i. Three tests look for different damage patterns (docs/method-degradation.md §6):

- **pooled** — the exact McNemar test on B = sum b_i, C = sum c_i (damage spread evenly);
- **Max-Drop** — the largest z_i = (b_i - c_i) / sqrt(b_i + c_i), with its exact p-value
  (damage concentrated in one unit, even a small one);
- **Fisher** — -2 sum ln p_i over units with flips, against chi^2 with 2T' degrees of
  freedom (several units moderately damaged).

:func:`combine_pvalues` applies a Bonferroni factor of 3 to the smallest of the three (the
paper's rule), so the family-wise false-positive rate stays at or below alpha. The default
verdict uses the calibrated min-p instead (:mod:`core.degradation.stats.calibrated_min_p`), which
is never larger.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.special import gammaln, logsumexp

from core.degradation.stats.binomial_tail import log_upper_tail
from core.degradation.stats.distributions import chi2

_LOG10 = math.log(10.0)


@dataclass(frozen=True, slots=True)
class MaxDropResult:
    """Result of :func:`max_drop_test`.

    Attributes
    ----------
    statistic : float
        z_max, the largest per-unit z among units with flips (0 when there are none).
    unit : int or None
        Index of the unit that attains z_max.
    pvalue, log10_pvalue : float
        Exact P(max_i z_i* >= z_max) with b_i* ~ Bin(n_i, 1/2) independent, and its log10.
    n_units : int
        Units with at least one flip (the others are left out).
    method : str
        ``"exact"`` (binomial) or ``"monte-carlo"`` (sign flips, for non-binary scores).
    """

    statistic: float
    unit: int | None
    pvalue: float
    log10_pvalue: float
    n_units: int
    method: str = "exact"


@dataclass(frozen=True, slots=True)
class FisherResult:
    """Result of :func:`fisher_combination`.

    Attributes
    ----------
    statistic : float
        X^2 = -2 sum ln p_i over units with flips.
    df : int
        2 T', twice the number of those units.
    pvalue, log10_pvalue : float
        P(chi^2_df >= X^2) and its log10.
    approximate : bool
        True when some p_i come from a permutation test (discrete; the chi^2 reference is
        then an approximation).
    """

    statistic: float
    df: int
    pvalue: float
    log10_pvalue: float
    approximate: bool = False


@dataclass(frozen=True, slots=True)
class CombinedResult:
    """The combined decision of :func:`combine_pvalues`.

    Attributes
    ----------
    pvalue : float
        ``rule="paper"``: min(1, 3 * min(pooled, Max-Drop, Fisher)); ``rule="calibrated"``:
        the null probability of a min-p this small (never above the paper's value).
    log10_pvalue : float
        Its log10, finite even when the p-value underflows.
    decisive_test : str
        Which of ``"pooled"``, ``"max_drop"``, ``"fisher"`` gave the minimum.
    rule : {"paper", "calibrated"}
        Which combination rule produced ``pvalue``.
    method : str
        ``"bonferroni"`` for the paper's rule; for the calibrated rule how the null
        probability was obtained (``"single-unit"``, ``"exact"``, ``"monte-carlo"``,
        ``"bound"``, ``"none"``; see :class:`~core.degradation.stats.calibrated_min_p.Calibration`).
    n_draws : int
        Simulated data sets (Monte Carlo only).
    mc_error : float
        Standard error of a Monte Carlo p-value (0 otherwise).
    capped : bool
        Calibrated rule only: the estimate was not below the paper's 3 x min, which is
        reported instead (an exact upper bound).
    lower_bound : float
        When capped: an exact lower bound of the calibrated p-value (0 otherwise).
    """

    pvalue: float
    log10_pvalue: float
    decisive_test: str
    rule: str = "paper"
    method: str = "bonferroni"
    n_draws: int = 0
    mc_error: float = 0.0
    capped: bool = False
    lower_bound: float = 0.0


def max_drop_test(
    b: Sequence[int] | np.ndarray, c: Sequence[int] | np.ndarray, *, two_sided: bool = False
) -> MaxDropResult:
    """Exact Max-Drop test over units with discordant counts ``b[i]``, ``c[i]``.

    Parameters
    ----------
    b, c : array-like of int
        Per unit: degradation flips and improvement flips.
    two_sided : bool, default False
        Use |z_i| (a change in either direction) instead of z_i.

    Returns
    -------
    MaxDropResult

    Notes
    -----
    Given the n_i = b_i + c_i, the b_i are independent Bin(n_i, 1/2) under H0, so
    p = 1 - prod_i P(z_i* < z_max). For each unit the smallest t_i with
    (2 t_i - n_i) / sqrt(n_i) >= z_max - tol gives s_i = P(b_i* >= t_i) and
    p = -expm1(sum log1p(-s_i)); when every s_i underflows, log p is the logsumexp of the
    log s_i. Units without flips are left out; with none left, p = 1.
    """
    b_arr = np.asarray(b, dtype=np.int64)
    c_arr = np.asarray(c, dtype=np.int64)
    if b_arr.shape != c_arr.shape:
        raise ValueError("b and c must have the same length")
    n_arr = b_arr + c_arr
    keep = np.flatnonzero(n_arr > 0)
    if keep.size == 0:
        return MaxDropResult(0.0, None, 1.0, 0.0, 0)
    z = (b_arr[keep] - c_arr[keep]) / np.sqrt(n_arr[keep])
    if two_sided:
        z = np.abs(z)
    position = int(np.argmax(z))
    z_max = float(z[position])
    tol = 1e-9 * max(1.0, abs(z_max))
    n_keep = n_arr[keep]
    thresholds = np.ceil(((z_max - tol) * np.sqrt(n_keep) + n_keep) / 2.0).astype(np.int64)
    thresholds = np.clip(thresholds, 0, n_keep + 1)
    log_s = np.array([log_upper_tail(int(t), int(n)) for t, n in zip(thresholds, n_keep)])
    if two_sided:
        # P(|2X - n| >= z sqrt(n)) = P(X >= t) + P(X <= n - t) = 2 P(X >= t) when t > n/2
        low_side = (n_keep - thresholds) >= thresholds
        log_s = np.where(low_side, 0.0, np.minimum(0.0, log_s + math.log(2.0)))
    log_p = _log_one_minus_prod_one_minus(log_s)
    return MaxDropResult(
        statistic=z_max,
        unit=int(keep[position]),
        pvalue=min(1.0, math.exp(log_p)),
        log10_pvalue=min(0.0, log_p / _LOG10),
        n_units=int(keep.size),
    )


def _log_one_minus_prod_one_minus(log_s: np.ndarray) -> float:
    """log(1 - prod(1 - s_i)) from log s_i, keeping digits at both ends."""
    s = np.exp(log_s)
    if np.any(s >= 1.0):
        return 0.0
    if np.all(s < 1e-300):
        return float(logsumexp(log_s))
    value = -math.expm1(float(np.sum(np.log1p(-s))))
    if value <= 0.0:
        return float(logsumexp(log_s))
    return math.log(value)


def max_drop_monte_carlo(
    b: Sequence[int], c: Sequence[int], *, n_draws: int = 100_000, rng: int | None = 0
) -> float:
    """Monte Carlo version of the Max-Drop p-value (the paper's method), as a check.

    Draws b_i* ~ Bin(n_i, 1/2) per unit with n_i fixed and counts max z* >= z_max.
    """
    b_arr, c_arr = np.asarray(b, dtype=np.int64), np.asarray(c, dtype=np.int64)
    n_arr = b_arr + c_arr
    keep = n_arr > 0
    if not keep.any():
        return 1.0
    n_keep = n_arr[keep]
    z_max = float(np.max((b_arr[keep] - c_arr[keep]) / np.sqrt(n_keep)))
    draws = np.random.default_rng(rng).binomial(n_keep, 0.5, size=(n_draws, n_keep.size))
    z_star = (2 * draws - n_keep) / np.sqrt(n_keep)
    return float(np.mean(z_star.max(axis=1) >= z_max - 1e-9 * max(1.0, abs(z_max))))


def fisher_combination(log_pvalues: Sequence[float], *, approximate: bool = False) -> FisherResult:
    """Fisher's method on per-unit p-values given as natural logs.

    Parameters
    ----------
    log_pvalues : sequence of float
        ln p_i of the units with at least one flip (units without flips must be left out:
        they add nothing to X^2 but two degrees of freedom each).
    approximate : bool, default False
        Mark the result approximate (permutation p-values).

    Returns
    -------
    FisherResult
        With no units, X^2 = 0, df = 0 and p = 1.

    Notes
    -----
    Fisher on exact binomial p-values is conservative because they are discrete.
    """
    logs = np.asarray(log_pvalues, dtype=float)
    if logs.size == 0:
        return FisherResult(0.0, 0, 1.0, 0.0, approximate)
    statistic = float(-2.0 * logs.sum())
    df = 2 * int(logs.size)
    log_p = _log_chi2_sf_even(statistic, df)
    return FisherResult(
        statistic, df, float(chi2.sf(statistic, df)), min(0.0, log_p / _LOG10), approximate
    )


def _log_chi2_sf_even(statistic: float, df: int) -> float:
    """log P(chi^2_df >= x) for even df, exact in log space (no underflow).

    For df = 2k, P(chi^2 >= x) = exp(-x/2) sum_{j<k} (x/2)^j / j! (a Poisson tail), so its
    log is -x/2 + logsumexp_j (j log(x/2) - log j!). ``scipy.stats.chi2.logsf`` returns
    -inf once the tail underflows.
    """
    direct = float(chi2.sf(statistic, df))
    if direct > 1e-290:
        return math.log(direct)
    half = statistic / 2.0
    j = np.arange(df // 2)
    return float(-half + logsumexp(j * math.log(half) - gammaln(j + 1)))


def combine_pvalues(
    pooled: float, max_drop: float, fisher: float, *, log10_values=None
) -> CombinedResult:
    """Combined p-value min(1, 3 * min(pooled, Max-Drop, Fisher)) (Bonferroni over three).

    Parameters
    ----------
    pooled, max_drop, fisher : float
        The three p-values.
    log10_values : tuple of three floats, optional
        Their log10 values, used to keep digits when the p-values underflow.

    Returns
    -------
    CombinedResult
    """
    names = ("pooled", "max_drop", "fisher")
    if log10_values is None:
        log10_values = tuple(
            math.log10(p) if p > 0 else -math.inf for p in (pooled, max_drop, fisher)
        )
    index = int(np.argmin(log10_values))
    log10_combined = min(0.0, float(log10_values[index]) + math.log10(3.0))
    return CombinedResult(
        pvalue=min(1.0, 3.0 * (pooled, max_drop, fisher)[index]),
        log10_pvalue=log10_combined,
        decisive_test=names[index],
    )


def holm_adjust(pvalues: Sequence[float], has_flips: Sequence[bool]) -> np.ndarray:
    """Holm-adjusted p-values over the units with flips; units without flips get 1.

    adj_(j) = max_{k <= j} min(1, (m - k + 1) p_(k)) over the sorted p-values of the m units
    with flips.

    Notes
    -----
    Written here rather than calling ``statsmodels.stats.multitest.multipletests``: in
    statsmodels 0.15.0 its Holm branch calls ``gc.collect()``, which costs tens of
    milliseconds in a process with a large heap (a Streamlit server) on every call. The
    tests check this function against ``multipletests(method="holm")``.
    """
    p = np.asarray(pvalues, dtype=float)
    mask = np.asarray(has_flips, dtype=bool)
    adjusted = np.ones_like(p)
    selected = p[mask]
    m = selected.size
    if m:
        order = np.argsort(selected, kind="stable")
        scaled = np.minimum(1.0, selected[order] * np.arange(m, 0, -1))
        result = np.empty(m)
        result[order] = np.maximum.accumulate(scaled)
        adjusted[mask] = result
    return adjusted
