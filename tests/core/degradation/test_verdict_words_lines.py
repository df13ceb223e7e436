"""The lines a verdict is told with (core.degradation.present.verdict_words): the test's
name, the change with its interval, the detectable drop, the combined p-value cell.

Words must follow the options (level, power, sides, rule); complements test_verdict_words.py
(the verdict sentence itself).
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest

from core.degradation.compare import compare_paired
from core.degradation.comparison import CompareOptions
from core.degradation.data.pairing import pair_runs
from core.degradation.present import verdict_words

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
    assert verdict_words.test_name(_compare(**options)) == name


def test_test_name_of_non_binary_scores_is_the_sign_flip_test():
    rng = np.random.default_rng(1)
    base = rng.random(60).round(2)
    cand = np.clip(base - 0.05, 0, 1)
    result = compare_paired(paired_from_arrays([30, 30], base, cand), CompareOptions())
    assert result.route == "permutation"
    assert verdict_words.test_name(result) == "one-sided sign-flip permutation test"


def _row(delta, low, high):
    return SimpleNamespace(delta=delta, ci_low=low, ci_high=high)


def test_change_reports_a_rise_with_the_rises_interval():
    assert verdict_words.change(_row(-0.02, -0.03, -0.005)) == ("rose", 0.02, 0.005, 0.03)
    assert verdict_words.change(_row(0.02, 0.005, 0.03)) == ("fell", 0.02, 0.005, 0.03)
    assert verdict_words.change(_row(0.0, -0.01, 0.01)) == ("did not change", 0.0, -0.01, 0.01)


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
    assert verdict_words.change_text(row, "accuracy", level) == text


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
    text = verdict_words.detectable_text(result)
    assert text == f"smallest detectable drop {result.mde * 100:.2f} points {words}"


def test_detectable_text_when_nothing_is_detectable():
    result = _compare({"tiny": (3, 1, 0)}, power=0.9)
    assert not math.isfinite(result.mde)
    assert verdict_words.detectable_text(result) == (
        "no drop is detectable with 90% power (too few questions; level alpha/3)"
    )


def test_combined_cell_names_the_rule():
    paper = _compare(combine="paper")
    assert verdict_words.combined_cell(paper).endswith("(paper: 3 × smallest)")
    single = _compare({"only": (500, 12, 2)})
    assert verdict_words.combined_cell(single).endswith("(calibrated; one unit: its own p)")
