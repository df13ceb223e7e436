"""The page's sample-size planner uses the comparison's own rules (level, flip-rate floor)."""

from __future__ import annotations

import math

import pytest

from core.degradation.compare import compare_paired
from core.degradation.comparison import CompareOptions
from core.degradation.data.pairing import pair_runs
from core.degradation.stats.power import plan_sample_size, required_items
from core.degradation.stats.verdict_plan import (
    SMALLEST_FLIP_RATE,
    observed_flip_rate,
    plan_verdict_questions,
    planning_flip_rate,
    verdict_tests,
)

from .helpers import runs_from_counts


def test_level_divides_alpha_by_three_or_six_per_side():
    assert verdict_tests("greater") == 3
    assert verdict_tests("less") == 3
    assert verdict_tests("two-sided") == 6


def test_flip_rate_is_never_below_the_drop():
    assert planning_flip_rate(0.10, 0.02) == 0.10
    assert planning_flip_rate(0.01, 0.02) == 0.02


def test_observed_flip_rate_floor_only_for_non_binary_scores():
    assert observed_flip_rate(0.0, binary=False) == SMALLEST_FLIP_RATE
    assert observed_flip_rate(0.3, binary=False) == 0.3
    assert observed_flip_rate(0.0, binary=True) == 0.0


@pytest.mark.parametrize("alternative, tests", [("greater", 3), ("two-sided", 6)])
def test_plan_matches_the_power_module_at_the_verdicts_level(alternative, tests):
    plan = plan_verdict_questions(0.12, 0.02, 0.8, 0.05, alternative)
    expected = plan_sample_size(flip_rate=0.12, drop=0.02, power=0.8, alpha=0.05, tests=tests)
    assert plan == expected
    assert plan.alpha == pytest.approx(0.05 / tests)
    assert plan.n_items == pytest.approx(required_items(0.02, 0.12, 0.05 / tests, 0.8))


def test_plan_raises_a_small_flip_rate_to_the_drop():
    plan = plan_verdict_questions(0.005, 0.03, 0.8, 0.05, "greater")
    assert plan.flip_rate == 0.03
    assert plan.n_items == pytest.approx(required_items(0.03, 0.03, 0.05 / 3, 0.8))


@pytest.mark.parametrize("alternative", ["greater", "two-sided"])
@pytest.mark.parametrize("counts", [(2000, 60, 40), (400, 3, 1)])
def test_planner_at_the_margin_agrees_with_the_comparison(alternative, counts):
    """At the comparison's margin and power the page plans exactly the comparison's count."""
    baseline, candidate = runs_from_counts({"t": counts})
    options = CompareOptions(alternative=alternative, margin=0.02)
    result = compare_paired(pair_runs(baseline, candidate), options)
    pooled = result.pooled
    plan = plan_verdict_questions(
        observed_flip_rate(pooled.flip_rate, pooled.binary),
        options.margin,
        options.power,
        options.alpha,
        alternative,
    )
    assert math.isfinite(plan.n_items)
    assert plan.n_items == pytest.approx(result.items_for_margin)
