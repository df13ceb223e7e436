"""Power and detectable drop, pinned to the method notes' table and checked by simulation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import binom

from core.degradation.power import (
    detectable_drop,
    exact_power,
    normal_detectable_drop,
    plan_sample_size,
    required_items,
)

# degradation-method.md §9: MDE at N = 25,282, alpha = 0.05 one-sided, power 0.8.
MDE_TABLE = {0.01: 0.16, 0.02: 0.22, 0.03: 0.27, 0.05: 0.35, 0.09: 0.47, 0.13: 0.56, 0.20: 0.70}


@pytest.mark.parametrize(("flip_rate", "mde_points"), MDE_TABLE.items())
def test_normal_mde_reproduces_the_table(flip_rate, mde_points):
    assert round(normal_detectable_drop(25282, flip_rate, 0.05) * 100, 2) == mde_points


@pytest.mark.parametrize("flip_rate", [0.01, 0.05])
def test_exact_mde_close_to_normal_at_leaderboard_scale(flip_rate):
    exact = detectable_drop(25282, flip_rate, 0.05)
    assert exact == pytest.approx(normal_detectable_drop(25282, flip_rate, 0.05), rel=0.05)


def test_exact_power_matches_simulation():
    rng = np.random.default_rng(11)
    n_items, flip_rate, drop, alpha = 300, 0.1, 0.04, 0.05
    q = (1 + drop / flip_rate) / 2
    flips = rng.binomial(n_items, flip_rate, size=20_000)
    b = rng.binomial(flips, q)
    pvalues = np.where(flips > 0, binom.sf(b - 1, flips, 0.5), 1.0)
    simulated = np.mean(pvalues <= alpha)
    assert exact_power(n_items, flip_rate, drop, alpha) == pytest.approx(simulated, abs=0.012)


def test_detectable_drop_hits_the_target_power():
    drop = detectable_drop(400, 0.08, 0.05 / 3)
    assert exact_power(400, 0.08, drop, 0.05 / 3) == pytest.approx(0.8, abs=1e-6)


def test_detectable_drop_with_no_flips_depends_on_n():
    assert math.isinf(detectable_drop(5, 0.0, 0.05 / 3))
    large = detectable_drop(25282, 0.0, 0.05 / 3)
    assert 0 < large < 0.001  # a few flips all against the candidate would be detected


def test_required_items_inverts_the_mde():
    n = required_items(0.005, 0.09, 0.05 / 3)
    assert detectable_drop(n, 0.09, 0.05 / 3) == pytest.approx(0.005, rel=1e-6)
    small = required_items(0.1, 0.2, 0.05)
    assert exact_power(int(small), 0.2, 0.1, 0.05) >= 0.8
    assert exact_power(int(small) - 1, 0.2, 0.1, 0.05) < 0.8


def test_plan_solves_for_the_missing_quantity():
    plan = plan_sample_size(flip_rate=0.09, drop=0.005, power=0.8, tests=3)
    assert plan.alpha == pytest.approx(0.05 / 3)
    back = plan_sample_size(flip_rate=0.09, n_items=plan.n_items, power=0.8, tests=3)
    assert back.drop == pytest.approx(0.005, rel=1e-6)
    power = plan_sample_size(flip_rate=0.09, n_items=plan.n_items, drop=0.005, tests=3)
    assert power.power == pytest.approx(0.8, abs=1e-6)


def test_plan_requires_exactly_one_missing():
    with pytest.raises(ValueError, match="exactly one"):
        plan_sample_size(flip_rate=0.1, n_items=100)
    with pytest.raises(ValueError, match="flip_rate"):
        plan_sample_size(flip_rate=1.5, n_items=100, drop=0.01)
