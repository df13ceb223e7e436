"""Sentences of the sample-size planner shown under a comparison (page and reports)."""

from __future__ import annotations

import math

from core.degradation.stats.power import PowerPlan
from core.degradation.stats.verdict_plan import verdict_tests
from core.formatting import percent, plural


def level_words(alternative: str) -> str:
    """The verdict's level in words: "alpha/3", or "alpha/6 per side" when two-sided.

    Examples
    --------
    >>> level_words("two-sided"), level_words("greater")
    ('alpha/6 per side', 'alpha/3')
    """
    tests = verdict_tests(alternative)
    return f"alpha/{tests} per side" if alternative == "two-sided" else f"alpha/{tests}"


def planning_sentence(drop_points: float, plan: PowerPlan, n_have: int) -> str:
    """How many questions detect the drop, or that none do (Markdown).

    Parameters
    ----------
    drop_points : float
        The drop to detect in points, as the person typed it.
    plan : PowerPlan
        From ``plan_verdict_questions``; its ``flip_rate`` is the rate planned with.
    n_have : int
        Questions in the comparison.

    Returns
    -------
    str

    Examples
    --------
    >>> from core.degradation.stats.power import PowerPlan
    >>> planning_sentence(2, PowerPlan(1234.2, 0.02, 0.8, 0.1, 0.0167, "exact"), 500)
    'To detect a **2-point** drop with **80%** power at a flip rate of **10.00%**, you need about **1,235 questions** (you have 500).'
    """
    if not math.isfinite(plan.n_items):
        return "No number of questions reaches that power at this flip rate."
    return (
        f"To detect a **{drop_points:g}-point** drop with **{percent(plan.power)}** power at a "
        f"flip rate of **{plan.flip_rate:.2%}**, you need about "
        f"**{plural(math.ceil(plan.n_items), 'question')}** (you have {n_have:,})."
    )


def planning_caption(alternative: str) -> str:
    """What the planner plans for, and why flips matter.

    Examples
    --------
    >>> planning_caption("greater").split(".")[0]
    'Planned for the combined verdict (level alpha/3)'
    """
    return (
        f"Planned for the combined verdict (level alpha/{verdict_tests(alternative)}). More flips "
        "need more questions: the noise comes from questions that change their answer, not from "
        "the accuracy level."
    )
