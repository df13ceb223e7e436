"""The batch-adaptive planner (core.frontier.planning.budget_adaptive): budget invariants,
one batch equals the one-shot design, the cost-aware residual model against statsmodels.

Pool: the real ObsScaling table of base models (tests/fixtures/frontier/PROVENANCE.md).
"""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm
from scipy.stats import norm

from core.frontier.data.budget_pool import load_candidate_pool
from core.frontier.planning.budget_adaptive import _cost_tail, _density, adaptive_plan
from core.frontier.planning.budget_design import select_models


@pytest.fixture(scope="module")
def pool(fixtures_dir):
    return load_candidate_pool(
        fixtures_dir / "frontier" / "obsscaling_base_llm_benchmark_eval.csv",
        cost="Model Size (B)",
        scores=["MMLU", "GSM8K"],
        flops="FLOPs (1E21)",
        flops_scale=1e21,
        model="Model",
    )


def test_one_batch_is_the_one_shot_design(pool):
    budget = 0.2 * pool.cost.sum()
    plan = adaptive_plan(pool, budget, batches=1)
    design = select_models(pool.log10_flops, pool.cost, budget, seed=42)
    assert plan.selected == tuple(design.selected)
    assert plan.spent == pytest.approx(design.spent)
    assert set(plan.batch_of) == {0}


@pytest.mark.parametrize("weighting", ["bin", "cost", "none"])
def test_budget_is_kept_in_total_and_per_batch(pool, weighting):
    budget = 0.15 * pool.cost.sum()
    plan = adaptive_plan(pool, budget, batches=3, weighting=weighting)
    chosen = np.array(plan.selected)
    assert len(set(plan.selected)) == chosen.size  # never the same model twice
    assert plan.spent == pytest.approx(pool.cost[chosen].sum())
    assert plan.spent <= budget + 1e-9
    assert list(plan.batch_of) == sorted(plan.batch_of)
    batch_of = np.array(plan.batch_of)
    for b in range(3):
        assert pool.cost[chosen[batch_of <= b]].sum() <= budget * (b + 1) / 3 + 1e-9
    assert plan.mask().sum() == chosen.size
    assert (plan.weighting, plan.density_weights) == (weighting, weighting == "bin")
    assert plan.tasks == ("MMLU", "GSM8K")


def test_without_scores_later_batches_continue_the_one_shot_design(pool):
    budget = 0.2 * pool.cost.sum()
    plan = adaptive_plan(pool, budget, tasks=(), batches=2)
    assert plan.spent <= budget + 1e-9 and set(plan.batch_of) <= {0, 1}
    assert plan.tasks == ()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"batches": 0}, "batches must be >= 1"),
        ({"weighting": "magic"}, "weighting must be one of"),
    ],
)
def test_refusals(pool, options, message):
    with pytest.raises(ValueError, match=message):
        adaptive_plan(pool, 10.0, **options)


def test_cost_tail_is_a_normal_linear_model_of_the_residual():
    rng = np.random.default_rng(0)
    z_seen = rng.uniform(21, 25, 60)
    c_seen = rng.uniform(0, 2, 60)
    r_seen = -0.05 + 0.01 * (z_seen - 23) + 0.02 * c_seen + rng.normal(0, 0.03, 60)
    z_new, c_new = np.array([22.0, 24.5]), np.array([0.3, 1.8])
    got = _cost_tail(z_new, c_new, z_seen, c_seen, r_seen, tail=0.03)
    centre = z_seen.mean()

    def design(z, c):
        return np.column_stack([np.ones_like(z), z - centre, (z - centre) ** 2, c])

    ols = sm.OLS(r_seen, design(z_seen, c_seen)).fit()
    expected = norm.cdf((ols.predict(design(z_new, c_new)) + 0.03) / np.sqrt(ols.mse_resid))
    assert got == pytest.approx(expected, rel=1e-9)


def test_density_counts_residuals_near_the_boundary_per_bin():
    class Flat:
        def predict(self, z):
            return np.full(np.shape(z), 0.5)

    z = np.array([0.5, 0.6, 0.7, 1.5, 1.6])
    y = np.array([0.5, 0.51, 0.9, 0.2, 0.505])
    got = _density(z, y, Flat(), np.array([0.0, 1.0, 2.0]), h=0.02)
    # bin 0: 2 of 3 near -> (2 + 0.5) / (3 + 1) / 0.04; bin 1: 1 of 2 -> 1.5 / 3 / 0.04
    assert got == pytest.approx([2.5 / 4 / 0.04, 1.5 / 3 / 0.04])
