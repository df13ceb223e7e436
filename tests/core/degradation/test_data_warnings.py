"""Data-quality warnings grouped by kind (core.degradation.data.data_warnings)."""

from __future__ import annotations

import pytest

from core.degradation.data.data_warnings import group_warnings


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("both sides are the same files (identical SHA-256)", "same_inputs"),
        ("baseline: 12 items on one side only", "one_side"),
        ("candidate: gsm8k: results file counts 1,319 docs, samples hold 1,000", "counts"),
        ("baseline: task x counts 10 docs but", "counts"),
        ("3 items have different prompts", "prompts"),
        ("candidate: 2 content hash mismatches", "hashes"),
        ("baseline: 2 runs; the newest is read", "skipped"),
        ("candidate: 4 row(s) have no acc value and are skipped.", "skipped"),
        ("task t: metric prob is not 0/1 (e.g. a probability)", "scoring"),
        ("tasks use a different metric on each side", "scoring"),
        ("something nobody anticipated", "other"),
    ],
)
def test_each_kind_is_recognised(message, kind):
    (group,) = group_warnings([message])
    assert group.kind == kind
    assert group.messages == (message,)


def test_groups_keep_every_line_in_a_fixed_order_with_counts_and_sides():
    warnings = [
        "something else",
        "baseline: a: results file counts 5 docs",
        "baseline: b: results file counts 6 docs",
        "candidate: c: results file counts 7 docs",
        "both sides are the same files",
    ]
    groups = group_warnings(warnings)
    assert [g.kind for g in groups] == ["same_inputs", "counts", "other"]
    assert sum(g.count for g in groups) == len(warnings)
    counts = groups[1]
    assert counts.messages == tuple(warnings[1:4])  # original lines, side prefix kept
    assert counts.sides == ("baseline", "baseline", "candidate")
    assert counts.summary == (
        "Results-file counts disagree with the samples (3 warnings: baseline 2, candidate 1)"
    )
    assert groups[0].summary == "Both sides may be the same run (1 warning: both 1)"


def test_thousands_separators_in_the_summary():
    (group,) = group_warnings([f"baseline: row {i} skipped" for i in range(1_200)])
    assert group.summary == "Runs or rows skipped (1,200 warnings: baseline 1,200)"


def test_the_first_matching_kind_wins_and_matching_ignores_case():
    (group,) = group_warnings(["candidate: Items on ONE SIDE ONLY were skipped"])
    assert group.kind == "one_side"


def test_no_warnings_no_groups():
    assert group_warnings([]) == ()
