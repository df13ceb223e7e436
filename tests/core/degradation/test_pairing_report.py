"""What pairing found, per task and in total (core/degradation/data/pairing_report.py).

Real lm-evaluation-harness runs (tests/fixtures/formats/PROVENANCE.md): three MMLU-Pro+
subtasks of three items each; the expected counts come from the sample files' lines.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from core.degradation.data.pairing import pair_runs
from core.degradation.data.pairing_report import PairingReport, TaskPairing, task_pairing
from core.readers import read_path

PAIR = Path(__file__).resolve().parents[2] / "fixtures/formats/real/lm-evaluation-harness"
BASE = PAIR / "pyfade_mmlu_pro_plus_pair/base_gemma-3-12b-it"
TUNED = PAIR / "pyfade_mmlu_pro_plus_pair/tuned_gemma3_12b_u2"
SUBJECTS = ("chemistry", "health", "psychology")


def _lines(folder: Path, subject: str) -> list[str]:
    (path,) = folder.glob(f"samples_mmlu_pro_plus_{subject}_*.jsonl")
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _row(task="t", group="g", **counts) -> TaskPairing:
    base = dict.fromkeys(
        ("matched", "only_baseline", "only_candidate", "duplicates_baseline"), 0
    ) | {"duplicates_candidate": 0}
    return TaskPairing(task=task, group=group, **(base | counts))


def _report(*tasks: TaskPairing) -> PairingReport:
    return PairingReport(tasks, "m1", "m2", "lm-eval", "lm-eval", "a", "b")


def test_totals_add_every_task():
    report = _report(
        _row("a", matched=10, only_baseline=2, duplicates_baseline=1, hash_mismatches=3),
        _row("b", matched=5, only_candidate=4, duplicates_candidate=7, hash_mismatches=1),
    )
    assert report.matched == 15
    assert report.only_baseline == 2
    assert report.only_candidate == 4
    assert report.duplicates == 8  # both sides
    assert report.hash_mismatches == 4
    assert all(isinstance(v, int) for v in (report.matched, report.duplicates))


def test_defaults_and_frozen():
    row = _row()
    assert (row.hash_mismatches, row.prompt_mismatches) == (0, 0)
    assert (row.runs_baseline, row.runs_candidate) == (1, 1)
    assert row.metric_baseline is None and row.score_key_candidate is None
    with pytest.raises(AttributeError):
        row.matched = 3  # type: ignore[misc]
    assert _report().warnings == () and _report().matched == 0


def test_frame_shows_score_keys_only_where_scores_were_dicts():
    plain = _report(_row("a", matched=1), _row("b", matched=2)).to_frame()
    assert list(plain["task"]) == ["a", "b"] and list(plain["matched"]) == [1, 2]
    assert "score_key_baseline" not in plain.columns
    assert "score_key_candidate" not in plain.columns
    keyed = _report(_row("a", matched=1, score_key_candidate="value"), _row("b")).to_frame()
    assert keyed["score_key_candidate"][0] == "value" and keyed["score_key_candidate"].isna()[1]
    assert "score_key_baseline" in keyed.columns
    assert _report().to_frame().empty


@pytest.fixture(scope="module")
def real_pair():
    return read_path(str(BASE), side="baseline"), read_path(str(TUNED), side="candidate")


def test_real_runs_pair_every_item(real_pair):
    baseline, candidate = real_pair
    report = pair_runs(baseline, candidate, level="task").report
    expected = {f"mmlu_pro_plus_{s}": len(_lines(BASE, s)) for s in SUBJECTS}
    assert {t.task: t.matched for t in report.tasks} == expected
    assert report.matched == sum(expected.values()) == 9
    assert (report.only_baseline, report.only_candidate, report.duplicates) == (0, 0, 0)
    assert {t.group for t in report.tasks} == {"mmlu_pro_plus"}
    assert {(t.metric_baseline, t.filter_candidate) for t in report.tasks} == {
        ("exact_match", "custom-extract")
    }
    assert report.model_baseline == baseline.model and report.model_candidate == candidate.model


def test_dropped_and_repeated_lines_are_counted(tmp_path, real_pair):
    baseline, _ = real_pair
    folder = tmp_path / "tuned"
    shutil.copytree(TUNED, folder)
    (chemistry,) = folder.glob("samples_mmlu_pro_plus_chemistry_*.jsonl")
    lines = _lines(TUNED, "chemistry")
    chemistry.write_text("\n".join(lines[1:]) + "\n", encoding="utf-8")  # one item gone
    (health,) = folder.glob("samples_mmlu_pro_plus_health_*.jsonl")
    lines = _lines(TUNED, "health")
    health.write_text("\n".join([*lines, lines[0]]) + "\n", encoding="utf-8")  # one repeated
    candidate = read_path(str(folder), side="candidate")
    report = pair_runs(baseline, candidate, level="task").report
    by_task = {t.task.removeprefix("mmlu_pro_plus_"): t for t in report.tasks}
    assert json.loads(lines[0])["doc_id"] is not None
    assert (by_task["chemistry"].matched, by_task["chemistry"].only_baseline) == (2, 1)
    assert (by_task["health"].matched, by_task["health"].duplicates_candidate) == (3, 1)
    assert (report.matched, report.only_baseline, report.duplicates) == (8, 1, 1)


def test_task_pairing_takes_counts_and_each_sides_reading(real_pair):
    baseline, candidate = real_pair
    counts = {
        "matched": 7.0,
        "only_baseline": 1,
        "only_candidate": 2,
        "hash_mismatches": 3,
        "prompt_mismatches": 4,
        "runs_baseline": 1,
        "runs_candidate": 2,
    }
    row = task_pairing("mmlu_pro_plus_health", "g", counts, (5, 6), baseline, candidate)
    assert row == TaskPairing(
        task="mmlu_pro_plus_health",
        group="g",
        matched=7,
        only_baseline=1,
        only_candidate=2,
        duplicates_baseline=5,
        duplicates_candidate=6,
        hash_mismatches=3,
        prompt_mismatches=4,
        metric_baseline=baseline.tasks["mmlu_pro_plus_health"].metric,
        metric_candidate=candidate.tasks["mmlu_pro_plus_health"].metric,
        filter_baseline="custom-extract",
        filter_candidate="custom-extract",
        runs_baseline=1,
        runs_candidate=2,
    )
    assert isinstance(row.matched, int)
    # Each side's reading comes from that side: a candidate read with another filter.
    other = candidate.replaced(
        tasks={
            name: replace(info, filter="strict-match", metric="acc", score_key="value")
            for name, info in candidate.tasks.items()
        }
    )
    row = task_pairing("mmlu_pro_plus_health", "g", counts, (0, 0), baseline, other)
    assert (row.filter_baseline, row.filter_candidate) == ("custom-extract", "strict-match")
    assert (row.metric_baseline, row.metric_candidate) == ("exact_match", "acc")
    assert (row.score_key_baseline, row.score_key_candidate) == (None, "value")
    missing = task_pairing("nowhere", "g", counts, (0, 0), baseline, candidate)
    assert missing.metric_baseline is None and missing.filter_candidate is None
