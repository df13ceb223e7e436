"""The verdict in words: direction and interval agree, the margin, options, plurals, warnings."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from scipy.stats import binom

from core.degradation.compare import compare_paired
from core.degradation.comparison import CompareOptions
from core.degradation.data.data_warnings import group_warnings
from core.degradation.data.pairing import pair_runs
from core.degradation.present.report import to_markdown, to_text
from core.degradation.present.verdict_words import change, verdict_sentence

from .helpers import runs_from_counts


def _compare(units, **options):
    baseline, candidate = runs_from_counts(units)
    return compare_paired(pair_runs(baseline, candidate), CompareOptions(**options))


def _numbers(text: str) -> list[float]:
    return [float(x.replace("−", "-")) for x in re.findall(r"[−-]?\d+\.\d+", text)]


def test_a_rise_of_40_points_on_5_items_carries_the_interval_of_the_rise():
    sentence = verdict_sentence(_compare({"t": (5, 0, 2)}))
    assert "accuracy rose 40.00 points (95% CI −20.83 to 76.93)" in sentence
    assert "could only detect no drop at all" not in sentence
    assert "no drop, however large, would be detected with 80% power" in sentence


@pytest.mark.parametrize(
    "counts", [(5, 0, 2), (5, 2, 0), (40, 3, 9), (300, 12, 10), (25282, 163, 168), (7, 1, 1)]
)
def test_every_stated_change_lies_inside_its_stated_interval(counts):
    result = _compare({"t": counts})
    word, size, low, high = change(result.pooled)
    assert low <= size <= high
    first = verdict_sentence(result).split(" over ")[0]
    values = _numbers(first)
    if word != "did not change":
        stated, ci_low, ci_high = values[:3]
        assert ci_low <= stated <= ci_high and stated >= 0


def test_one_task_with_b_20_c_8_is_degraded_at_its_own_exact_p():
    result = _compare({"t": (100, 20, 8)})
    assert result.units[0].pvalue == pytest.approx(binom.sf(19, 28, 0.5), rel=1e-12)  # 0.01785
    assert result.combined_pvalue == result.units[0].pvalue
    assert result.verdict == "degraded"
    assert _compare({"t": (100, 20, 8)}, combine="paper").verdict == "inconclusive"


def test_words_follow_the_options():
    result = _compare({"t": (2000, 60, 40)}, power=0.9, confidence_level=0.9, pvalue_method="mid-p")
    text = to_text(result)
    assert "90% power" in text and "80%" not in text
    assert "(90% CI" in verdict_sentence(result) and "95%" not in text
    assert "mid-p one-sided McNemar" in text
    two = to_text(_compare({"t": (2000, 60, 40)}, alternative="two-sided"))
    assert "exact two-sided McNemar" in two and "alpha/6 per side" in two
    markdown = to_markdown(result)
    assert "| 90% CI |" in markdown and "95% CI" not in markdown


def test_singular_and_plural_and_no_repeated_title():
    result = _compare({"t": (1, 0, 0)})
    sentence = verdict_sentence(result)
    assert "over 1 question," in sentence and "1 questions" not in sentence
    assert sentence.count("Inconclusive") == 1
    assert "n/a" not in sentence
    text = to_text(result)
    assert "paired 1 item;" in text and "1 point" in text and "1 points" not in text


def test_margin_is_in_every_verdict():
    assert "more than your 1-point margin" in verdict_sentence(_compare({"t": (100, 20, 8)}))
    assert "less than your 2-point margin" in verdict_sentence(
        _compare({"t": (25282, 1241, 1042)}, margin=0.02)
    )
    assert "No evidence of a drop larger than 1 point" in verdict_sentence(
        _compare({"t": (25282, 163, 168)})
    )


def test_margin_clause_follows_the_interval_not_only_the_estimate():
    """KV-FP8 counts (drop 0.79, 95% CI 0.42 to 1.16) against three margins: each of the
    four clauses is reached by the right comparison of the interval with the margin."""
    units = {"t": (25282, 1241, 1042)}
    clauses = {
        0.004: "more than your 0.4-point margin, even at the low end of the interval",
        0.005: "more than your 0.5-point margin, though the interval reaches below it",
        0.01: "less than your 1-point margin, though the interval reaches beyond it",
        0.02: "less than your 2-point margin;",
    }
    for margin, clause in clauses.items():
        assert clause in verdict_sentence(_compare(units, margin=margin))


def test_a_clear_rise_is_never_called_not_significant():
    """Sides swapped on w4a16-like counts: accuracy rose 1.73 points (CI 1.30 to 2.17), and the
    one-sided test for a drop finds none; "not significant" next to that interval reads as if
    the rise were noise."""
    units = {"a": (12032, 629, 873), "b": (756, 46, 44), "c": (541, 36, 24)}
    result = _compare(units)
    assert result.verdict != "degraded" and result.pooled.delta < 0
    sentence = verdict_sentence(result)
    assert "accuracy rose" in sentence
    assert "not significant" not in sentence
    assert "no significant drop (p = " in sentence
    # a fall that is not significant keeps the plain words
    assert "not significant (p = " in verdict_sentence(_compare({"t": (3, 1, 0)}))


def test_a_drop_significant_only_at_a_loose_alpha_is_not_called_very_unlikely_noise():
    """alpha 0.1, b = 30, c = 19 on 1,000 items: p = 0.076 makes it "degraded", yet the 95%
    interval (−0.28 to 2.55) still includes no change; the sentence must say so rather than
    call the drop "very unlikely to be noise"."""
    result = _compare({"t": (1000, 30, 19)}, alpha=0.1)
    assert result.verdict == "degraded" and result.pooled.ci_low < 0
    sentence = verdict_sentence(result)
    assert "very unlikely" not in sentence
    assert (
        "the drop is significant at your alpha 0.1 (p = 0.08), though the 95% interval" in sentence
    )
    assert "the 95% interval still includes no change" in sentence
    # a drop whose interval excludes zero keeps the strong words
    strong = verdict_sentence(_compare({"t": (25282, 1241, 1042)}))
    assert (
        "a drop this large is very unlikely to be noise (p = 0.00002)" in strong
        and "includes no change" not in strong
    )


def test_damage_in_one_benchmark_significant_only_at_a_loose_alpha_is_said_so():
    """Overall accuracy rose; Max-Drop flags one benchmark at alpha 0.2 whose 95% interval
    still includes zero: the sentence must not call it "very unlikely to be noise"."""
    baseline, candidate = runs_from_counts({"a": (2000, 10, 60), "b": (200, 11, 4)})
    result = compare_paired(pair_runs(baseline, candidate), CompareOptions(alpha=0.2))
    assert result.verdict == "degraded" and result.pooled.delta < 0
    sentence = verdict_sentence(result)
    assert "very unlikely to be noise" not in sentence
    assert "significant at your alpha 0.2" in sentence
    assert "that benchmark's 95% interval still includes no change" in sentence
    clear = compare_paired(
        pair_runs(*runs_from_counts({"a": (2000, 10, 60), "b": (200, 30, 8)})), CompareOptions()
    )
    assert "damage this concentrated is very unlikely to be noise" in verdict_sentence(clear)


def test_warnings_are_grouped_with_counts_and_shown_under_the_verdict():
    lines = [
        f"baseline: task t{i}: the results file counts 100 docs but the samples file holds 90; "
        "the samples are what is compared."
        for i in range(8)
    ] + ["candidate: 3 items were asked with different prompts (few-shot differ).", "odd thing"]
    groups = group_warnings(lines)
    assert [g.kind for g in groups] == ["counts", "prompts", "other"]
    assert groups[0].count == 8 and groups[0].summary.endswith("(8 warnings: baseline 8)")
    assert sum(g.count for g in groups) == len(lines)
    result = _compare({"t": (2000, 60, 40)})
    result = replace(result, pairing=replace(result.pairing, warnings=tuple(lines)))
    text = to_text(result).splitlines()
    assert text[1].startswith("  ⚠ Results-file counts disagree with the samples (8 warnings")
    assert text[10].startswith("  ⚠ Different prompts (1 warning: candidate 1)")
    assert "Results-file counts disagree" in to_markdown(result)


def test_html_report_states_the_rise_with_its_interval_and_both_rules():
    from core.degradation.present.html_report import build_html_report

    result = _compare({"t": (5, 0, 2)})
    lines = ["baseline: task t: the results file counts 9 docs but the samples file holds 5"] * 2
    result = replace(result, pairing=replace(result.pairing, warnings=tuple(lines)))
    page = build_html_report(result)
    assert "Rise (points)" in page and "40.00 (95% CI −20.83 to 76.93)" in page
    assert "rose 40.00 points (95% CI −20.83 to 76.93)" in page
    assert "Combined (calibrated min-p)" in page and "Combined (paper: 3 × smallest)" in page
    assert "Results-file counts disagree with the samples (2 warnings: baseline 2)" in page
    assert "none" not in page.split("Detectable drop")[1][:200]
