"""Pooled, Max-Drop, Fisher and the combined rule, against scipy/statsmodels and Monte Carlo."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import binom, combine_pvalues
from statsmodels.stats.multitest import multipletests

from core.degradation.stats.aggregate import (
    combine_pvalues as combine_three,
)
from core.degradation.stats.aggregate import (
    fisher_combination,
    holm_adjust,
    max_drop_monte_carlo,
    max_drop_test,
)


def test_max_drop_exact_agrees_with_monte_carlo():
    b, c = [10, 30, 5, 200, 0], [4, 25, 1, 190, 0]
    exact = max_drop_test(b, c)
    draws = 200_000
    mc = max_drop_monte_carlo(b, c, n_draws=draws, rng=3)
    assert exact.n_units == 4
    assert exact.unit == 2
    assert abs(exact.pvalue - mc) < 4 * math.sqrt(exact.pvalue * (1 - exact.pvalue) / draws)


def test_max_drop_single_unit_is_the_exact_mcnemar_tail():
    result = max_drop_test([30], [12])
    assert result.pvalue == pytest.approx(float(binom.sf(29, 42, 0.5)), rel=1e-10)


def test_max_drop_matches_the_product_formula():
    b, c = np.array([12, 40, 7]), np.array([5, 38, 9])
    n = b + c
    z_max = np.max((b - c) / np.sqrt(n))
    survival = []
    for ni in n:
        ks = np.arange(ni + 1)
        survival.append(binom.pmf(ks, ni, 0.5)[(2 * ks - ni) / np.sqrt(ni) >= z_max - 1e-9].sum())
    expected = 1 - np.prod(1 - np.array(survival))
    assert max_drop_test(b, c).pvalue == pytest.approx(expected, rel=1e-10)


def test_max_drop_tiny_pvalue_keeps_digits():
    result = max_drop_test([3000, 5], [10, 5])
    assert result.pvalue == 0.0
    assert -880 < result.log10_pvalue < -870


def test_max_drop_near_1e_minus_20_is_not_rounded_to_zero():
    result = max_drop_test([2981, 10], [2325, 10])
    single = float(binom.sf(2980, 5306, 0.5))
    assert single == pytest.approx(1.0945e-19, rel=1e-3)
    assert result.pvalue == pytest.approx(single, rel=1e-6)  # the small unit adds ~nothing


def test_max_drop_without_flips():
    result = max_drop_test([0, 0], [0, 0])
    assert (result.pvalue, result.unit, result.n_units) == (1.0, None, 0)


def test_fisher_equals_scipy_combine_pvalues():
    p = [0.2, 0.04, 0.5, 0.013]
    ours = fisher_combination(np.log(p))
    statistic, pvalue = combine_pvalues(p, method="fisher")
    assert ours.statistic == pytest.approx(statistic)
    assert ours.pvalue == pytest.approx(pvalue)
    assert ours.df == 8


def test_fisher_handles_underflowing_pvalues():
    result = fisher_combination([-2000.0, -1.0])
    assert (
        result.pvalue == 0.0 and math.isfinite(result.log10_pvalue) and result.log10_pvalue < -800
    )


def test_fisher_without_units():
    assert fisher_combination([]).pvalue == 1.0


def test_combined_is_bonferroni_over_three():
    result = combine_three(0.02, 0.3, 0.01)
    assert result.pvalue == pytest.approx(0.03)
    assert result.decisive_test == "fisher"
    assert combine_three(0.5, 0.6, 0.7).pvalue == 1.0


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_holm_equals_statsmodels(seed):
    p = np.random.default_rng(seed).uniform(0, 0.2, size=9)
    mask = np.array([True, True, False, True, True, True, False, True, True])
    expected = np.ones(9)
    expected[mask] = multipletests(p[mask], method="holm")[1]
    np.testing.assert_allclose(holm_adjust(p, mask), expected, rtol=1e-12)


def test_holm_units_without_flips_get_one():
    assert list(holm_adjust([0.01, 1.0], [True, False])) == [0.01, 1.0]


def test_fisher_log_tail_matches_scipy_where_scipy_is_finite():
    from scipy.stats import chi2

    from core.degradation.stats.aggregate import _log_chi2_sf_even

    for x, df in ((50.0, 4), (900.0, 12), (1300.0, 2)):
        assert _log_chi2_sf_even(x, df) == pytest.approx(float(chi2.logsf(x, df)), rel=1e-9)
