"""Component test of ui/degradation/view.py: the verdict banner and key figures, and the
sample-size planner's sentence (its rules and words come from core)."""

from __future__ import annotations

import math

import pytest
from streamlit.testing.v1 import AppTest

from core.degradation.compare import compare_paired
from core.degradation.comparison import CompareOptions
from core.degradation.data.pairing import pair_runs
from core.degradation.stats.verdict_plan import plan_verdict_questions
from tests.core.degradation.helpers import runs_from_counts


def _compare(alternative="greater"):
    baseline, candidate = runs_from_counts({"arc": (600, 45, 12), "gsm8k": (400, 10, 9)})
    paired = pair_runs(baseline, candidate)
    return compare_paired(paired, CompareOptions(alternative=alternative)), paired


@pytest.fixture(scope="module")
def degraded():
    return _compare()


def _verdict_app(result):
    from ui.degradation.view import render_verdict

    render_verdict(result)


def _planning_app(result):
    from ui.degradation.view import render_planning

    render_planning(result)


def test_banner_and_key_figures(degraded):
    result, _ = degraded
    assert result.verdict == "degraded"
    at = AppTest.from_function(_verdict_app, args=(result,)).run()
    assert not at.exception
    assert at.error[0].value.startswith("**")
    labels = [m.label for m in at.metric]
    assert labels[:2] == ["Accuracy, baseline", "Accuracy, candidate"]
    assert "Flip rate" in labels and "Combined p" in labels and "Detectable drop" in labels
    flip = next(m for m in at.metric if m.label == "Flip rate")
    assert flip.value == f"{result.pooled.flip_rate:.2%}"


def test_planner_sentence_uses_the_verdicts_level(degraded):
    result, _ = degraded
    at = AppTest.from_function(_planning_app, args=(result,)).run()
    assert not at.exception
    plan = plan_verdict_questions(result.pooled.flip_rate, 0.01, 0.8, 0.05, "greater")
    sentence = at.markdown[0].value
    assert sentence.startswith("To detect a **1-point** drop with **80%** power")
    assert f"about **{math.ceil(plan.n_items):,} questions** (you have 1,000)" in sentence
    assert "(level alpha/3)" in at.caption[-1].value
    at.number_input(key="plan_drop").set_value(30.0).run()
    assert "flip rate of **30.00%**" in at.markdown[0].value  # never below the drop


def test_two_sided_plans_at_alpha_over_six():
    result, _ = _compare("two-sided")
    at = AppTest.from_function(_planning_app, args=(result,)).run()
    plan = plan_verdict_questions(result.pooled.flip_rate, 0.01, 0.8, 0.05, "two-sided")
    assert f"about **{math.ceil(plan.n_items):,} questions**" in at.markdown[0].value
    assert "(level alpha/6)" in at.caption[-1].value
