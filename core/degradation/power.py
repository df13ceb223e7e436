"""Power of the paired test: the smallest detectable drop and the items needed.

Power depends on the flip rate as well as on the drop (degradation-method.md §9). With N
items, flip rate p and a true drop delta, each flip goes against the candidate with
probability q = (1 + delta / p) / 2. :func:`exact_power` sums the binomial over the
rejection region of the exact one-sided McNemar test, averaging over the random number of
flips; :func:`normal_power` is the closed form Phi(delta sqrt(N / p) - z_{1-alpha}).

:func:`plan_sample_size` solves for whichever of N, the drop and the power is missing.
Planning for the combined verdict uses alpha / 3 (the Bonferroni level of the combined
rule); planning for the pooled test alone uses alpha.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from core.degradation.distributions import binom, brentq, norm

#: Below this many expected flips the exact power is used; above it the normal form.
EXACT_FLIP_LIMIT = 500


@dataclass(frozen=True, slots=True)
class PowerPlan:
    """Result of :func:`plan_sample_size`: the three linked quantities, all filled in.

    Attributes
    ----------
    n_items : float
        Number of paired items N (may be fractional when solved for; round up to use).
    drop : float
        Accuracy drop as a fraction (0.01 = 1 point).
    power : float
        Probability of detecting that drop.
    flip_rate : float
        Share of items whose correctness differs between the two models.
    alpha : float
        The level the test is run at (alpha / tests).
    method : str
        ``"exact"`` or ``"normal"``: how the power was computed.
    """

    n_items: float
    drop: float
    power: float
    flip_rate: float
    alpha: float
    method: str


def normal_power(n_items: float, flip_rate: float, drop: float, alpha: float) -> float:
    """Power Phi(drop sqrt(N / p) - z_{1-alpha}) of the one-sided test (large N)."""
    if flip_rate <= 0:
        return 0.0
    return float(norm.cdf(drop * math.sqrt(n_items / flip_rate) - norm.ppf(1.0 - alpha)))


def normal_detectable_drop(
    n_items: float, flip_rate: float, alpha: float, power: float = 0.8
) -> float:
    """(z_{1-alpha} + z_power) sqrt(p / N): the smallest drop detectable with that power."""
    return float((norm.ppf(1.0 - alpha) + norm.ppf(power)) * math.sqrt(flip_rate / n_items))


def exact_power(n_items: int, flip_rate: float, drop: float, alpha: float) -> float:
    """Exact power of the one-sided exact McNemar test at level ``alpha``.

    The number of flips n ~ Bin(N, p); given n, b ~ Bin(n, q) with q = (1 + drop / p) / 2,
    and the test rejects when P(Bin(n, 1/2) >= b) <= alpha. The sum runs over the range of n
    that carries all but ~1e-12 of its probability.
    """
    if flip_rate <= 0 or n_items <= 0:
        return 0.0
    if drop > flip_rate + 1e-15:
        raise ValueError(
            f"a drop of {drop} is impossible with flip rate {flip_rate} (drop <= flip rate)"
        )
    q = min(1.0, max(0.0, (1.0 + drop / flip_rate) / 2.0))
    n_items = int(n_items)
    low = int(binom.ppf(1e-13, n_items, flip_rate))
    high = int(binom.isf(1e-13, n_items, flip_rate))
    flips = np.arange(max(low, 1), max(high, 1) + 1)
    weights = binom.pmf(flips, n_items, flip_rate)
    critical = binom.ppf(1.0 - alpha, flips, 0.5) + 1  # smallest b with P(X >= b) <= alpha
    reject = binom.sf(critical - 1, flips, q)
    return float(np.sum(weights * reject))


def power_at(n_items: float, flip_rate: float, drop: float, alpha: float) -> tuple[float, str]:
    """Power, exact when few flips are expected, else the normal form; with the method."""
    if n_items * flip_rate <= EXACT_FLIP_LIMIT:
        return exact_power(int(round(n_items)), flip_rate, drop, alpha), "exact"
    return normal_power(n_items, flip_rate, drop, alpha), "normal"


def detectable_drop(n_items: float, flip_rate: float, alpha: float, power: float = 0.8) -> float:
    """The smallest accuracy drop detectable with the given power (the MDE).

    Parameters
    ----------
    n_items : float
        Paired items N.
    flip_rate : float
        Observed share of items that flip, (b + c) / N (for non-binary scores the mean
        squared difference plays this role).
    alpha : float
        Level of the test (alpha / 3 for the combined verdict).
    power : float, default 0.8

    Returns
    -------
    float
        The drop as a fraction; ``inf`` when even a drop that flips every item against the
        candidate could not reach that power (too few items), ``nan`` when N = 0.

    Notes
    -----
    A drop can never exceed the flip rate, so drops larger than the observed flip rate are
    evaluated at a flip rate equal to the drop (every flip against the candidate). This
    keeps the MDE finite and meaningful when few or no flips were seen: with 25,282 items
    and no flips, a drop of a few hundredths of a point would have been detected, while
    with 5 items no drop can be.
    """
    _check_probability("alpha", alpha)
    _check_probability("power", power)
    if n_items <= 0:
        return math.nan
    flip_rate = max(0.0, float(flip_rate))
    if n_items * flip_rate > EXACT_FLIP_LIMIT:
        return normal_detectable_drop(n_items, flip_rate, alpha, power)
    n = int(n_items)
    if flip_rate > 0 and exact_power(n, flip_rate, flip_rate, alpha) >= power:
        return float(
            brentq(lambda d: exact_power(n, flip_rate, d, alpha) - power, 0.0, flip_rate, xtol=1e-9)
        )
    if exact_power(n, 1.0 - 1e-12, 1.0 - 1e-12, alpha) < power:
        return math.inf
    low = max(flip_rate, 1e-12)
    return float(brentq(lambda d: exact_power(n, d, d, alpha) - power, low, 1.0 - 1e-12, xtol=1e-9))


def required_items(drop: float, flip_rate: float, alpha: float, power: float = 0.8) -> float:
    """Paired items needed to detect ``drop`` with the given power at this flip rate.

    Uses the normal form (z_{1-alpha} + z_power)^2 p / drop^2 and, when that implies fewer
    than :data:`EXACT_FLIP_LIMIT` flips, refines it by bisection on the exact power.
    Returns ``inf`` when the drop exceeds the flip rate.
    """
    _check_probability("alpha", alpha)
    _check_probability("power", power)
    if drop <= 0:
        raise ValueError(f"drop must be positive, got {drop}")
    if flip_rate <= 0 or drop > flip_rate:
        return math.inf
    approx = (norm.ppf(1.0 - alpha) + norm.ppf(power)) ** 2 * flip_rate / drop**2
    if approx * flip_rate > EXACT_FLIP_LIMIT:
        return float(approx)
    low, high = 1, max(2, int(math.ceil(approx)))
    while exact_power(high, flip_rate, drop, alpha) < power:
        low, high = high, high * 2
        if high > 10**9:
            return math.inf
    while high - low > 1:
        middle = (low + high) // 2
        if exact_power(middle, flip_rate, drop, alpha) >= power:
            high = middle
        else:
            low = middle
    return float(high)


def plan_sample_size(
    *,
    flip_rate: float,
    n_items: float | None = None,
    drop: float | None = None,
    power: float | None = None,
    alpha: float = 0.05,
    tests: int = 1,
) -> PowerPlan:
    """Solve for whichever of ``n_items``, ``drop`` and ``power`` is ``None``.

    Parameters
    ----------
    flip_rate : float
        Expected share of items that flip.
    n_items, drop, power : float or None
        Exactly one must be ``None``.
    alpha : float, default 0.05
        Family-wise level.
    tests : int, default 1
        1 plans for the pooled test alone (level alpha); 3 for the combined verdict
        (level alpha / 3).

    Returns
    -------
    PowerPlan
    """
    missing = [
        name
        for name, value in (("n_items", n_items), ("drop", drop), ("power", power))
        if value is None
    ]
    if len(missing) != 1:
        raise ValueError(
            f"exactly one of n_items, drop, power must be None; missing: {missing or 'none'}"
        )
    _check_probability("flip_rate", flip_rate)
    level = alpha / tests
    if n_items is None:
        n_items = required_items(drop, flip_rate, level, power)
    elif drop is None:
        drop = detectable_drop(n_items, flip_rate, level, power)
    if power is None:
        power, method = power_at(n_items, flip_rate, drop, level)
    else:
        method = "exact" if n_items * flip_rate <= EXACT_FLIP_LIMIT else "normal"
    return PowerPlan(float(n_items), float(drop), float(power), float(flip_rate), level, method)


def _check_probability(name: str, value: float) -> None:
    if not 0.0 < value < 1.0:
        raise ValueError(f"{name} must lie strictly between 0 and 1, got {value!r}")
