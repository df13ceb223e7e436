"""The whole comparison: paper case study end to end, verdict rules, and false-positive rates."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binom

from core.degradation.compare import compare_paired
from core.degradation.comparison import CompareOptions
from core.degradation.data.pairing import pair_runs
from core.degradation.stats.aggregate import fisher_combination, max_drop_test
from core.errors import InputError
from core.samples import SampleScores, make_score_frame

from .helpers import runs_from_counts

CASE_STUDY = (
    Path(__file__).resolve().parents[2]
    / "fixtures"
    / "degradation"
    / "case_study_llama31_8b_pooled.csv"
)


def _compare(units, **options):
    baseline, candidate = runs_from_counts(units)
    return compare_paired(pair_runs(baseline, candidate), CompareOptions(**options))


@pytest.mark.parametrize(
    "row", pd.read_csv(CASE_STUDY).to_dict("records"), ids=lambda r: r["variant"]
)
def test_case_study_end_to_end_pooled_p_and_verdict(row):
    """One unit with the reconstructed counts: pooled p and the verdict match the paper's table."""
    n, b, c = (
        row["n_total_samples"],
        row["recon_b_base_right_opt_wrong"],
        row["recon_c_base_wrong_opt_right"],
    )
    result = _compare({"leaderboard": (n, b, c)})
    assert float(f"{result.pooled.pvalue:.3g}") == pytest.approx(row["p_pool_reported"], rel=1e-9)
    assert round(result.pooled.delta * 100, 2) == pytest.approx(row["delta_hat_pct_reported"])
    assert round(result.pooled.flip_rate * 100, 2) == pytest.approx(row["p_flip_hat_pct_reported"])
    degraded = result.verdict == "degraded"
    assert degraded == (row["verdict_reported"] == "degraded")


def test_aggregation_uses_all_three_tests_and_bonferroni():
    units = {"big": (5000, 200, 200), "small": (200, 14, 2), "mid": (1000, 40, 35)}
    result = _compare(units)
    assert result.max_drop_unit == "small"
    assert result.max_drop.pvalue == pytest.approx(
        max_drop_test([200, 14, 40], [200, 2, 35]).pvalue
    )
    logs = [
        math.log(float(binom.sf(b - 1, b + c, 0.5))) for b, c in ((200, 200), (14, 2), (40, 35))
    ]
    assert result.fisher.pvalue == pytest.approx(fisher_combination(logs).pvalue)
    assert result.pooled.pvalue == pytest.approx(float(binom.sf(253, 254 + 237, 0.5)))
    smallest = min(result.pooled.pvalue, result.max_drop.pvalue, result.fisher.pvalue)
    assert result.combined_paper.pvalue == pytest.approx(min(1.0, 3 * smallest))
    assert result.combined.decisive_test == "max_drop"
    # default: the calibrated min-p, strictly between the smallest p and the paper's 3 x min
    assert result.combined is result.combined_calibrated
    assert smallest < result.combined_pvalue < 3 * smallest
    paper = _compare(units, combine="paper")
    assert paper.combined_pvalue == pytest.approx(min(1.0, 3 * smallest))
    assert [u.unit for u in result.units] == ["big", "mid", "small"]


def test_holm_column_and_flags():
    result = _compare({"a": (1000, 60, 20), "b": (1000, 30, 30), "c": (500, 0, 0)})
    by_unit = {u.unit: u for u in result.units}
    assert by_unit["c"].pvalue == 1.0 and by_unit["c"].pvalue_holm == 1.0
    assert by_unit["a"].pvalue_holm == pytest.approx(min(1.0, 2 * by_unit["a"].pvalue))
    assert by_unit["a"].flagged and not by_unit["b"].flagged


def test_verdict_not_degraded_when_the_margin_could_be_detected():
    result = _compare({"t": (25282, 163, 168)})
    assert result.verdict == "not_degraded"
    assert result.mde < 0.01


def test_verdict_inconclusive_when_data_are_too_few():
    result = _compare({"t": (300, 12, 10)})
    assert result.verdict == "inconclusive"
    assert result.mde > 0.01
    assert result.items_for_margin > 300


def test_identical_runs_are_not_degraded_at_scale_and_inconclusive_when_tiny():
    assert _compare({"t": (25282, 0, 0)}).verdict == "not_degraded"
    assert _compare({"t": (5, 0, 0)}).verdict == "inconclusive"


def test_a_detectable_drop_larger_than_the_baseline_accuracy_is_not_reachable():
    """6 items, baseline right on 4: a drop of more than 66.67 points cannot happen, so the
    data could detect none (reported as not reachable, never "73.25 points")."""
    result = _compare({"t": (6, 2, 0)}, alpha=0.05)
    assert result.pooled.accuracy_baseline == pytest.approx(4 / 6)
    assert math.isinf(result.mde)
    assert result.verdict == "inconclusive"
    roomy = _compare({"t": (25282, 163, 168)})
    assert roomy.mde < roomy.pooled.accuracy_baseline and math.isfinite(roomy.mde)


def test_two_sided_option_reports_improvement_without_calling_it_degradation():
    result = _compare({"t": (5000, 100, 200)}, alternative="two-sided")
    assert result.improved and result.verdict == "not_degraded"
    assert result.pooled.pvalue == pytest.approx(2 * float(binom.sf(199, 300, 0.5)))


def test_mid_p_option_is_used_per_unit():
    result = _compare({"t": (1000, 30, 18)}, pvalue_method="mid-p")
    n = 48
    expected = float(binom.sf(30, n, 0.5) + 0.5 * binom.pmf(30, n, 0.5))
    assert result.units[0].pvalue == pytest.approx(expected)
    assert result.units[0].test == "mcnemar-mid-p"


def _nonbinary_runs(d_shift: float, seed: int = 0):
    rng = np.random.default_rng(seed)
    n = 600
    base = rng.uniform(0, 1, size=n)
    cand = np.clip(base - d_shift + rng.normal(0, 0.1, size=n), 0, 1)
    tasks = np.where(np.arange(n) < 400, "gen", "math")
    ids = np.arange(n).astype(str)
    return (
        SampleScores(make_score_frame(tasks, ids, base), "b", "test"),
        SampleScores(make_score_frame(tasks, ids, cand), "c", "test"),
    )


def test_non_binary_scores_take_the_permutation_route():
    baseline, candidate = _nonbinary_runs(0.05)
    result = compare_paired(pair_runs(baseline, candidate), CompareOptions(n_resamples=2000))
    assert result.route == "permutation"
    assert result.fisher.approximate
    assert result.units[0].test == "sign-flip"
    assert result.pooled.pvalue_floor == pytest.approx(1 / 2001)
    assert result.verdict == "degraded"
    assert result.pooled.ci_low < result.pooled.delta < result.pooled.ci_high


def test_two_sided_on_non_binary_is_refused_with_a_reason():
    baseline, candidate = _nonbinary_runs(0.0)
    with pytest.raises(InputError, match="0/1 scores only"):
        compare_paired(pair_runs(baseline, candidate), CompareOptions(alternative="two-sided"))


@pytest.mark.parametrize(("field", "value"), [("alpha", 0), ("alpha", 1.5), ("margin", 2.0)])
def test_bad_options_are_input_errors(field, value):
    with pytest.raises(InputError):
        CompareOptions(**{field: value})


@pytest.mark.parametrize("flip_rate", [0.01, 0.05, 0.10])
def test_false_positive_rate_under_lossless_noise(flip_rate):
    """Symmetric flips (no real change): each test and the combined rule reject <= alpha + MC error.

    Six units with the Open LLM Leaderboard v2 sizes; counts are simulated directly.
    """
    rng = np.random.default_rng(int(flip_rate * 1000))
    sizes = np.array([5761, 1192, 541, 5000, 12032, 756])
    replicates, alpha = 1500, 0.05
    rejections = {"pooled": 0, "max_drop": 0, "fisher": 0, "combined": 0}
    for _ in range(replicates):
        n = rng.binomial(sizes, flip_rate)
        b = rng.binomial(n, 0.5)
        c = n - b
        pooled = float(binom.sf(b.sum() - 1, n.sum(), 0.5))
        max_drop = max_drop_test(b, c).pvalue
        logs = [math.log(float(binom.sf(bi - 1, ni, 0.5))) for bi, ni in zip(b, n) if ni]
        fisher = fisher_combination(logs).pvalue
        rejections["pooled"] += pooled <= alpha
        rejections["max_drop"] += max_drop <= alpha
        rejections["fisher"] += fisher <= alpha
        rejections["combined"] += 3 * min(pooled, max_drop, fisher) <= alpha
    bound = alpha + 3 * math.sqrt(alpha * (1 - alpha) / replicates)
    for name, count in rejections.items():
        assert count / replicates <= bound, name


def test_statistics_on_leaderboard_scale_are_fast_enough_to_run_in_a_ui():
    """Not a timing test: just that 25,282 items in 60 units run end to end."""
    units = {f"task{i:02d}": (421, 20, 18) for i in range(60)}
    result = _compare(units)
    assert result.pooled.n == 421 * 60 and len(result.units) == 60


def test_sentence_names_the_damaged_benchmark_when_overall_accuracy_rose():
    from core.degradation.present.verdict_words import verdict_sentence

    result = _compare({"big": (20000, 900, 1000), "small": (300, 40, 2)})
    assert result.verdict == "degraded" and result.pooled.delta < 0
    sentence = verdict_sentence(result)
    assert sentence.startswith("Degraded on small: accuracy there fell 12.67 points")
    assert "although overall accuracy rose 0.31 points (95% CI −0.12 to 0.73)" in sentence


def test_sentences_for_each_verdict_carry_number_interval_and_meaning():
    from core.degradation.present.verdict_words import verdict_sentence

    degraded = verdict_sentence(_compare({"t": (25282, 1241, 1042)}))
    assert degraded.startswith(
        "Degraded: accuracy fell 0.79 points (95% CI 0.42 to 1.16) over 25,282 questions — "
        "less than your 1-point margin, though the interval reaches beyond it"
    )
    assert degraded.endswith("(p = 0.00002).")  # one unit: its own p 1.69e-05
    paper = verdict_sentence(_compare({"t": (25282, 1241, 1042)}, combine="paper"))
    assert paper.endswith("(p = 0.00005).")  # the paper's 3 x 1.69e-05
    fine = verdict_sentence(_compare({"t": (25282, 163, 168)}))
    assert fine.startswith(
        "No evidence of degradation: accuracy rose 0.02 points (95% CI −0.12 to 0.16)"
    )
    assert "No evidence of a drop larger than 1 point: a drop of 0.22 points" in fine
    assert "with 80% power" in fine
    unsure = verdict_sentence(_compare({"t": (300, 12, 10)}))
    assert unsure.startswith("Inconclusive:") and "questions would be needed" in unsure
