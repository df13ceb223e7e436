"""Renderings of a comparison (core.degradation.present.report): test names, changes, the
detectable-drop line, JSON, text and Markdown.

Complements test_verdict_words.py (the verdict sentence): here the other lines, where the
words must follow the options (level, power, sides, alpha) and names from files are escaped.
"""

from __future__ import annotations

import json
import math
from types import SimpleNamespace

import numpy as np
import pytest
from scipy.stats import binomtest

from core.degradation.compare import CompareOptions, compare_paired
from core.degradation.data.pairing import pair_runs
from core.degradation.present import report

from .helpers import paired_from_arrays, runs_from_counts

COUNTS = {"arc": (2_000, 60, 20), "gsm|8k": (1_500, 30, 25)}


def _compare(counts=COUNTS, **options):
    baseline, candidate = runs_from_counts(counts)
    return compare_paired(pair_runs(baseline, candidate), CompareOptions(**options))


@pytest.mark.parametrize(
    ("options", "name"),
    [
        ({}, "exact one-sided McNemar test"),
        ({"pvalue_method": "mid-p"}, "mid-p one-sided McNemar test"),
        ({"alternative": "two-sided"}, "exact two-sided McNemar test"),
    ],
)
def test_test_name_follows_the_options(options, name):
    assert report.test_name(_compare(**options)) == name


def test_test_name_of_non_binary_scores_is_the_sign_flip_test():
    rng = np.random.default_rng(1)
    base = rng.random(60).round(2)
    cand = np.clip(base - 0.05, 0, 1)
    result = compare_paired(paired_from_arrays([30, 30], base, cand), CompareOptions())
    assert result.route == "permutation"
    assert report.test_name(result) == "one-sided sign-flip permutation test"


def _row(delta, low, high):
    return SimpleNamespace(delta=delta, ci_low=low, ci_high=high)


def test_change_reports_a_rise_with_the_rises_interval():
    assert report.change(_row(-0.02, -0.03, -0.005)) == ("rose", 0.02, 0.005, 0.03)
    assert report.change(_row(0.02, 0.005, 0.03)) == ("fell", 0.02, 0.005, 0.03)
    assert report.change(_row(0.0, -0.01, 0.01)) == ("did not change", 0.0, -0.01, 0.01)


@pytest.mark.parametrize(
    ("row", "level", "text"),
    [
        (_row(0.01, 0.002, 0.018), 0.95, "accuracy fell 1.00 point (95% CI 0.20 to 1.80)"),
        (_row(0.0173, 0.01, 0.02), 0.9, "accuracy fell 1.73 points (90% CI 1.00 to 2.00)"),
        (_row(-0.005, -0.012, 0.002), 0.99, "accuracy rose 0.50 points (99% CI −0.20 to 1.20)"),
        (_row(0.0, -0.01, 0.01), 0.975, "accuracy did not change (97.5% CI −1.00 to 1.00 points)"),
    ],
)
def test_change_text_units_signs_and_level(row, level, text):
    assert report.change_text(row, "accuracy", level) == text


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({}, "(80% power, level alpha/3)"),
        ({"power": 0.9}, "(90% power, level alpha/3)"),
        ({"power": 0.95, "alternative": "two-sided"}, "(95% power, level alpha/6 per side)"),
    ],
)
def test_detectable_text_follows_power_and_sides(options, words):
    result = _compare(**options)
    assert math.isfinite(result.mde)
    text = report.detectable_text(result)
    assert text == f"smallest detectable drop {result.mde * 100:.2f} points {words}"


def test_detectable_text_when_nothing_is_detectable():
    result = _compare({"tiny": (3, 1, 0)}, power=0.9)
    assert not math.isfinite(result.mde)
    assert report.detectable_text(result) == (
        "no drop is detectable with 90% power (too few questions; level alpha/3)"
    )


def test_json_is_strict_and_carries_options_and_exact_counts():
    result = _compare(alpha=0.01, margin=0.02, confidence_level=0.9, power=0.85)
    text = report.to_json(result)
    payload = json.loads(text)  # strict: no NaN / Infinity tokens
    assert "NaN" not in text and "Infinity" not in text
    assert (payload["alpha"], payload["margin"]) == (0.01, 0.02)
    assert (payload["confidence_level"], payload["power"]) == (0.9, 0.85)
    assert payload["pooled"]["b"] == 90 and payload["pooled"]["c"] == 45
    assert payload["pooled"]["p_value"] == pytest.approx(
        binomtest(90, 135, 0.5, alternative="greater").pvalue, rel=1e-10
    )
    assert {"task", "p_value_holm", "flagged"}.isdisjoint(payload["pooled"])
    assert [t["task"] for t in payload["tasks"]] == [u.unit for u in result.units]
    assert payload["sentence"] == report.verdict_sentence(result)
    assert payload["fisher"]["df"] == 4
    assert "n_resamples" not in payload  # only on the permutation route
    assert payload["pairing"]["matched"] == 3_500


def test_json_turns_non_finite_numbers_into_null():
    result = _compare({"tiny": (3, 1, 0)})
    payload = json.loads(report.to_json(result))
    assert payload["mde"] is None
    assert report._clean({"a": [math.inf, np.float64(math.nan), np.int64(3)]}) == {
        "a": [None, None, 3]
    }


def test_text_summary_separators_levels_and_shown_names():
    result = _compare(
        {"big\x1b[31m": (12_032, 1_200, 1_000), "small": (500, 5, 1)}, confidence_level=0.9
    )
    text = report.to_text(result)
    assert "items 12,532" in text
    assert "flips 2,206" in text and "b=1,205, c=1,001" in text
    assert "intervals 90%" in text
    assert "per-unit test: exact one-sided McNemar test" in text
    assert "\x1b" not in text and "big\\x1b[31m" in text
    assert "paired 12,532 items" in text
    assert "alpha 0.05" in text


def test_markdown_escapes_names_and_states_level_and_alpha():
    result = _compare(alpha=0.01, confidence_level=0.99)
    markdown = report.to_markdown(result)
    assert markdown.startswith(f"### {report.VERDICT_TITLES[result.verdict]}\n")
    assert "| gsm\\|8k" in markdown  # a pipe in a name cannot split the table row
    assert "| 99% CI |" in markdown
    assert "| **combined** (alpha 0.01) |" in markdown
    assert "| other rule (paper) |" in markdown
    assert "Paired 3,500 items" in markdown
    rows = [line for line in markdown.splitlines() if line.startswith("| ")]
    assert all(line.count(" | ") == rows[0].count(" | ") for line in rows[:2])


def test_combined_cell_names_the_rule():
    paper = _compare(combine="paper")
    assert report.combined_cell(paper).endswith("(paper: 3 × smallest)")
    single = _compare({"only": (500, 12, 2)})
    assert report.combined_cell(single).endswith("(calibrated; one unit: its own p)")
