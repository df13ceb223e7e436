"""The paired sign-flip test, checked against scipy.stats.permutation_test and the exact binomial."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import binom, permutation_test

from core.degradation.stats.permutation import sign_flip_test, sign_flip_units


def _scipy_exact(d: np.ndarray) -> float:
    return permutation_test(
        (d,), np.sum, permutation_type="samples", alternative="greater", n_resamples=np.inf
    ).pvalue


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_exact_enumeration_equals_scipy(seed):
    d = np.random.default_rng(seed).normal(0.1, 0.4, size=12).round(3)
    result = sign_flip_test(d)
    assert result.method == "exact"
    assert result.n_resamples == 0
    assert result.pvalue == pytest.approx(_scipy_exact(d), rel=1e-12)


def test_zero_differences_are_dropped():
    d = np.array([0.5, 0.0, 0.0, -0.25, 0.75, 0.0])
    result = sign_flip_test(d)
    assert result.n_nonzero == 3
    assert result.pvalue == pytest.approx(_scipy_exact(d[d != 0]), rel=1e-12)


def test_all_zero_gives_p_one():
    assert sign_flip_test(np.zeros(50)).pvalue == 1.0


def test_monte_carlo_on_binary_data_converges_to_the_exact_binomial():
    b, c = 70, 45
    d = np.concatenate([np.ones(b), -np.ones(c), np.zeros(300)])
    result = sign_flip_test(d, n_resamples=40_000, rng=7)
    exact = float(binom.sf(b - 1, b + c, 0.5))
    assert result.method == "monte-carlo"
    assert abs(result.pvalue - exact) < 4 * np.sqrt(exact * (1 - exact) / 40_000) + 1 / 40_001


def test_monte_carlo_floor_is_reported_and_never_undercut():
    d = np.full(200, 0.5)
    result = sign_flip_test(d, n_resamples=999, rng=0)
    assert result.pvalue_floor == pytest.approx(1 / 1000)
    assert result.pvalue == pytest.approx(1 / 1000)


def test_same_seed_same_pvalue_and_seed_is_echoed():
    d = np.random.default_rng(5).normal(0.02, 0.3, size=500)
    first, second = sign_flip_test(d, rng=11), sign_flip_test(d, rng=11)
    assert first == second
    assert first.seed == 11


def test_shared_draws_give_pooled_and_max_drop():
    rng = np.random.default_rng(3)
    units = [
        rng.normal(0.0, 0.3, size=400),
        rng.normal(0.08, 0.3, size=150),
        rng.normal(0.0, 0.3, size=5),
    ]
    result = sign_flip_units(units, n_resamples=4000, rng=1)
    pooled = sign_flip_test(np.concatenate(units), n_resamples=4000, rng=1)
    assert result.pooled.statistic == pytest.approx(pooled.statistic)
    assert result.max_drop_unit == 1
    assert result.max_drop_pvalue < 0.05
    # The 5-item unit is enumerated exactly even though the pooled test is Monte Carlo.
    assert result.units[2].method == "exact"
    assert result.units[2].pvalue == pytest.approx(_scipy_exact(units[2]), rel=1e-12)


def test_false_positive_rate_under_the_null():
    """Symmetric non-binary differences: the 5% test rejects at most 5% + Monte Carlo error."""
    rng = np.random.default_rng(20261121)
    replicates, rejections = 300, 0
    for _ in range(replicates):
        d = rng.choice([-1.0, -0.5, 0.0, 0.5, 1.0], size=200, p=[0.05, 0.1, 0.7, 0.1, 0.05])
        rejections += (
            sign_flip_test(d, n_resamples=499, rng=int(rng.integers(1 << 30))).pvalue <= 0.05
        )
    assert rejections / replicates <= 0.05 + 3 * np.sqrt(0.05 * 0.95 / replicates)


def test_invalid_input():
    with pytest.raises(ValueError, match="finite"):
        sign_flip_test([0.1, np.nan])
    with pytest.raises(ValueError, match="n_resamples"):
        sign_flip_test([0.1], n_resamples=0)
