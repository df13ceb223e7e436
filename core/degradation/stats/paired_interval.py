"""Confidence intervals for a paired difference of two accuracies.

With the counts laid out as a paired 2x2 table (baseline in rows, candidate in columns,
"right" first): n11 = both right, n12 = b, n21 = c, n22 = both wrong, the difference is
delta = (b - c) / N = accuracy(baseline) - accuracy(candidate), positive when the candidate
is worse.

- Tango's asymptotic score interval (Tango 1998) needs only b, c and N; it is the default.
- Newcombe's hybrid score interval, method 10 (Newcombe 1998), also needs the concordant
  cells.
- The Wald interval is a large-sample cross-check and never displayed.

statsmodels 0.15.0 does not yet ship ``confint_proportions_paired``, so these are written
here (about 30 lines each); see docs/method-degradation.md §4.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from core.degradation.stats.distributions import brentq, norm, proportion_confint


@dataclass(frozen=True, slots=True)
class ConfidenceInterval:
    """A two-sided confidence interval ``[low, high]``."""

    low: float
    high: float


def _z(confidence_level: float) -> float:
    if not 0.0 < confidence_level < 1.0:
        raise ValueError(f"confidence_level must lie in (0, 1), got {confidence_level!r}")
    return float(norm.ppf(0.5 + confidence_level / 2.0))


def _check_counts(b: int, c: int, n_items: int) -> None:
    if min(b, c) < 0 or n_items < b + c or n_items <= 0:
        raise ValueError(
            f"need 0 <= b, c and b + c <= n_items > 0; got b={b}, c={c}, n_items={n_items}"
        )


def tango_interval(
    b: int, c: int, n_items: int, confidence_level: float = 0.95
) -> ConfidenceInterval:
    """Tango's score interval for the paired difference (b - c) / N.

    Parameters
    ----------
    b, c : int
        Discordant counts: baseline right & candidate wrong, and the reverse.
    n_items : int
        All paired items N.
    confidence_level : float, default 0.95

    Returns
    -------
    ConfidenceInterval

    Notes
    -----
    For a trial difference d, the restricted maximum-likelihood estimate of the c-cell
    probability is p21 = (sqrt(B^2 - 4AC) - B) / (2A) with A = 2N,
    B = -b - c + (2N - b + c) d and C = -c d (1 - d); the score statistic is
    T(d) = (b - c - N d) / sqrt(N (2 p21 + d (1 - d))). The interval collects every d with
    |T(d)| <= z; T decreases in d, so each limit is one root (Brent's method). With
    b = c = 0 the interval has width 2 z^2 / (N + z^2), not zero.

    References
    ----------
    Tango T. (1998). Equivalence test and confidence interval for the difference in
    proportions for the paired-sample design. Statistics in Medicine 17:891-908.
    """
    _check_counts(b, c, n_items)
    z = _z(confidence_level)
    n = float(n_items)

    def score(d: float) -> float:
        big_b = -b - c + (2.0 * n - b + c) * d
        big_c = -c * d * (1.0 - d)
        p21 = (math.sqrt(max(big_b * big_b - 8.0 * n * big_c, 0.0)) - big_b) / (4.0 * n)
        variance = n * (2.0 * p21 + d * (1.0 - d))
        numerator = b - c - n * d
        if variance <= 0.0:
            return 0.0 if numerator == 0.0 else math.copysign(math.inf, numerator)
        return numerator / math.sqrt(variance)

    estimate = (b - c) / n
    edge = 1.0 - 1e-12
    low = -1.0 if score(-edge) <= z else brentq(lambda d: score(d) - z, -edge, estimate, xtol=1e-14)
    high = 1.0 if score(edge) >= -z else brentq(lambda d: score(d) + z, estimate, edge, xtol=1e-14)
    return ConfidenceInterval(float(low), float(high))


def newcombe_interval(
    b: int, c: int, n_items: int, both_right: int, confidence_level: float = 0.95
) -> ConfidenceInterval:
    """Newcombe's hybrid score interval (method 10) for the paired difference.

    Parameters
    ----------
    b, c : int
        Discordant counts (n12 and n21).
    n_items : int
        All paired items N.
    both_right : int
        Items both models got right (n11); both wrong is N - n11 - b - c.
    confidence_level : float, default 0.95

    Returns
    -------
    ConfidenceInterval

    References
    ----------
    Newcombe R.G. (1998). Improved confidence intervals for the difference between binomial
    proportions based on paired data. Statistics in Medicine 17:2635-2650.
    """
    _check_counts(b, c, n_items)
    n11, n12, n21 = both_right, b, c
    n22 = n_items - n11 - n12 - n21
    if n22 < 0 or n11 < 0:
        raise ValueError("both_right must lie in [0, n_items - b - c]")
    alpha = 1.0 - confidence_level
    _z(confidence_level)
    p1, p2 = (n11 + n12) / n_items, (n11 + n21) / n_items
    l1, u1 = proportion_confint(n11 + n12, n_items, alpha=alpha, method="wilson")
    l2, u2 = proportion_confint(n11 + n21, n_items, alpha=alpha, method="wilson")
    margins = [n11 + n12, n21 + n22, n11 + n21, n12 + n22]
    product = math.prod(float(m) for m in margins)
    cross = n11 * n22 - n12 * n21
    if product == 0:
        phi = 0.0
    elif cross > n_items / 2:
        phi = (cross - n_items / 2) / math.sqrt(product)
    elif cross >= 0:
        phi = 0.0
    else:
        phi = cross / math.sqrt(product)
    delta = p1 - p2
    low = delta - math.sqrt(
        max((p1 - l1) ** 2 + (u2 - p2) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2), 0.0)
    )
    high = delta + math.sqrt(
        max((p2 - l2) ** 2 + (u1 - p1) ** 2 - 2 * phi * (p2 - l2) * (u1 - p1), 0.0)
    )
    return ConfidenceInterval(float(low), float(high))


def wald_interval(
    b: int, c: int, n_items: int, confidence_level: float = 0.95
) -> ConfidenceInterval:
    """The Wald interval delta +- z sqrt((p_flip - delta^2) / N); a cross-check, never shown.

    It has zero width when b + c = 0 and can leave [-1, 1] with few flips.
    """
    _check_counts(b, c, n_items)
    z = _z(confidence_level)
    delta = (b - c) / n_items
    half = z * math.sqrt(max((b + c) / n_items - delta * delta, 0.0) / n_items)
    return ConfidenceInterval(delta - half, delta + half)


def paired_interval(
    b: int,
    c: int,
    n_items: int,
    *,
    confidence_level: float = 0.95,
    method: Literal["tango", "newcombe", "wald"] = "tango",
    both_right: int | None = None,
) -> ConfidenceInterval:
    """Interval for (b - c) / N by the named method (Newcombe needs ``both_right``)."""
    if method == "tango":
        return tango_interval(b, c, n_items, confidence_level)
    if method == "wald":
        return wald_interval(b, c, n_items, confidence_level)
    if method == "newcombe":
        if both_right is None:
            raise ValueError("method='newcombe' needs both_right (items both models got right)")
        return newcombe_interval(b, c, n_items, both_right, confidence_level)
    raise ValueError(f"method must be 'tango', 'newcombe' or 'wald', got {method!r}")
