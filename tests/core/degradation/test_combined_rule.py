"""The calibrated combined rule's glue (core.degradation.stats.combined_rule).

The reference is an independent enumeration built only from scipy: exact McNemar
p-values from ``scipy.stats.binomtest``, Fisher's combination from
``scipy.stats.combine_pvalues``, and Max-Drop as 1 - prod_i (1 - P(z_i* >= z)).
"""

from __future__ import annotations

import itertools
import math
from types import SimpleNamespace

import numpy as np
import pytest
from scipy.stats import binom, binomtest, combine_pvalues

from core.degradation.comparison import CompareOptions
from core.degradation.stats.combined_rule import (
    calibrate_binary_rows,
    calibrate_permutation_rows,
)
from core.degradation.stats.permutation import sign_flip_units


def _p_greater(b: int, n: int) -> float:
    return 1.0 if n == 0 else binomtest(b, n, 0.5, alternative="greater").pvalue


def _row(b: int, c: int, binary: bool = True):
    p = _p_greater(b, b + c)
    return SimpleNamespace(b=b, c=c, pvalue=p, log10_pvalue=math.log10(p), binary=binary)


def _min_p(bs, ns) -> float:
    """min(pooled, Max-Drop, Fisher) for one outcome, one-sided, exact p-values."""
    pooled = _p_greater(sum(bs), sum(ns))
    z = max((2 * b - n) / math.sqrt(n) for b, n in zip(bs, ns))
    survive = 1.0
    for n in ns:  # P(z_i* >= z) = P(b_i* >= ceil((z sqrt(n) + n) / 2))
        threshold = math.ceil((z * math.sqrt(n) + n) / 2 - 1e-9)
        survive *= 1.0 - binom.sf(threshold - 1, n, 0.5)
    max_drop = 1.0 - survive
    fisher = combine_pvalues([_p_greater(b, n) for b, n in zip(bs, ns)], method="fisher").pvalue
    return min(pooled, max_drop, fisher)


def _reference(bs, ns) -> tuple[float, float]:
    """(observed min-p, P0(min-p* <= observed)) by enumerating every b* outcome."""
    observed = _min_p(bs, ns)
    total = 0.0
    for outcome in itertools.product(*(range(n + 1) for n in ns)):
        weight = math.prod(binom.pmf(b, n, 0.5) for b, n in zip(outcome, ns))
        if _min_p(outcome, ns) <= observed * (1 + 1e-9):
            total += weight
    return observed, total


@pytest.mark.parametrize(("bs", "cs"), [((4, 1), (1, 3)), ((5, 3), (0, 4)), ((3, 3, 2), (1, 1, 0))])
def test_binary_route_matches_an_independent_scipy_enumeration(bs, cs):
    ns = [b + c for b, c in zip(bs, cs)]
    observed, expected = _reference(bs, ns)
    rows = [_row(b, c) for b, c in zip(bs, cs)]
    got = calibrate_binary_rows(rows, math.log10(observed), CompareOptions())
    assert got.method == "exact"
    assert got.pvalue == pytest.approx(min(expected, 3 * observed), rel=1e-9)
    assert got.pvalue <= 3 * observed * (1 + 1e-12)


def test_one_unit_with_flips_is_that_units_own_p_value():
    rows = [_row(6, 1), _row(0, 0), _row(0, 0)]
    p = rows[0].pvalue
    got = calibrate_binary_rows(rows, math.log10(p), CompareOptions())
    assert got.method == "single-unit"
    assert got.pvalue == pytest.approx(binomtest(6, 7, 0.5, alternative="greater").pvalue)
    # the same shortcut on the sign-flip route
    got_flip = calibrate_permutation_rows(rows, [], None, math.log10(p), CompareOptions())
    assert got_flip.method == "single-unit"
    assert got_flip.pvalue == pytest.approx(p)


def test_single_unit_is_capped_at_three_times_the_smallest_p():
    # the unit's own p is 0.5 but some other test reached 0.01: the cap is 0.03, not 0.01 or 0.05
    row = SimpleNamespace(b=1, c=1, pvalue=0.5, log10_pvalue=math.log10(0.5), binary=True)
    got = calibrate_binary_rows([row], math.log10(0.01), CompareOptions())
    assert got.pvalue == pytest.approx(0.03, rel=1e-12)
    assert got.log10_pvalue == pytest.approx(math.log10(0.03), rel=1e-12)


def test_no_flips_anywhere_is_p_one():
    rows = [_row(0, 0), _row(0, 0)]
    got = calibrate_binary_rows(rows, 0.0, CompareOptions())
    assert (got.pvalue, got.log10_pvalue, got.method) == (1.0, 0.0, "none")


def test_single_unit_never_above_one():
    row = SimpleNamespace(b=0, c=3, pvalue=1.0, log10_pvalue=0.0, binary=True)
    got = calibrate_binary_rows([row], 0.0, CompareOptions())
    assert got.pvalue == 1.0
    assert got.log10_pvalue == 0.0


def test_options_reach_the_calibration():
    rows = [_row(4, 1), _row(1, 3)]
    observed = _min_p([4, 1], [5, 4])
    exact = calibrate_binary_rows(rows, math.log10(observed), CompareOptions())
    mid = calibrate_binary_rows(rows, math.log10(observed), CompareOptions(pvalue_method="mid-p"))
    two = calibrate_binary_rows(rows, math.log10(observed), CompareOptions(alternative="two-sided"))
    assert exact.pvalue == pytest.approx(_reference([4, 1], [5, 4])[1], rel=1e-9)
    assert mid.pvalue != pytest.approx(exact.pvalue, rel=1e-3)  # mid-p tables and half ties
    assert two.pvalue != pytest.approx(exact.pvalue, rel=1e-3)  # two-sided tables


def test_sign_flip_route_with_binary_units_equals_the_binomial_route():
    # 0/1 differences: enumerating every sign pattern is the binomial null, so both agree
    bs, cs = (5, 2), (1, 3)
    per_unit = [np.array([1.0] * b + [-1.0] * c + [0.0] * 4) for b, c in zip(bs, cs)]
    shared = sign_flip_units(per_unit, keep_draws=True)
    assert shared.method == "exact"
    rows = [_row(b, c) for b, c in zip(bs, cs)]
    observed, expected = _reference(bs, [b + c for b, c in zip(bs, cs)])
    options = CompareOptions()
    flip = calibrate_permutation_rows(rows, per_unit, shared, math.log10(observed), options)
    binary = calibrate_binary_rows(rows, math.log10(observed), options)
    assert flip.pvalue == pytest.approx(binary.pvalue, rel=1e-9)
    assert flip.pvalue == pytest.approx(min(expected, 3 * observed), rel=1e-9)
