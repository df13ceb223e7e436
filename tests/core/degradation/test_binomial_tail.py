"""Exact Bin(n, 1/2) tails in log space (core.degradation.stats.binomial_tail).

Pinned against scipy.stats.binom where its float result is normal, and against exact
big-integer arithmetic (sum of binomial coefficients over 2**n) where scipy underflows.
"""

from __future__ import annotations

import math

import pytest
from scipy.stats import binom

from core.degradation.stats.binomial_tail import log_point, log_upper_tail


def _exact_log_tail(k: int, n: int) -> float:
    """ln P(X >= k), X ~ Bin(n, 1/2), from exact integers (no floating point until the log)."""
    count = sum(math.comb(n, j) for j in range(max(k, 0), n + 1))
    return math.log(count) - n * math.log(2.0)


@pytest.mark.parametrize(
    ("k", "n"), [(1, 1), (3, 5), (5, 5), (7, 20), (15, 20), (40, 100), (60, 100), (95, 100)]
)
def test_matches_scipy_where_scipy_is_finite(k, n):
    assert log_upper_tail(k, n) == pytest.approx(math.log(binom.sf(k - 1, n, 0.5)), rel=1e-12)


def test_matches_a_hand_value():
    # P(X >= 9 | n = 10) = (10 + 1) / 1024
    assert math.exp(log_upper_tail(9, 10)) == pytest.approx(11 / 1024, rel=1e-13)


@pytest.mark.parametrize(("k", "n"), [(1000, 1000), (997, 1000), (1900, 2000), (1800, 2000)])
def test_finite_and_exact_where_scipy_underflows(k, n):
    assert binom.sf(k - 1, n, 0.5) < 1e-290  # the log-space branch is the one exercised
    got = log_upper_tail(k, n)
    assert math.isfinite(got)
    assert got == pytest.approx(_exact_log_tail(k, n), rel=1e-10)


def test_all_successes_is_minus_n_log_two():
    # P(X = n) = 2**-n: the single-term tail, far below the smallest float for n = 5000
    assert log_upper_tail(5000, 5000) == pytest.approx(-5000 * math.log(2.0), rel=1e-12)


def test_continuous_across_the_switch_to_log_space():
    # neighbouring thresholds on both sides of the 1e-290 switch stay in order and exact
    n = 1100
    values = [log_upper_tail(k, n) for k in range(1000, 1100)]
    assert all(a > b for a, b in zip(values, values[1:]))
    for k in (1000, 1040, 1060, 1099):
        assert log_upper_tail(k, n) == pytest.approx(_exact_log_tail(k, n), rel=1e-10)


@pytest.mark.parametrize("k", [0, -3])
def test_threshold_at_or_below_zero_is_certain(k):
    assert log_upper_tail(k, 7) == 0.0


def test_threshold_above_n_is_impossible():
    assert log_upper_tail(8, 7) == -math.inf


@pytest.mark.parametrize(("k", "n"), [(0, 4), (2, 4), (4, 4), (50, 100), (2000, 2000)])
def test_log_point_is_the_binomial_pmf(k, n):
    exact = math.log(math.comb(n, k)) - n * math.log(2.0)
    assert log_point(k, n) == pytest.approx(exact, rel=1e-12)
