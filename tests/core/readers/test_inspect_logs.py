"""Inspect reader against real and generated logs (result-formats.md §3)."""

from __future__ import annotations

import pytest

from core.errors import InputError
from core.readers import ReadOptions, read_path
from core.readers.inspect_logs import value_to_float
from tests.core.readers.conftest import by_item

JSON_LOGS = "inspect_ai/every_eval_ever_json_logs"
GEN = "inspect_ai/generated_mockllm_0.3.285"
REPO = "inspect_ai/inspect_ai_repo_test_logs"


def _one(folder):
    return next(p for p in folder.iterdir() if p.suffix in {".eval", ".json"})


def test_arc_pair_shares_three_of_five_ids(real):
    qwen = read_path(real / JSON_LOGS / "data_arc_qwen.json")
    sonnet = read_path(real / JSON_LOGS / "data_arc_sonnet.json")
    assert by_item(qwen) == {"1": 1.0, "2": 0.0, "3": 0.0}
    assert by_item(sonnet) == {str(i): 1.0 for i in range(1, 6)}
    assert set(qwen.scores["item_id"]) & set(sonnet.scores["item_id"]) == {"1", "2", "3"}
    assert qwen.tasks["inspect_evals/arc_easy"].metric == "choice"
    assert (qwen.model, sonnet.model) == ("ollama/qwen2.5:0.5b", "anthropic/claude-sonnet-4-0")
    shared = qwen.scores.merge(sonnet.scores, on=["task", "item_id"])
    assert (shared["item_hash_x"] == shared["item_hash_y"]).all()


def test_zstd_pair_has_two_flips_each_way(real):
    base = by_item(read_path(real / GEN / "baseline"))
    cand = by_item(read_path(real / GEN / "candidate"))
    assert sorted(i for i, s in base.items() if s == 0) == ["q03", "q08"]
    assert sorted(i for i, s in cand.items() if s == 0) == ["q05", "q10"]
    assert sum(base[i] == cand[i] == 1 for i in base) == 6


def test_epochs_are_runs_and_average_to_the_reductions(real):
    result = read_path(real / GEN / "candidate_epochs2")
    assert len(result.scores) == 20 and set(result.scores["run"]) == {0, 1}
    means = result.scores.groupby("item_id")["score"].mean()
    assert means["q03"] == 0.5 and means["q05"] == 0.5 and means["q01"] == 1.0


def test_json_log_gives_the_same_table_as_the_eval_log(real):
    from_eval = read_path(real / GEN / "baseline").scores
    from_json = read_path(real / GEN / "baseline_json").scores
    cols = ["task", "item_id", "run", "score", "item_hash"]
    key = ["item_id"]
    assert (
        from_eval[cols]
        .sort_values(key)
        .reset_index(drop=True)
        .equals(from_json[cols].sort_values(key).reset_index(drop=True))
    )
    old_eval = read_path(real / REPO / "log_formats.eval").scores
    old_json = read_path(real / REPO / "log_formats.json").scores
    assert old_eval[cols].equals(old_json[cols])


def test_scorer_choice(real):
    result = read_path(real / GEN / "baseline", ReadOptions(metric="includes"))
    assert result.tasks["tiny_arith"].metric == "includes"
    assert result.tasks["tiny_arith"].metric_choices == ("match", "includes")
    with pytest.raises(InputError, match="choose one of match, includes"):
        read_path(real / GEN / "baseline", ReadOptions(metric="exact"))


def test_header_only_unscored_and_cancelled_logs(real):
    with pytest.raises(InputError, match="no per-sample data"):
        read_path(real / JSON_LOGS / "data_with_llm_scoring.json")
    unscored = next(p for p in (real / REPO).iterdir() if "dPiJ" in p.name)
    with pytest.raises(InputError, match="unscored"):
        read_path(unscored)
    cancelled = read_path(real / REPO / "2025-05-12T20-28-13-04-00_popularity.json")
    assert by_item(cancelled) == {"1": 1.0, "2": 1.0, "3": 0.0}
    assert any("cancelled" in w for w in cancelled.warnings)
    assert any("the 3 scored samples it holds are read" in w for w in cancelled.warnings)
    reduced = read_path(real / REPO / "2025-05-12T20-28-13-04-00_no-samples.json")
    assert by_item(reduced) == {"1": 1.0, "2": 1.0, "3": 0.0}
    assert any("reductions" in w for w in reduced.warnings)


def test_scored_popularity_eval(real):
    scored = read_path(next(p for p in (real / REPO).iterdir() if "mj7k" in p.name))
    assert len(scored.scores) == 10
    assert sorted(i for i, s in by_item(scored).items() if s == 0) == ["3", "7"]


@pytest.mark.parametrize(
    ("value", "key", "expected"),
    [
        ("C", None, 1.0),
        ("I", None, 0.0),
        ("P", None, 0.5),
        ("N", None, 0.0),
        (True, None, 1.0),
        (0.25, None, 0.25),
        ("yes", None, 1.0),
        ("False", None, 0.0),
        ("0.75", None, 0.75),
        ({"a": "C"}, None, 1.0),
        ({"a": "C", "b": 0}, "b", 0.0),
    ],
)
def test_value_to_float(value, key, expected):
    assert value_to_float(value, key) == expected


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("maybe", None),
        ({}, None),
        ({"a": 1}, "z"),
        ({"a": 1, "b": 0}, None),  # several keys: never the first in dict order
        ([1, 0], None),
        (None, None),
    ],
)
def test_value_to_float_refuses(value, key):
    with pytest.raises(ValueError):
        value_to_float(value, key)
