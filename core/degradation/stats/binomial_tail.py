"""Upper tails of the Binomial(n, 1/2) distribution that keep their digits when tiny.

The exact McNemar p-value is P(X >= b) for X ~ Bin(n, 1/2). ``scipy.stats.binom.sf``
is accurate down to the smallest normal float; below that it returns 0 and
``binom.logsf`` returns -inf. :func:`log_upper_tail` then sums the log pmf over the tail
(a logsumexp), truncated where the geometric decay of the terms makes the rest negligible.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import logsumexp

from core.degradation.stats.distributions import binom

#: Tails below this are recomputed in log space (well above the subnormal range).
_TINY = 1e-290


def log_upper_tail(k: int, n: int) -> float:
    """Natural log of P(X >= k) for X ~ Bin(n, 1/2), finite even when the tail underflows.

    Parameters
    ----------
    k, n : int
        Threshold and number of trials.

    Returns
    -------
    float
        ``log P(X >= k)``; ``0.0`` for k <= 0 and ``-inf`` for k > n.
    """
    if k <= 0:
        return 0.0
    if k > n:
        return -math.inf
    tail = float(binom.sf(k - 1, n, 0.5))
    if tail > _TINY:
        return math.log(tail)
    # Far in the upper tail: terms fall at least by the ratio (n - k) / (k + 1) per step.
    ratio = (n - k) / (k + 1)
    steps = n - k + 1 if ratio <= 0 else min(n - k + 1, int(math.ceil(-60.0 / math.log(ratio))) + 2)
    ks = np.arange(k, k + steps)
    return float(logsumexp(binom.logpmf(ks, n, 0.5)))


def log_point(k: int, n: int) -> float:
    """Natural log of P(X = k) for X ~ Bin(n, 1/2)."""
    return float(binom.logpmf(k, n, 0.5))
