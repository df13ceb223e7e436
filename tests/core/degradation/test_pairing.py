"""Pairing: duplicates, reruns, unmatched items, hashes and levels are counted, never hidden."""

from __future__ import annotations

import pandas as pd
import pytest

from core.degradation.data.pairing import pair_runs
from core.errors import InputError
from core.samples import SampleScores, TaskInfo, make_score_frame


def _run(rows, source="run.csv", **optional) -> SampleScores:
    frame = pd.DataFrame(rows, columns=["task", "item_id", "score", "run", "group"][: len(rows[0])])
    frame = make_score_frame(
        frame["task"],
        frame["item_id"],
        frame["score"],
        run=frame["run"] if "run" in frame else 0,
        group=frame["group"] if "group" in frame else None,
        **optional,
    )
    return SampleScores(
        frame, source, "test", tasks={t: TaskInfo(metric="acc") for t in frame["task"].unique()}
    )


def test_matched_and_unmatched_items_are_counted_per_task():
    base = _run([("a", "1", 1), ("a", "2", 0), ("a", "3", 1), ("b", "1", 1)])
    cand = _run([("a", "1", 0), ("a", "2", 0), ("a", "4", 1), ("c", "1", 1)])
    paired = pair_runs(base, cand)
    report = {t.task: t for t in paired.report.tasks}
    assert (report["a"].matched, report["a"].only_baseline, report["a"].only_candidate) == (2, 1, 1)
    assert (report["b"].matched, report["b"].only_baseline) == (0, 1)
    assert (report["c"].matched, report["c"].only_candidate) == (0, 1)
    assert paired.report.matched == 2
    assert paired.report.only_baseline == 2 and paired.report.only_candidate == 2
    assert any("one side only" in w for w in paired.report.warnings)
    assert list(paired.items["baseline"]) == [1.0, 0.0]
    assert list(paired.items["candidate"]) == [0.0, 0.0]


def test_exact_duplicates_are_dropped_and_counted():
    base = _run([("a", "1", 1), ("a", "1", 1), ("a", "2", 0)])
    cand = _run([("a", "1", 1), ("a", "2", 1)])
    paired = pair_runs(base, cand)
    assert paired.report.duplicates == 1
    assert paired.report.tasks[0].duplicates_baseline == 1
    assert paired.report.matched == 2


def test_conflicting_duplicates_are_an_error_that_names_the_file_and_the_fix():
    base = _run([("a", "1", 1), ("a", "1", 0)], source="base.csv")
    cand = _run([("a", "1", 1)])
    with pytest.raises(InputError, match=r"base\.csv.*different scores.*run column"):
        pair_runs(base, cand)


def test_reruns_are_averaged_per_item_before_testing():
    base = _run([("a", "1", 1, 0), ("a", "1", 0, 1), ("a", "2", 1, 0), ("a", "2", 1, 1)])
    cand = _run([("a", "1", 1, 0), ("a", "2", 0, 0)])
    paired = pair_runs(base, cand)
    assert list(paired.items["baseline"]) == [0.5, 1.0]
    assert paired.binary_units == (False,)
    assert paired.report.tasks[0].runs_baseline == 2


def test_levels_group_pools_subtasks_task_keeps_them():
    rows = [("bbh_a", "1", 1, 0, "bbh"), ("bbh_b", "1", 0, 0, "bbh"), ("gsm8k", "1", 1, 0, "gsm8k")]
    base, cand = _run(rows), _run(rows)
    assert pair_runs(base, cand, level="group").units == ("bbh", "gsm8k")
    assert pair_runs(base, cand, level="task").units == ("bbh_a", "bbh_b", "gsm8k")
    # the same item id in two subtasks stays two items
    assert len(pair_runs(base, cand, level="group").items) == 3


def test_item_hash_mismatches_are_excluded_and_prompt_changes_warned():
    rows = [("a", "1", 1), ("a", "2", 1), ("a", "3", 0)]
    base = _run(rows, item_hash=["h1", "h2", "h3"], prompt_hash=["p", "p", "p"])
    cand = _run(rows, item_hash=["h1", "XX", "h3"], prompt_hash=["p", "p", "q"])
    paired = pair_runs(base, cand)
    assert paired.report.hash_mismatches == 1
    assert paired.report.matched == 2
    assert paired.report.tasks[0].prompt_mismatches == 1
    assert any("different content hashes" in w for w in paired.report.warnings)
    assert any("different prompts" in w for w in paired.report.warnings)


def test_no_task_in_common_is_an_error():
    with pytest.raises(InputError, match="no task in common"):
        pair_runs(_run([("a", "1", 1)], "b.csv"), _run([("b", "1", 1)], "c.csv"))


def test_no_item_in_common_is_an_error():
    with pytest.raises(InputError, match="no item ids"):
        pair_runs(_run([("a", "1", 1)]), _run([("a", "2", 1)]))


def test_empty_side_is_an_error():
    empty = SampleScores(make_score_frame([], [], []), "empty.csv", "test")
    with pytest.raises(InputError, match="empty.csv.*no scored items"):
        pair_runs(empty, _run([("a", "1", 1)]))


def test_scores_outside_unit_interval_are_refused():
    with pytest.raises(InputError, match="outside \\[0, 1\\]"):
        pair_runs(_run([("a", "1", 2)], "pct.csv"), _run([("a", "1", 1)]))


def test_invalid_level():
    with pytest.raises(InputError, match="level"):
        pair_runs(_run([("a", "1", 1)]), _run([("a", "1", 1)]), level="subtask")


def _long_csv(name: str, text: str):
    from core.readers import InputFile, read_run

    return read_run([InputFile(name, text.encode())])


_SAME_MODEL = "task,id,score,model\nt,1,1,m\nt,2,0,m\nt,3,1,m\n"


def test_both_sides_the_same_file_is_warned_first():
    base, cand = _long_csv("a.csv", _SAME_MODEL), _long_csv("copy.csv", _SAME_MODEL)
    warnings = pair_runs(base, cand).report.warnings
    assert warnings[0].startswith("both sides are the same file(s) (identical SHA-256)")


def test_same_model_name_and_identical_scores_is_warned():
    base = _long_csv("a.csv", _SAME_MODEL)
    cand = _long_csv("b.csv", _SAME_MODEL + "\n")  # other bytes, same run
    warnings = pair_runs(base, cand).report.warnings
    assert warnings[0].startswith("both sides carry the same model name (m)")


def test_same_model_with_a_changed_score_or_other_model_is_not_warned():
    base = _long_csv("a.csv", _SAME_MODEL)
    changed = _long_csv("b.csv", _SAME_MODEL.replace("t,2,0,m", "t,2,1,m"))
    other = _long_csv("c.csv", _SAME_MODEL.replace(",m\n", ",n\n") + "\n")
    for cand in (changed, other):
        assert not any(w.startswith("both sides") for w in pair_runs(base, cand).report.warnings)


def test_same_model_warning_never_names_a_missing_run_id():
    """Real Inspect logs carry no run id: the warning must not read "run None"."""
    from pathlib import Path

    from core.readers import InputFile, read_run

    folder = (
        Path(__file__).parents[2] / "fixtures/formats/real/inspect_ai/inspect_ai_repo_test_logs"
    )
    base = read_run([InputFile("log_formats.eval", (folder / "log_formats.eval").read_bytes())])
    cand = read_run([InputFile("log_formats.json", (folder / "log_formats.json").read_bytes())])
    assert base.run_id is None and cand.run_id is None
    (warning,) = [w for w in pair_runs(base, cand).report.warnings if w.startswith("both sides")]
    assert warning.startswith("both sides carry the same model name (ollama/llama3.1) and the same")
    assert "None" not in warning
