"""Renderings of a comparison (core.degradation.present.report): JSON, terminal text and
Markdown, where the words follow the options (level, alpha), counts carry thousands
separators and names from files are escaped.

The verdict's own lines are in test_verdict_words_lines.py and test_verdict_words.py.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from scipy.stats import binomtest

from core.degradation.compare import compare_paired
from core.degradation.comparison import CompareOptions
from core.degradation.data.pairing import pair_runs
from core.degradation.present import report, verdict_words

from .helpers import runs_from_counts

COUNTS = {"arc": (2_000, 60, 20), "gsm|8k": (1_500, 30, 25)}


def _compare(counts=COUNTS, **options):
    baseline, candidate = runs_from_counts(counts)
    return compare_paired(pair_runs(baseline, candidate), CompareOptions(**options))


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
    assert report.json_ready({"a": [math.inf, np.float64(math.nan), np.int64(3)]}) == {
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
    assert markdown.startswith(f"### {verdict_words.VERDICT_TITLES[result.verdict]}\n")
    assert "| gsm\\|8k" in markdown  # a pipe in a name cannot split the table row
    assert "| 99% CI |" in markdown
    assert "| **combined** (alpha 0.01) |" in markdown
    assert "| other rule (paper) |" in markdown
    assert "Paired 3,500 items" in markdown
    rows = [line for line in markdown.splitlines() if line.startswith("| ")]
    assert all(line.count(" | ") == rows[0].count(" | ") for line in rows[:2])
