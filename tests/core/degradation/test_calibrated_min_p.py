"""The calibrated combined test: exact where it can be, never above 3 x min, FPR and power.

The brute-force checks enumerate every outcome and evaluate the product's own per-test
functions (mcnemar_test, max_drop_test, fisher_combination) on each, independently of the
vectorised tables in :mod:`core.degradation.stats.calibrated_min_p`.
"""

from __future__ import annotations

import itertools
import math
import time

import numpy as np
import pytest
from scipy.stats import binom

from core.degradation.compare import compare_paired
from core.degradation.comparison import CompareOptions
from core.degradation.data.pairing import pair_runs
from core.degradation.stats import calibrated_min_p
from core.degradation.stats.aggregate import fisher_combination, max_drop_test
from core.degradation.stats.mcnemar import mcnemar_test

from .helpers import LEADERBOARD_SIZES, paired_from_arrays, runs_from_counts, simulate_pairs


def _compare(units, **options):
    baseline, candidate = runs_from_counts(units)
    return compare_paired(pair_runs(baseline, candidate), CompareOptions(**options))


def _min_p(b, n, alternative, method):
    c = [ni - bi for bi, ni in zip(b, n)]
    tests = [mcnemar_test(bi, ci, alternative=alternative, method=method) for bi, ci in zip(b, c)]
    pooled = mcnemar_test(sum(b), sum(c), alternative=alternative, method=method).pvalue
    drop = max_drop_test(b, c, two_sided=alternative == "two-sided").pvalue
    fisher = fisher_combination([t.log10_pvalue * math.log(10) for t in tests]).pvalue
    return min(pooled, drop, fisher)


def _brute_force(b_obs, n, alternative="greater", method="exact"):
    observed = _min_p(b_obs, n, alternative, method)
    below = tied = 0.0
    for b in itertools.product(*(range(ni + 1) for ni in n)):
        weight = math.prod(binom.pmf(bi, ni, 0.5) for bi, ni in zip(b, n))
        value = _min_p(list(b), n, alternative, method)
        if abs(value - observed) <= 1e-9 * observed:
            tied += weight
        elif value < observed:
            below += weight
    return below + (0.5 if method == "mid-p" else 1.0) * tied, observed


@pytest.mark.parametrize(
    ("alternative", "method"), [("greater", "exact"), ("greater", "mid-p"), ("two-sided", "exact")]
)
def test_enumeration_matches_brute_force_over_every_outcome(alternative, method):
    n = [7, 4, 9]
    b_obs = [6, 3, 6]
    units = {f"u{i}": (40, b, ni - b) for i, (b, ni) in enumerate(zip(b_obs, n))}
    result = _compare(units, alternative=alternative, pvalue_method=method)
    expected, smallest = _brute_force(b_obs, n, alternative, method)
    assert result.combined_calibrated.method == "exact"
    assert result.combined_calibrated.pvalue == pytest.approx(min(expected, 3 * smallest), rel=1e-9)
    assert result.combined_calibrated.pvalue < result.combined_paper.pvalue


@pytest.mark.parametrize(
    ("alternative", "method"), [("greater", "exact"), ("greater", "mid-p"), ("two-sided", "exact")]
)
def test_one_unit_gives_the_units_own_p_exactly(alternative, method):
    result = _compare(
        {"t": (100, 20, 8), "quiet": (50, 0, 0)}, alternative=alternative, pvalue_method=method
    )
    unit = next(row for row in result.units if row.unit == "t")
    assert result.combined_calibrated.pvalue == unit.pvalue
    assert result.combined_calibrated.method == "single-unit"
    # the enumeration agrees (the single-unit shortcut is not hiding a different answer)
    calibrated_min_p.calibrate_binary.cache_clear()
    enumerated = calibrated_min_p.calibrate_binary(
        (20,),
        (8,),
        math.log10(min(result.pooled.pvalue, result.max_drop.pvalue, result.fisher.pvalue)),
        alternative=alternative,
        pvalue_method=method,
    )
    assert enumerated.pvalue == pytest.approx(unit.pvalue, rel=1e-9)


def _exact_and_drawn(monkeypatch, b, c, **draws):
    """The calibrated min-p of the observed min p, enumerated, then drawn (enumeration off)."""
    log10_min = math.log10(_min_p(list(b), [x + y for x, y in zip(b, c)], "greater", "exact"))
    calibrated_min_p.calibrate_binary.cache_clear()
    exact = calibrated_min_p.calibrate_binary(b, c, log10_min)
    monkeypatch.setattr(calibrated_min_p, "EXACT_SUPPORT", 0)
    calibrated_min_p.calibrate_binary.cache_clear()
    drawn = calibrated_min_p.calibrate_binary(b, c, log10_min, **draws)
    calibrated_min_p.calibrate_binary.cache_clear()
    return exact, drawn


def test_monte_carlo_agrees_with_enumeration_within_its_error(monkeypatch):
    exact, simulated = _exact_and_drawn(
        monkeypatch, (14, 9, 20, 5), (6, 10, 12, 6), n_draws=40_000, seed=3
    )
    assert exact.method == "exact" and simulated.method == "monte-carlo"
    assert simulated.mc_error > 0
    assert abs(simulated.pvalue - exact.pvalue) <= 4 * simulated.mc_error


def test_never_above_three_times_the_smallest_and_deterministic():
    rng = np.random.default_rng(5)
    for _ in range(20):
        units = {}
        for k in range(int(rng.integers(2, 6))):
            n = int(rng.integers(50, 3000))
            flips = int(rng.integers(0, n // 5))
            b = int(rng.binomial(flips, rng.uniform(0.4, 0.7)))
            units[f"u{k}"] = (n, b, flips - b)
        result = _compare(units)
        smallest = min(result.pooled.pvalue, result.max_drop.pvalue, result.fisher.pvalue)
        assert result.combined_calibrated.pvalue <= min(1.0, 3 * smallest) * (1 + 1e-12)
        assert result.combined_paper.pvalue == pytest.approx(min(1.0, 3 * smallest))
    again = _compare(units)
    assert again.combined_calibrated == result.combined_calibrated


def test_non_binary_units_use_sign_flip_draws():
    rng = np.random.default_rng(8)
    sizes = (300, 200, 250)
    base = rng.random(750)
    cand = np.clip(base - rng.normal(0.02, 0.2, 750) * (rng.random(750) < 0.3), 0, 1)
    result = compare_paired(paired_from_arrays(sizes, base, cand), CompareOptions(n_resamples=4000))
    assert result.route == "permutation"
    calibrated, paper = result.combined_calibrated, result.combined_paper
    assert calibrated.method == "monte-carlo" and calibrated.n_draws == 4000
    assert calibrated.pvalue <= paper.pvalue


def test_fast_enough_for_the_page_on_the_leaderboard_shape():
    rng = np.random.default_rng(0)
    base, cand = simulate_pairs(rng, LEADERBOARD_SIZES, 0.09, drop=0.002)
    paired = paired_from_arrays(LEADERBOARD_SIZES, base, cand)
    compare_paired(paired)  # warm-up (imports, caches)
    calibrated_min_p.calibrate_binary.cache_clear()
    # CPU time of this process, not wall time: other processes on a loaded runner do not count
    start = time.process_time()
    result = compare_paired(paired)
    cpu_seconds = time.process_time() - start
    assert result.combined_calibrated.method in ("monte-carlo", "bound")
    assert cpu_seconds < 1.0  # ~50 ms on this machine


@pytest.mark.slow
@pytest.mark.parametrize("flip_rate", [0.01, 0.05, 0.10])
def test_false_positive_rate_through_compare_paired(flip_rate):
    """No real change: the calibrated rule rejects <= alpha + Monte Carlo error.

    Six units with a tenth of the leaderboard sizes; 300 data sets per flip rate.
    """
    rng = np.random.default_rng(int(flip_rate * 1000) + 1)
    sizes = [s // 10 for s in LEADERBOARD_SIZES]
    replicates, alpha = 300, 0.05
    options = CompareOptions(calibration_draws=4000, seed=0)
    rejected = 0
    for _ in range(replicates):
        base, cand = simulate_pairs(rng, sizes, flip_rate)
        result = compare_paired(paired_from_arrays(sizes, base, cand), options)
        rejected += result.combined_calibrated.pvalue <= alpha
        assert result.combined_calibrated.pvalue <= result.combined_paper.pvalue
    bound = alpha + 3 * math.sqrt(alpha * (1 - alpha) / replicates)
    assert rejected / replicates <= bound


@pytest.mark.slow
def test_power_at_a_03_point_drop_beats_the_papers_rule_at_every_flip_rate():
    """25,282 items, a true 0.3-point drop: calibrated power >= the paper's, per flip rate."""
    rng = np.random.default_rng(42)
    replicates, alpha = 80, 0.05
    options = CompareOptions(calibration_draws=10_000)
    gained = 0
    for flip_rate in (0.01, 0.05, 0.10):
        calibrated = paper = 0
        for _ in range(replicates):
            base, cand = simulate_pairs(rng, LEADERBOARD_SIZES, flip_rate, drop=0.003)
            result = compare_paired(paired_from_arrays(LEADERBOARD_SIZES, base, cand), options)
            calibrated += result.combined_calibrated.pvalue <= alpha
            paper += result.combined_paper.pvalue <= alpha
            assert result.verdict == (
                "degraded" if result.combined.pvalue <= alpha else result.verdict
            )
        assert calibrated >= paper, flip_rate
        gained += calibrated - paper
    assert gained > 0  # the calibration buys power somewhere


def test_sign_flip_route_enumerates_every_sign_pattern_like_brute_force():
    """Non-binary scores, 10 changed items in two units: the calibrated p is the share of the
    1,024 sign patterns whose min-p (from the product's own sign_flip_units and Fisher) is at
    most the observed one."""
    from core.degradation.stats.permutation import sign_flip_units

    sizes = (8, 6)
    base = np.array([0.9, 0.8, 0.7, 0.9, 0.6, 0.5, 0.5, 0.5, 1.0, 0.75, 0.6, 0.5, 0.5, 0.5])
    cand = np.array([0.2, 0.5, 0.6, 0.7, 0.1, 0.5, 0.5, 0.5, 0.25, 0.5, 0.7, 0.2, 0.5, 0.5])
    result = compare_paired(paired_from_arrays(sizes, base, cand))
    calibrated = result.combined_calibrated
    assert result.route == "permutation" and calibrated.method == "exact"

    d = base - cand
    units = [d[:8], d[8:]]
    changed = [(u, i) for u in range(2) for i in np.flatnonzero(units[u])]

    def min_p(parts):
        shared = sign_flip_units(parts)
        logs = [math.log(r.pvalue) for r, part in zip(shared.units, parts) if np.any(part)]
        fisher = fisher_combination(logs, approximate=True).pvalue
        return min(shared.pooled.pvalue, shared.max_drop_pvalue, fisher)

    observed = min_p(units)
    hits = 0
    for signs in itertools.product((1, -1), repeat=len(changed)):
        parts = [u.copy() for u in units]
        for (u, i), sign in zip(changed, signs):
            parts[u][i] *= sign
        hits += min_p(parts) <= observed * (1 + 1e-9)
    expected = hits / 2 ** len(changed)
    assert calibrated.pvalue == pytest.approx(min(expected, result.combined_paper.pvalue), rel=1e-9)
    assert calibrated.pvalue < result.combined_paper.pvalue


def test_two_sided_detectable_drop_is_at_alpha_over_six():
    from core.degradation.stats.power import detectable_drop

    result = _compare({"t": (25282, 1241, 1042)}, alternative="two-sided")
    assert result.mde == pytest.approx(detectable_drop(25282, 2283 / 25282, 0.05 / 6), rel=1e-9)
    one_sided = _compare({"t": (25282, 1241, 1042)})
    assert one_sided.mde == pytest.approx(detectable_drop(25282, 2283 / 25282, 0.05 / 3), rel=1e-9)


@pytest.mark.slow
def test_false_positive_rate_with_non_binary_scores():
    """Sign-flip route, no real change (differences symmetric about 0): rejections <= alpha
    + Monte Carlo error over 300 data sets of three units."""
    rng = np.random.default_rng(17)
    sizes = (300, 120, 80)
    replicates, alpha = 300, 0.05
    options = CompareOptions(n_resamples=1000)
    rejected = 0
    for _ in range(replicates):
        base = rng.random(sum(sizes))
        changed = rng.random(sum(sizes)) < 0.2
        cand = np.where(changed, np.clip(base + rng.normal(0, 0.3, base.size), 0, 1), base)
        swap = rng.random(base.size) < 0.5  # exchangeable labels: no real change
        base, cand = np.where(swap, cand, base), np.where(swap, base, cand)
        result = compare_paired(paired_from_arrays(sizes, base, cand), options)
        assert result.route == "permutation"
        rejected += result.combined_calibrated.pvalue <= alpha
    assert rejected / replicates <= alpha + 3 * math.sqrt(alpha * (1 - alpha) / replicates)


KV_FP8_UNITS = {
    "bbh": (5761, 291, 248),
    "gpqa": (1192, 55, 68),
    "ifeval": (541, 20, 25),
    "math": (5000, 325, 221),
    "mmlu_pro": (12032, 516, 453),
    "musr": (756, 34, 27),
}


def test_capped_value_comes_with_an_exact_lower_bound():
    """KV-FP8 counts: min p 1.69e-05 is below what 20,000 draws resolve, so 3 x min is used;
    the pooled test alone gives the exact lower bound P(pooled* <= p_obs) = p_obs."""
    result = _compare(KV_FP8_UNITS)
    calibrated = result.combined_calibrated
    assert calibrated.capped and calibrated.pvalue == result.combined_paper.pvalue
    assert calibrated.lower_bound == pytest.approx(result.pooled.pvalue, rel=1e-9)


def test_lower_bound_never_exceeds_the_exact_calibrated_value(monkeypatch):
    exact, bounded = _exact_and_drawn(monkeypatch, (14, 9, 20, 5), (3, 10, 6, 6), n_draws=10)
    assert exact.method == "exact" and bounded.method == "bound"
    assert 0 < bounded.lower_bound <= exact.pvalue <= bounded.pvalue


def test_cap_is_three_times_the_smallest_p_not_less():
    """The cap sits at exactly 3 x min: an estimate 2.5 x the given min is kept, one 4 x
    the given min is cut to 3 x min (a cap at 2 x min would change the first)."""
    b, c = (6, 3, 6), (1, 1, 3)
    calibrated_min_p.calibrate_binary.cache_clear()
    free = calibrated_min_p.calibrate_binary(b, c, 0.0)  # a cap of 3 does not bind
    assert free.method == "exact" and not free.capped and 0 < free.pvalue < 0.3
    kept = calibrated_min_p.calibrate_binary(b, c, math.log10(free.pvalue / 2.5))
    assert not kept.capped and kept.pvalue == pytest.approx(free.pvalue, rel=1e-12)
    cut = calibrated_min_p.calibrate_binary(b, c, math.log10(free.pvalue / 4))
    assert cut.capped and cut.pvalue == pytest.approx(0.75 * free.pvalue, rel=1e-9)
    calibrated_min_p.calibrate_binary.cache_clear()


def test_sign_flip_cap_is_three_times_the_smallest_p_not_less():
    """Same for the sign-flip route: 40 equally likely draws, the observed at rank 12 (p = 0.3)."""
    draws = np.arange(40, dtype=float)[::-1].reshape(-1, 1)
    observed = math.log(12 / 40)

    def calibrate(log10_min):
        return calibrated_min_p.calibrate_sign_flip(
            draws, np.array([1.0]), [None], observed, log10_min, exact=True
        )

    assert calibrate(0.0).pvalue == pytest.approx(0.3)
    kept = calibrate(math.log10(0.3 / 2.5))
    assert not kept.capped and kept.pvalue == pytest.approx(0.3)
    cut = calibrate(math.log10(0.3 / 4))
    assert cut.capped and cut.pvalue == pytest.approx(0.225)


def test_compare_never_reports_a_calibrated_p_above_the_papers(monkeypatch):
    """Whatever the calibration returns, the combined p of the calibrated rule is at most the
    paper's 3 x min (the guarantee "never less powerful than the paper's rule")."""
    from core.degradation import compare as compare_module

    def too_large(rows, log10_min, options):
        return calibrated_min_p.Calibration(0.9, math.log10(0.9), "exact")

    monkeypatch.setattr(compare_module, "calibrate_binary_rows", too_large)
    result = _compare({"a": (500, 30, 12), "b": (400, 20, 18)})
    paper = result.combined_paper.pvalue
    assert paper < 0.9
    assert result.combined_calibrated.pvalue == paper
    assert result.combined.pvalue == paper


def test_underflowed_log_p_values_tie_without_a_warning():
    """Draws and the observed value both at log p = -inf (p around 1e-8680 on 100 MB
    inputs) are ties, and numpy's "invalid value in subtract" must not reach stderr."""
    import warnings

    from core.degradation.stats.calibrated_min_p import _tail_share

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sample = np.array([-np.inf, -5.0, -np.inf, -1.0])
        assert _tail_share(sample, -np.inf, None, False) == 2.0
        assert _tail_share(sample, -np.inf, None, True) == 1.0
