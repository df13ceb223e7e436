"""The exact McNemar test for paired binary outcomes, in the paper's orientation.

b counts items the baseline got right and the candidate got wrong (degradation flips),
c the reverse. Under H0 (the candidate is at least as accurate), conditioning on the
n = b + c discordant items, b ~ Bin(n, 1/2) at the boundary. The default is the paper's
exact one-sided p-value P(X >= b); two-sided and mid-p variants are product options.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from core.degradation.stats.binomial_tail import log_point, log_upper_tail
from core.degradation.stats.paired_interval import ConfidenceInterval, paired_interval

Alternative = Literal["greater", "two-sided"]
PValueMethod = Literal["exact", "mid-p"]
_LOG10 = math.log(10.0)


@dataclass(frozen=True, slots=True)
class McNemarResult:
    """Result of :func:`mcnemar_test`.

    Attributes
    ----------
    b, c : int
        Degradation flips (baseline right, candidate wrong) and improvement flips.
    n_items : int
        All paired items N, concordant ones included (used for the accuracy difference).
    alternative : {"greater", "two-sided"}
        ``"greater"``: H1 is that the candidate is less accurate (the paper's test).
    method : {"exact", "mid-p"}
        Exact binomial tail, or the mid-p variant.
    statistic : float
        z = (b - c) / sqrt(b + c); 0 when b + c = 0.
    pvalue : float
        The p-value (may be 0.0 only if it is below the smallest float).
    log10_pvalue : float
        log10 of the p-value, finite even when ``pvalue`` underflows.
    """

    b: int
    c: int
    n_items: int
    alternative: Alternative
    method: PValueMethod
    statistic: float
    pvalue: float
    log10_pvalue: float

    @property
    def delta(self) -> float:
        """Accuracy of the baseline minus that of the candidate, (b - c) / N."""
        return (self.b - self.c) / self.n_items if self.n_items else 0.0

    def confidence_interval(
        self, confidence_level: float = 0.95, method: Literal["tango", "newcombe", "wald"] = "tango"
    ) -> ConfidenceInterval:
        """Two-sided interval for :attr:`delta`; see :func:`paired_interval`."""
        return paired_interval(
            self.b, self.c, self.n_items, confidence_level=confidence_level, method=method
        )


def mcnemar_log_pvalue(
    b: int, c: int, alternative: Alternative = "greater", method: PValueMethod = "exact"
) -> float:
    """Natural log of the McNemar p-value (see :func:`mcnemar_test` for the definitions)."""
    n = b + c
    if n == 0:
        return 0.0
    if alternative == "greater":
        if method == "exact":
            return log_upper_tail(b, n)
        # mid-p: P(X > b) + P(X = b) / 2
        return _log_add(log_upper_tail(b + 1, n), log_point(b, n) - math.log(2.0))
    if b == c:
        return 0.0  # both two-sided variants equal 1 exactly; avoid round-off below 1
    k = max(b, c)
    if method == "exact":
        log_one_side = log_upper_tail(k, n)
    else:
        log_one_side = _log_sub(log_upper_tail(k, n), log_point(k, n) - math.log(2.0))
    return min(0.0, math.log(2.0) + log_one_side)


def mcnemar_test(
    b: int,
    c: int,
    n_items: int | None = None,
    *,
    alternative: Alternative = "greater",
    method: PValueMethod = "exact",
) -> McNemarResult:
    """Exact McNemar test that the candidate is less accurate than the baseline.

    Parameters
    ----------
    b : int
        Items the baseline got right and the candidate got wrong.
    c : int
        Items the baseline got wrong and the candidate got right.
    n_items : int, optional
        All paired items N (defaults to b + c); only the accuracy difference uses it.
    alternative : {"greater", "two-sided"}, default "greater"
        ``"greater"`` is the paper's one-sided test, p = P(X >= b), X ~ Bin(b + c, 1/2).
        ``"two-sided"`` doubles the tail beyond max(b, c), capped at 1.
    method : {"exact", "mid-p"}, default "exact"
        ``"mid-p"`` counts half the probability of the observed value (less conservative;
        Fagerland, Lydersen & Laake 2013). It departs from the paper.

    Returns
    -------
    McNemarResult

    Notes
    -----
    With b + c = 0 there is no evidence either way and every variant returns p = 1.
    The tail is computed by ``scipy.stats.binom.sf`` and, where that underflows, as a
    logsumexp of the log pmf, so ``log10_pvalue`` stays finite.

    References
    ----------
    Kübler et al., "When LLMs get significantly worse", arXiv 2602.10144 (2026).

    Examples
    --------
    The paper's KV-FP8 case: 1,241 degradation flips against 1,042 improvements.

    >>> result = mcnemar_test(1241, 1042, 25282)
    >>> f"{result.pvalue:.3g}"
    '1.69e-05'
    """
    for name, value in (("b", b), ("c", c)):
        if int(value) != value or value < 0:
            raise ValueError(f"{name} must be a non-negative whole number, got {value!r}")
    b, c = int(b), int(c)
    n = b + c
    n_items = n if n_items is None else int(n_items)
    if n_items < n:
        raise ValueError(f"n_items ({n_items}) cannot be smaller than b + c ({n})")
    if alternative not in ("greater", "two-sided"):
        raise ValueError(f"alternative must be 'greater' or 'two-sided', got {alternative!r}")
    if method not in ("exact", "mid-p"):
        raise ValueError(f"method must be 'exact' or 'mid-p', got {method!r}")
    log_p = mcnemar_log_pvalue(b, c, alternative, method)
    statistic = (b - c) / math.sqrt(n) if n else 0.0
    return McNemarResult(
        b=b,
        c=c,
        n_items=n_items,
        alternative=alternative,
        method=method,
        statistic=statistic,
        pvalue=min(1.0, math.exp(log_p)),
        log10_pvalue=min(0.0, log_p / _LOG10),
    )


def _log_add(x: float, y: float) -> float:
    if x == -math.inf:
        return y
    if y == -math.inf:
        return x
    high, low = max(x, y), min(x, y)
    return high + math.log1p(math.exp(low - high))


def _log_sub(x: float, y: float) -> float:
    """log(exp(x) - exp(y)) for x >= y."""
    if y == -math.inf:
        return x
    return x + math.log(max(-math.expm1(y - x), 1e-300))
