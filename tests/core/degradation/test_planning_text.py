"""Sentences of the sample-size planner."""

from __future__ import annotations

import math

from core.degradation.present.planning_text import level_words, planning_caption, planning_sentence
from core.degradation.stats.power import PowerPlan


def test_sentence_rounds_up_and_follows_the_power_and_rate():
    plan = PowerPlan(25281.2, 0.015, 0.9, 0.123, 0.05 / 3, "exact")
    text = planning_sentence(1.5, plan, 2000)
    assert text == (
        "To detect a **1.5-point** drop with **90%** power at a flip rate of **12.30%**, you "
        "need about **25,282 questions** (you have 2,000)."
    )


def test_sentence_singular_and_unreachable():
    one = planning_sentence(50, PowerPlan(0.4, 0.5, 0.8, 0.5, 0.01, "exact"), 1)
    assert "about **1 question**" in one and "(you have 1)" in one
    none = planning_sentence(1, PowerPlan(math.inf, 0.01, 0.8, 0.1, 0.01, "exact"), 10)
    assert none == "No number of questions reaches that power at this flip rate."


def test_level_words_and_caption_follow_the_alternative():
    assert level_words("greater") == "alpha/3"
    assert level_words("two-sided") == "alpha/6 per side"
    assert "(level alpha/6)" in planning_caption("two-sided")
    assert "(level alpha/3)" in planning_caption("less")
