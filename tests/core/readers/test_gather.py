"""core.readers.gather: the shared record loop and refusals of the readers, and the
refusal of a reading option a format cannot apply (never ignored; issue 10)."""

from __future__ import annotations

import pytest

from core.errors import InputError
from core.readers import InputFile, ReadOptions, read_path
from core.readers.gather import (
    Gathered,
    chosen,
    refuse_absent,
    refuse_repeat,
    refuse_unknown,
    refuse_without_items,
    requested,
)
from core.samples import TaskInfo, make_score_frame
from tests.core.readers.conftest import FORMATS


def test_requested_is_the_per_task_choice_or_none():
    options = ReadOptions(metric={"a": "acc"}, filter="strict-match")
    assert requested(options, "metric", "a") == "acc"
    assert requested(options, "metric", "b") is None
    assert requested(options, "filter", "b") == "strict-match"
    assert requested(object(), "metric", "a") is None


def test_chosen_reads_per_task_and_plain_options():
    options = ReadOptions(metric={"a": "acc", "c": "f1"}, score_key="main")
    assert chosen(options, "metric", ["a", "b"]) == ["acc"]
    assert chosen(options, "score_key", ["a"]) == ["main"]
    assert chosen(ReadOptions(), "filter", ["a"]) == []


def test_refusals_name_the_file_the_choice_and_the_choices():
    with pytest.raises(InputError) as error:
        refuse_unknown("x.json", "split", "dev", ["test", "valid"], "mmlu")
    assert str(error.value) == (
        "x.json: split 'dev' is not in the file; choose one of test, valid for mmlu."
    )
    with pytest.raises(InputError, match=r"choose one of \(none\) for mmlu\.$"):
        refuse_unknown("x.json", "metric", "acc", [], "mmlu")
    files = [InputFile(f"r{i}.json", b"{}") for i in range(4)]
    with pytest.raises(InputError, match=r"^r0\.json, r1\.json, r2\.json: no samples$"):
        refuse_without_items(files, "no samples")


def test_a_repeated_task_is_refused_with_both_files():
    tasks = {"a": TaskInfo(metric="acc", source_files=("first.jsonl",))}
    refuse_repeat(tasks, "b", "second.jsonl", "Give one.")  # another task: no refusal
    with pytest.raises(InputError) as error:
        refuse_repeat(tasks, "a", "second.jsonl", "Give one.")
    assert str(error.value) == "second.jsonl: task 'a' also comes from first.jsonl. Give one."


def test_gathered_hands_everything_to_assemble_run():
    gathered = Gathered("demo", "logs")
    gathered.warnings.append("a note")
    frame = make_score_frame("a", ["1", "2"], [1.0, 0.0])
    gathered.add("a", TaskInfo(metric="acc", source_files=("f.json",)), frame, "m1")
    gathered.refuse_repeat("b", "g.json", "Give one.")
    with pytest.raises(InputError, match="also comes from f.json"):
        gathered.refuse_repeat("a", "g.json", "Give one.")
    result = gathered.result([InputFile("f.json", b"")], None)
    assert result.source_format == "demo"
    assert result.model == "m1"
    assert list(result.scores["score"]) == [1.0, 0.0]
    assert result.warnings == ("a note",)
    gathered.add("b", TaskInfo(metric="acc"), make_score_frame("b", ["1"], [1.0]), "m2")
    with pytest.raises(InputError, match=r"the logs are of several models \(m1, m2\)"):
        gathered.result([InputFile("f.json", b"")], None)


def test_refuse_absent_allows_the_only_value_and_says_what_to_do():
    options = ReadOptions(metric="correct", filter="correct")
    refuse_absent(
        "l.jsonl", "a log", "logs", options, ["t"], ["metric"], allowed={"metric": ["correct"]}
    )
    with pytest.raises(InputError) as error:
        refuse_absent(
            "l.jsonl", "a log", "logs", options, ["t"], ["filter"], allowed={"metric": ["correct"]}
        )
    assert str(error.value) == (
        "l.jsonl: a log has no filters, so filter 'correct' cannot be applied. "
        "Leave --filter unset for logs."
    )


@pytest.mark.parametrize(
    ("folder", "options", "message"),
    [
        (
            "built/openai_evals/baseline",
            ReadOptions(metric="acc"),
            "an openai/evals log has no metric to choose, so metric 'acc' cannot be applied. "
            "Leave --metric unset for openai/evals logs.",
        ),
        (
            "built/openai_evals/baseline",
            ReadOptions(score_key="main"),
            "an openai/evals log has no dict scores, so score key 'main'",
        ),
        (
            "built/lighteval_0.6/baseline",
            ReadOptions(filter="strict-match"),
            "a lighteval details file has no filters, so filter 'strict-match' cannot be applied. "
            "Leave --filter unset for lighteval results.",
        ),
        (
            "real/inspect_ai/generated_mockllm_0.3.285/baseline",
            ReadOptions(filter="strict-match"),
            "an Inspect log has no filters, so filter 'strict-match'",
        ),
        (
            "real/lm-evaluation-harness/every_eval_ever_math_perturbed_single",
            ReadOptions(score_key="main"),
            "an lm-eval samples file has no dict scores, so score key 'main' cannot be applied. "
            "Leave --score-key unset for lm-eval results.",
        ),
        (
            "real/helm/every_eval_ever_runs/narrative_qa-model=openai_gpt2",
            ReadOptions(score_key="main"),
            "a HELM run has no dict scores, so score key 'main'",
        ),
    ],
)
def test_an_option_the_format_lacks_is_refused_naming_the_side(folder, options, message):
    with pytest.raises(InputError) as error:
        read_path(str(FORMATS / folder), options, side="candidate")
    text = str(error.value)
    assert text.startswith("candidate: ")
    assert message in text


def test_openai_evals_takes_its_only_metric_and_other_tasks_choices():
    folder = str(FORMATS / "built/openai_evals/baseline")
    plain = read_path(folder)
    for options in (ReadOptions(metric="correct"), ReadOptions(filter={"other": "x"})):
        assert read_path(folder, options).scores.equals(plain.scores)
