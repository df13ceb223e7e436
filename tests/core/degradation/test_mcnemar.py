"""The exact McNemar test, pinned to scipy's exact binomial tails and to the paper's case study."""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest
from scipy.stats import binom, binomtest

from core.degradation.stats.mcnemar import mcnemar_test

CASE_STUDY = (
    Path(__file__).resolve().parents[2]
    / "fixtures"
    / "degradation"
    / "case_study_llama31_8b_pooled.csv"
)


def _exact_tail(b: int, n: int) -> Fraction:
    """P(X >= b), X ~ Bin(n, 1/2), in exact rational arithmetic."""
    return Fraction(sum(math.comb(n, k) for k in range(b, n + 1)), 2**n)


@pytest.mark.parametrize(
    ("b", "c"), [(1, 0), (0, 1), (3, 7), (10, 4), (50, 50), (163, 168), (1241, 1042)]
)
def test_one_sided_equals_scipy_binomtest_greater(b, c):
    expected = binomtest(b, b + c, 0.5, alternative="greater").pvalue
    assert mcnemar_test(b, c).pvalue == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(("b", "c"), [(1, 0), (3, 7), (10, 4), (50, 50), (327, 363)])
def test_two_sided_equals_scipy_binomtest(b, c):
    expected = binomtest(b, b + c, 0.5, alternative="two-sided").pvalue
    assert mcnemar_test(b, c, alternative="two-sided").pvalue == pytest.approx(expected, rel=1e-12)


def test_case_study_pooled_pvalues_match_the_paper_to_three_digits():
    """Kübler et al. (arXiv 2602.10144), Llama-3.1-8B rows: reconstructed (b, c), reported p."""
    table = pd.read_csv(CASE_STUDY)
    assert len(table) == 6
    for row in table.itertuples():
        result = mcnemar_test(
            row.recon_b_base_right_opt_wrong, row.recon_c_base_wrong_opt_right, row.n_total_samples
        )
        assert float(f"{result.pvalue:.3g}") == pytest.approx(row.p_pool_reported, rel=1e-9), (
            row.variant
        )
        assert round(result.delta * 100, 2) == pytest.approx(row.delta_hat_pct_reported, abs=1e-9)


def test_case_study_definition_excludes_mid_p():
    """The printed KV-FP8 p-value pins the exact tail: the mid-p variant does not match it."""
    mid = mcnemar_test(1241, 1042, 25282, method="mid-p").pvalue
    assert float(f"{mid:.3g}") != 1.69e-05
    assert mid < mcnemar_test(1241, 1042, 25282).pvalue


def test_no_flips_gives_p_one_for_every_variant():
    for alternative in ("greater", "two-sided"):
        for method in ("exact", "mid-p"):
            result = mcnemar_test(0, 0, 100, alternative=alternative, method=method)
            assert result.pvalue == 1.0
            assert result.log10_pvalue == 0.0
            assert result.statistic == 0.0


@pytest.mark.parametrize("k", [1, 5, 40])
def test_b_equals_c_two_sided_mid_p_is_exactly_one(k):
    assert mcnemar_test(k, k, alternative="two-sided", method="mid-p").pvalue == 1.0
    assert mcnemar_test(k, k, alternative="two-sided").pvalue == 1.0


@pytest.mark.parametrize(("b", "c"), [(7, 3), (12, 12), (30, 18)])
def test_mid_p_matches_its_definition(b, c):
    n = b + c
    one_sided = float(_exact_tail(b + 1, n) + Fraction(math.comb(n, b), 2 ** (n + 1)))
    assert mcnemar_test(b, c, method="mid-p").pvalue == pytest.approx(one_sided, rel=1e-12)
    k = max(b, c)
    two = min(1.0, 2 * float(_exact_tail(k, n) - Fraction(math.comb(n, k), 2 ** (n + 1))))
    assert mcnemar_test(b, c, alternative="two-sided", method="mid-p").pvalue == pytest.approx(
        two, rel=1e-12
    )


def test_tiny_pvalues_keep_their_digits_in_log_space():
    """P(X >= 3000 | n = 3010) ~ 1e-878 underflows; its log10 must still be exact."""
    result = mcnemar_test(3000, 10)
    exact = _exact_tail(3000, 3010)
    expected_log10 = math.log10(exact.numerator) - math.log10(exact.denominator)
    assert result.pvalue == 0.0
    assert result.log10_pvalue == pytest.approx(expected_log10, rel=1e-10)


def test_ten_million_samples():
    b, c = 5_002_000, 4_998_000
    result = mcnemar_test(b, c, 10**7)
    assert result.pvalue == pytest.approx(float(binom.sf(b - 1, b + c, 0.5)), rel=1e-9)
    assert result.delta == pytest.approx(4000 / 10**7)


def test_statistic_is_the_square_root_of_the_uncorrected_mcnemar_chi2():
    from statsmodels.stats.contingency_tables import mcnemar

    b, c = 40, 22
    chi2 = mcnemar([[100, b], [c, 80]], exact=False, correction=False).statistic
    assert mcnemar_test(b, c).statistic ** 2 == pytest.approx(chi2)


@pytest.mark.parametrize("bad", [(-1, 2), (1.5, 2)])
def test_invalid_counts_are_refused(bad):
    with pytest.raises(ValueError, match="non-negative whole number"):
        mcnemar_test(*bad)


def test_invalid_options_are_refused():
    with pytest.raises(ValueError, match="alternative"):
        mcnemar_test(1, 2, alternative="less")
    with pytest.raises(ValueError, match="n_items"):
        mcnemar_test(5, 5, 3)
