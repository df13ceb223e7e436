"""Sample-size planning for the combined verdict: the rules the page and the comparison share.

The combined verdict tests three statistics, so its level is alpha / 3 (alpha / 6 per side
when two-sided). A drop of ``d`` cannot happen with fewer than ``d`` of the questions
flipping, so the flip rate used for planning is never below the drop (see
``core.degradation.stats.power.detectable_drop``).
"""

from __future__ import annotations

from core.degradation.stats.power import PowerPlan, plan_sample_size

#: Flip rate used for non-0/1 scores whose mean squared difference is zero (the power
#: functions need a rate strictly above zero).
SMALLEST_FLIP_RATE = 1e-6


def verdict_tests(alternative: str) -> int:
    """How many tests the verdict's level divides alpha by: 3, or 6 for a two-sided test.

    Parameters
    ----------
    alternative : {"less", "greater", "two-sided"}
        The comparison's alternative.

    Returns
    -------
    int
        6 for "two-sided" (one tail of three two-sided tests), otherwise 3.

    Examples
    --------
    >>> verdict_tests("two-sided"), verdict_tests("greater")
    (6, 3)
    """
    return 6 if alternative == "two-sided" else 3


def planning_flip_rate(flip_rate: float, drop: float) -> float:
    """The flip rate to plan with: the observed one, but never below the drop to detect.

    Parameters
    ----------
    flip_rate : float
        Observed share of questions that changed their answer.
    drop : float
        Drop to detect, as a share (0.02 for two points).

    Returns
    -------
    float

    Examples
    --------
    >>> planning_flip_rate(0.10, 0.02), planning_flip_rate(0.01, 0.02)
    (0.1, 0.02)
    """
    return max(flip_rate, drop)


def observed_flip_rate(flip_rate: float, binary: bool) -> float:
    """The observed flip rate, raised to ``SMALLEST_FLIP_RATE`` for non-0/1 scores.

    Examples
    --------
    >>> observed_flip_rate(0.0, binary=False)
    1e-06
    >>> observed_flip_rate(0.25, binary=True)
    0.25
    """
    return flip_rate if binary else max(flip_rate, SMALLEST_FLIP_RATE)


def plan_verdict_questions(
    flip_rate: float, drop: float, power: float, alpha: float, alternative: str
) -> PowerPlan:
    """How many questions the combined verdict needs to detect ``drop`` with ``power``.

    Parameters
    ----------
    flip_rate : float
        Observed flip rate (raised to ``drop`` when below it).
    drop : float
        Drop to detect, as a share.
    power : float
        Wanted power.
    alpha : float
        The verdict's family-wise level.
    alternative : str
        The comparison's alternative (sets the level, see ``verdict_tests``).

    Returns
    -------
    PowerPlan
        Its ``flip_rate`` is the rate planned with.
    """
    return plan_sample_size(
        flip_rate=planning_flip_rate(flip_rate, drop),
        drop=drop,
        power=power,
        alpha=alpha,
        tests=verdict_tests(alternative),
    )
