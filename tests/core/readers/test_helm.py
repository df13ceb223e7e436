"""HELM run directories (core.readers.helm): run names, split and metric choice, counts in
the warnings.

The reference is the real per_instance_stats.json (every_eval_ever copy) parsed here with
the standard ``json`` module.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath

import pytest

from core.errors import InputError
from core.readers import InputFile, ReadOptions, read_path, read_run
from core.readers.helm import _names

MMLU = "helm/every_eval_ever_runs/mmlu-subject=philosophy,method=multiple_choice_joint,model=openai_gpt2"


def test_scores_are_the_files_test_split_exact_match_means(real):
    folder = real / MMLU
    entries = json.loads((folder / "per_instance_stats.json").read_text())
    expected = {
        (str(e["instance_id"]), int(e.get("train_trial_index") or 0)): s["mean"]
        for e in entries
        if not e.get("perturbation")
        for s in e["stats"]
        if s["name"]["name"] == "exact_match"
        and s["name"].get("split") == "test"
        and not s["name"].get("perturbation")
        and s.get("count")
    }
    result = read_path(folder)
    got = {
        (i, r): s
        for i, r, s in zip(result.scores["item_id"], result.scores["run"], result.scores["score"])
    }
    assert got == expected
    (info,) = result.tasks.values()
    assert info.metric == "exact_match" and info.filter == "test"
    assert info.metric_choices[0] == "exact_match"
    assert not any(
        m.startswith(("num_", "logprob", "inference_runtime")) for m in info.metric_choices
    )


@pytest.mark.parametrize(
    ("folder", "expected"),
    [
        ("narrative_qa-model=openai_gpt2", ("narrative_qa", "openai_gpt2")),
        ("mmlu-subject=law,model=x_y", ("mmlu:subject=law", "x_y")),
        ("mmlu:subject=law,model_deployment=d,model=m", ("mmlu:subject=law", "m")),
        ("plain_run", ("plain_run", None)),
    ],
)
def test_names_from_the_folder(folder, expected):
    assert _names(PurePosixPath("out") / folder, None) == expected


def test_names_prefer_the_run_spec():
    spec = InputFile(
        "r/run_spec.json",
        b'{"name": "boolq:model=ignored", "adapter_spec": {"model": "org/real"}}',
    )
    assert _names(PurePosixPath("r"), spec) == ("boolq", "org/real")


def _stats(entries, folder="run1"):
    return InputFile(f"{folder}/per_instance_stats.json", json.dumps(entries).encode())


def _entry(instance, split, mean, count=1, metric="exact_match"):
    stat = {"name": {"name": metric, "split": split}, "count": count, "mean": mean}
    return {"instance_id": instance, "train_trial_index": 0, "stats": [stat]}


def test_count_zero_is_missing_and_other_splits_are_counted_in_words():
    entries = [
        _entry("a", "test", 1.0),
        _entry("b", "test", 0.0, count=0),
        _entry("c", "test", 0.0, count=0),
        _entry("v1", "valid", 1.0),
        _entry("v2", "valid", 0.0),
    ]
    result = read_run([_stats(entries)])
    assert list(result.scores["item_id"]) == ["a"]
    task = "run1"
    assert f"{task}: 2 instances have no exact_match value (count 0)." in result.warnings
    assert (
        f"{task}: 2 instances of other splits (valid) are not read; the 'test' split is compared."
        in result.warnings
    )


def test_one_missing_instance_is_singular():
    entries = [_entry("a", "test", 1.0), _entry("b", "test", 0.0, count=0)]
    assert (
        "run1: 1 instance has no exact_match value (count 0)."
        in read_run([_stats(entries)]).warnings
    )


def test_the_test_split_is_read_even_when_it_is_not_first():
    entries = [_entry("v", "valid", 1.0), _entry("t", "test", 0.0)]
    result = read_run([_stats(entries)])
    assert result.tasks["run1"].filter == "test"
    assert list(result.scores["item_id"]) == ["t"]


def test_without_a_test_split_the_first_split_is_read():
    entries = [_entry("v", "valid", 1.0), _entry("t", "train", 0.0)]
    result = read_run([_stats(entries)])
    assert result.tasks["run1"].filter == "valid"
    assert list(result.scores["item_id"]) == ["v"]


def test_unknown_split_and_metric_list_the_choices():
    entries = [_entry("a", "test", 1.0), _entry("b", "valid", 1.0)]
    with pytest.raises(
        InputError, match=r"split 'dev' is not in the file; choose one of test, valid for run1\."
    ):
        read_run([_stats(entries)], ReadOptions(filter="dev"))
    with pytest.raises(
        InputError, match=r"metric 'bleu' is not in the file; choose one of exact_match for run1\."
    ):
        read_run([_stats(entries)], ReadOptions(metric="bleu"))


def test_no_default_metric_asks_for_one():
    entries = [
        _entry("a", "test", 0.7, metric="toxicity"),
        _entry("a", "test", 3, metric="num_tokens"),
    ]
    with pytest.raises(InputError, match=r"no default metric for run1; choose one of toxicity\.$"):
        read_run([_stats(entries)])
    chosen = read_run([_stats(entries)], ReadOptions(metric="toxicity"))
    assert list(chosen.scores["score"]) == [0.7]


def test_the_same_task_from_two_run_directories_is_refused():
    entries = [_entry("a", "test", 1.0)]
    spec = b'{"name": "boolq:model=m", "adapter_spec": {"model": "m"}}'
    files = [
        _stats(entries, "r1"),
        InputFile("r1/run_spec.json", spec),
        _stats(entries, "r2"),
        InputFile("r2/run_spec.json", spec),
    ]
    with pytest.raises(
        InputError, match=r"task 'boolq' also comes from r1/per_instance_stats.json"
    ):
        read_run(files)
