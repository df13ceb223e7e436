"""The scipy-free distribution functions agree with scipy.stats, scipy.optimize, statsmodels."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import optimize, stats
from statsmodels.stats.proportion import proportion_confint as sm_confint

from core.degradation.stats import distributions as d

# The argument shapes the compare path uses: flips ranges, n up to 10^6, p = 1/2 and skewed.
N_VALUES = [0, 1, 2, 7, 40, 541, 2283, 25_282, 1_000_000]
P_VALUES = [0.0, 1e-9, 0.013, 0.0903, 0.5, 0.62, 0.999, 1.0]


@pytest.mark.parametrize("n", N_VALUES)
@pytest.mark.parametrize("p", P_VALUES)
def test_binomial_functions_equal_scipy(n: int, p: float) -> None:
    k = np.unique(np.r_[-2, -1, 0, 1, n // 3, n // 2, n // 2 + 1, n - 1, n, n + 1, 2.5])
    for name in ("pmf", "logpmf", "sf", "logsf"):
        ours, theirs = getattr(d.binom, name)(k, n, p), getattr(stats.binom, name)(k, n, p)
        np.testing.assert_array_equal(ours, theirs, err_msg=f"{name}(k, {n}, {p})")
    q = np.array([0.0, 1e-13, 1e-3, 0.05 / 3, 0.5, 0.95, 1 - 1e-13, 1.0])
    for name in ("ppf", "isf"):
        ours, theirs = getattr(d.binom, name)(q, n, p), getattr(stats.binom, name)(q, n, p)
        np.testing.assert_array_equal(ours, theirs, err_msg=f"{name}(q, {n}, {p})")


def test_binomial_scalars_and_arrays_of_n_equal_scipy() -> None:
    flips = np.arange(1, 400)
    assert d.binom.ppf(0.95, flips, 0.5).tolist() == stats.binom.ppf(0.95, flips, 0.5).tolist()
    critical = stats.binom.ppf(0.99, flips, 0.5)
    np.testing.assert_array_equal(
        d.binom.sf(critical, flips, 0.61), stats.binom.sf(critical, flips, 0.61)
    )
    assert d.binom.sf(1241 - 1, 2283, 0.5) == stats.binom.sf(1240, 2283, 0.5)
    assert isinstance(d.binom.logpmf(3, 10, 0.5), float)
    assert math.isnan(d.binom.pmf(1, 5, 1.5)) and math.isnan(d.binom.sf(1, 2.5, 0.5))


@pytest.mark.parametrize("q", [1e-300, 1e-13, 0.0125, 0.05 / 3, 0.2, 0.5, 0.8, 0.975, 1 - 1e-12])
def test_normal_and_chi_square_equal_scipy(q: float) -> None:
    assert d.norm.ppf(q) == stats.norm.ppf(q)
    assert d.norm.isf(q) == stats.norm.isf(q)
    x = stats.norm.ppf(q) * 3
    assert d.norm.cdf(x) == stats.norm.cdf(x)
    for df in (2, 4, 12, 40):
        statistic = -2 * math.log(q) * df / 4
        assert d.chi2.sf(statistic, df) == stats.chi2.sf(statistic, df)


@pytest.mark.parametrize(
    ("f", "a", "b", "xtol"),
    [
        (lambda x: x**3 - 2 * x - 5, 2.0, 3.0, 2e-12),
        (lambda x: math.cos(x) - x, 0.0, 1.0, 1e-14),
        (lambda x: math.exp(x) - 1e4, -5.0, 20.0, 1e-9),
        (lambda x: (x - 0.3) * (x + 2.0), 0.0, 1.0, 1e-14),
        (lambda x: stats.binom.sf(30, 100, x) - 0.8, 0.0, 1.0, 1e-9),
        (lambda x: x - 0.25, 0.25, 1.0, 1e-12),
    ],
)
def test_brentq_takes_scipys_steps(f, a: float, b: float, xtol: float) -> None:
    assert d.brentq(f, a, b, xtol=xtol) == optimize.brentq(f, a, b, xtol=xtol)


def test_brentq_refuses_a_bracket_without_sign_change() -> None:
    with pytest.raises(ValueError, match="different signs"):
        d.brentq(lambda x: x * x + 1, -1.0, 1.0)
    with pytest.raises(RuntimeError, match="converge"):
        d.brentq(lambda x: math.exp(x) - 1.5, 0.0, 1.0, xtol=1e-300, rtol=0.0, maxiter=2)


@pytest.mark.parametrize(("count", "nobs"), [(0, 5), (5, 5), (3, 10), (10_474, 25_282), (1, 10**6)])
@pytest.mark.parametrize("alpha", [0.05, 0.05 / 3, 0.2])
def test_wilson_interval_equals_statsmodels(count: int, nobs: int, alpha: float) -> None:
    ours = d.proportion_confint(count, nobs, alpha=alpha, method="wilson")
    theirs = sm_confint(count, nobs, alpha=alpha, method="wilson")
    assert ours == pytest.approx(theirs, rel=1e-15, abs=1e-17)
    with pytest.raises(NotImplementedError):
        d.proportion_confint(count, nobs, method="beta")
