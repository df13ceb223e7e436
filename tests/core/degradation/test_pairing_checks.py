"""core.degradation.data.pairing_checks.pairing_report: one report for both pairing paths,
its warnings in the order shown, and its refusals."""

from __future__ import annotations

import pytest

from core.degradation.data.pairing_checks import pairing_report
from core.degradation.data.pairing_report import TaskPairing
from core.errors import InputError
from tests.core.degradation.helpers import runs_from_counts


def _row(task: str, matched: int, **counts) -> TaskPairing:
    fields = dict(only_baseline=0, only_candidate=0, duplicates_baseline=0, duplicates_candidate=0)
    return TaskPairing(task=task, group=task, matched=matched, **{**fields, **counts})


def test_the_report_names_both_sides_and_orders_the_warnings():
    baseline, candidate = runs_from_counts({"a": (10, 1, 1)})
    candidate = candidate.replaced(source_format="other")
    rows = [_row("a", 10), _row("b", 0, only_baseline=3)]
    report = pairing_report(baseline, candidate, rows, ["same run", "baseline: note"], 10)
    assert report.tasks == tuple(rows)
    assert report.warnings[:2] == ("same run", "baseline: note")
    assert report.warnings[2].startswith("1 task(s) appear on one side only")
    assert (report.model_baseline, report.model_candidate) == ("base-model", "cand-model")
    assert (report.format_baseline, report.format_candidate) == ("test", "other")
    assert (report.source_baseline, report.source_candidate) == ("baseline", "candidate")


def test_no_tested_item_is_refused():
    baseline, candidate = runs_from_counts({"a": (10, 1, 1)})
    with pytest.raises(InputError, match="have no task in common"):
        pairing_report(baseline, candidate, [_row("a", 0, only_baseline=10)], [], 0)


def test_dict_scores_read_with_different_keys_are_refused():
    baseline, candidate = runs_from_counts({"a": (10, 1, 1)})
    row = _row("a", 10, score_key_baseline="x", score_key_candidate="y")
    with pytest.raises(InputError, match="Choose one with --score-key"):
        pairing_report(baseline, candidate, [row], [], 10)
