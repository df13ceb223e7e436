"""Power of the paired test: the smallest detectable drop and the items needed.

Power depends on the flip rate as well as on the drop (docs/method-degradation.md §9). With N
items, flip rate p and a true drop delta, each flip goes against the candidate with
probability q = (1 + delta / p) / 2. :func:`exact_power` sums the binomial over the
rejection region of the exact one-sided McNemar test, averaging over the random number of
flips; :func:`normal_power` is the closed form Phi(delta sqrt(N / p) - z_{1-alpha}).

The plain normal form is optimistic: at the paper's scale its detectable drop has an exact
power of 0.79 rather than the 0.80 claimed (0.6-1.6% too small a drop). The product therefore
uses the exact power up to :data:`EXACT_FLIP_LIMIT` expected flips and, beyond, the
*corrected* normal form :func:`corrected_power`, which uses the variance of b - c under the
alternative, N (p - delta^2), and the exact test's continuity step of one flip:
Phi((N delta - z_{1-alpha} sqrt(N p) - 1) / sqrt(N (p - delta^2))). Checked against the exact
power, it errs on the safe side (a slightly larger drop, power >= the stated one).

:func:`plan_sample_size` solves for whichever of N, the drop and the power is missing.
Planning for the combined verdict uses alpha / 3 (the Bonferroni level of the combined
rule); planning for the pooled test alone uses alpha.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from core.degradation.stats.distributions import binom, brentq, norm

#: Below this many expected flips the exact power is used; above it the corrected normal form.
EXACT_FLIP_LIMIT = 20_000


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
        ``"exact"`` or ``"normal (corrected)"``: how the power was computed.
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


def corrected_power(n_items: float, flip_rate: float, drop: float, alpha: float) -> float:
    """Phi((N delta - z_{1-alpha} sqrt(N p) - 1) / sqrt(N (p - delta^2))): the normal power
    with the alternative's variance and a continuity step (close to exact, never above it
    in the checks)."""
    if flip_rate <= 0 or n_items <= 0:
        return 0.0
    spread = math.sqrt(n_items * max(flip_rate - drop * drop, 1e-300))
    shift = n_items * drop - norm.ppf(1.0 - alpha) * math.sqrt(n_items * flip_rate) - 1.0
    return float(norm.cdf(shift / spread))


def corrected_detectable_drop(
    n_items: float, flip_rate: float, alpha: float, power: float = 0.8
) -> float:
    """The drop whose :func:`corrected_power` equals ``power`` (fraction; <= flip rate)."""
    if flip_rate <= 0 or corrected_power(n_items, flip_rate, flip_rate, alpha) < power:
        return math.inf
    return float(
        brentq(
            lambda d: corrected_power(n_items, flip_rate, d, alpha) - power,
            0.0,
            flip_rate,
            xtol=1e-12,
        )
    )


def corrected_required_items(drop: float, flip_rate: float, alpha: float, power: float) -> float:
    """Items N solving N d - z_power sqrt(N (p - d^2)) - z_{1-alpha} sqrt(N p) - 1 = 0."""
    spread = norm.ppf(power) * math.sqrt(max(flip_rate - drop * drop, 0.0))
    linear = spread + norm.ppf(1.0 - alpha) * math.sqrt(flip_rate)
    root = (linear + math.sqrt(linear * linear + 4.0 * drop)) / (2.0 * drop)
    return float(root * root)


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
    flips, weights, critical = _flip_distribution(int(n_items), float(flip_rate), float(alpha))
    reject = binom.sf(critical - 1, flips, q)
    return float(np.sum(weights * reject))


@lru_cache(maxsize=256)
def _flip_distribution(n_items: int, flip_rate: float, alpha: float):
    """The likely numbers of flips, their probabilities and critical values (cached:
    solving for the drop calls :func:`exact_power` many times with the same N and p)."""
    low = int(binom.ppf(1e-13, n_items, flip_rate))
    high = int(binom.isf(1e-13, n_items, flip_rate))
    flips = np.arange(max(low, 1), max(high, 1) + 1)
    weights = binom.pmf(flips, n_items, flip_rate)
    table = _critical_table(1 << int(flips[-1]).bit_length(), alpha)
    return flips, weights, table[flips]  # smallest b with P(X >= b) <= alpha


@lru_cache(maxsize=32)
def _critical_table(size: int, alpha: float) -> np.ndarray:
    """:func:`_critical_values` for every n in 0..size - 1 (sizes are powers of two)."""
    table = _critical_values(np.arange(size), alpha)
    table.setflags(write=False)
    return table


def _critical_values(flips: np.ndarray, alpha: float) -> np.ndarray:
    """Smallest b with P(Bin(n, 1/2) >= b) <= alpha, per n (``binom.ppf(1 - alpha) + 1``).

    Starts from the normal approximation and steps by one with vectorised tail checks,
    about twenty times faster than ``binom.ppf`` on large arrays.
    """
    z = norm.ppf(1.0 - alpha)
    critical = np.clip(np.floor(flips / 2.0 + z * np.sqrt(flips) / 2.0) - 2, 0, flips + 1)
    for _ in range(64):  # step down while the value below still qualifies
        lower = np.maximum(critical - 1, 0)
        down = (critical > 0) & (binom.sf(lower - 1, flips, 0.5) <= alpha)
        if not down.any():
            break
        critical = np.where(down, lower, critical)
    for _ in range(64):  # step up until the tail is at most alpha
        up = (critical <= flips) & (binom.sf(critical - 1, flips, 0.5) > alpha)
        if not up.any():
            break
        critical = np.where(up, critical + 1, critical)
    return critical


def power_at(n_items: float, flip_rate: float, drop: float, alpha: float) -> tuple[float, str]:
    """Power, exact when few flips are expected, else the corrected normal form; with the method."""
    if n_items * flip_rate <= EXACT_FLIP_LIMIT:
        return exact_power(int(round(n_items)), flip_rate, drop, alpha), "exact"
    return corrected_power(n_items, flip_rate, drop, alpha), "normal (corrected)"


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
    Exact power up to :data:`EXACT_FLIP_LIMIT` expected flips, the corrected normal form
    beyond (the plain normal form would claim the power for too small a drop).
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
        return corrected_detectable_drop(n_items, flip_rate, alpha, power)
    n = int(n_items)
    if flip_rate > 0 and exact_power(n, flip_rate, flip_rate, alpha) >= power:
        return float(
            brentq(lambda d: exact_power(n, flip_rate, d, alpha) - power, 0.0, flip_rate, xtol=1e-9)
        )
    if exact_power(n, 1.0 - 1e-12, 1.0 - 1e-12, alpha) < power:
        return math.inf
    low = max(flip_rate, 1e-12)
    return float(brentq(lambda d: exact_power(n, d, d, alpha) - power, low, 1.0 - 1e-12, xtol=1e-9))


def required_items(
    drop: float,
    flip_rate: float,
    alpha: float,
    power: float = 0.8,
    *,
    exact_limit: float | None = None,
) -> float:
    """Paired items needed to detect ``drop`` with the given power at this flip rate.

    Uses the corrected normal form (:func:`corrected_required_items`) and, when that implies
    fewer than :data:`EXACT_FLIP_LIMIT` flips, refines it by bisection on the exact power.
    Returns ``inf`` when the drop exceeds the flip rate. ``exact_limit`` (default
    :data:`EXACT_FLIP_LIMIT`) lowers that threshold for fast curves (the corrected form errs
    on the safe side: a few more items than exactly needed).
    """
    _check_probability("alpha", alpha)
    _check_probability("power", power)
    if drop <= 0:
        raise ValueError(f"drop must be positive, got {drop}")
    if flip_rate <= 0 or drop > flip_rate:
        return math.inf
    approx = corrected_required_items(drop, flip_rate, alpha, power)
    if approx * flip_rate > (EXACT_FLIP_LIMIT if exact_limit is None else exact_limit):
        return float(approx)
    # The corrected form is close and errs high: bracket the exact answer tightly around it.
    high = max(2, int(math.ceil(approx * 1.01)))
    while exact_power(high, flip_rate, drop, alpha) < power:
        high *= 2
        if high > 10**9:
            return math.inf
    low = max(1, int(approx * 0.97))
    while low > 1 and exact_power(low, flip_rate, drop, alpha) >= power:
        low //= 2
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
        method = "exact" if n_items * flip_rate <= EXACT_FLIP_LIMIT else "normal (corrected)"
    return PowerPlan(float(n_items), float(drop), float(power), float(flip_rate), level, method)


def _check_probability(name: str, value: float) -> None:
    if not 0.0 < value < 1.0:
        raise ValueError(f"{name} must lie strictly between 0 and 1, got {value!r}")
