"""The CSV reader applies ``ReadOptions.metric`` as a score column or refuses it; a filter
and a score key (CSV has neither) are refused: never ignored (issue 10, never pick silently).
"""

from __future__ import annotations

import pytest

from core.cli import main
from core.errors import InputError
from core.readers import InputFile, ReadOptions, read_run

TABLE = "prompt_id,score,acc\n1,1,0\n2,0,1\n3,1,1\n"
LONG = "task,id,score,acc,model\na,1,1,0,m\na,2,0,1,m\nb,1,1,1,m\n"


def _read(options: ReadOptions, text: str = TABLE, name: str = "mmlu.csv", side=None):
    return read_run([InputFile(name, text.encode())], options, side=side)


def test_default_reads_the_score_column_named_score():
    run = _read(ReadOptions())
    assert list(run.scores["score"]) == [1.0, 0.0, 1.0]
    assert run.tasks["mmlu"].metric == "score"


@pytest.mark.parametrize("metric", ["acc", "ACC", " acc", {"mmlu": "acc"}])
def test_a_metric_that_is_a_column_is_read_and_reported(metric):
    run = _read(ReadOptions(metric=metric))
    assert list(run.scores["score"]) == [0.0, 1.0, 1.0]
    assert run.tasks["mmlu"].metric == "acc"


def test_a_metric_for_another_task_leaves_the_default():
    run = _read(ReadOptions(metric={"gsm8k": "acc"}))
    assert list(run.scores["score"]) == [1.0, 0.0, 1.0]


def test_an_unknown_metric_is_refused_with_the_side_file_and_columns():
    with pytest.raises(InputError) as error:
        _read(ReadOptions(metric="nosuch"), side="baseline")
    assert str(error.value) == (
        "baseline: mmlu.csv: metric 'nosuch' is not a score column of the table (columns: "
        "prompt_id, score, acc). Choose one of score, acc with --metric, or leave --metric "
        "unset to read the score column."
    )


@pytest.mark.parametrize("metric", ["id", "task", "model"])
def test_the_id_task_and_model_columns_are_not_metrics(metric):
    with pytest.raises(InputError, match=r"Choose one of score, acc with --metric"):
        _read(ReadOptions(metric=metric), LONG, "long.csv")


def test_long_table_reads_one_metric_for_all_its_tasks():
    run = _read(ReadOptions(metric="acc"), LONG, "long.csv")
    assert list(run.scores["score"]) == [0.0, 1.0, 1.0]
    assert {info.metric for info in run.tasks.values()} == {"acc"}


def test_long_table_refuses_different_columns_per_task():
    with pytest.raises(InputError) as error:
        _read(ReadOptions(metric={"a": "acc"}), LONG, "long.csv")
    message = str(error.value)
    assert message.startswith("long.csv: the metrics chosen per task name different columns")
    assert "(a: acc, b: the default score column)" in message
    assert "one of score, acc" in message


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (ReadOptions(filter="strict-match"), "no filters, so filter 'strict-match'"),
        (ReadOptions(filter={"mmlu": "none"}), "no filters, so filter 'none'"),
        (ReadOptions(score_key="main"), "no dict scores, so score key 'main'"),
    ],
)
def test_filter_and_score_key_are_refused(options, words):
    with pytest.raises(InputError) as error:
        _read(options, side="candidate")
    message = str(error.value)
    assert message.startswith(f"candidate: mmlu.csv: a CSV table has {words} cannot be applied")
    assert "(columns: prompt_id, score, acc)" in message
    assert message.endswith("unset for CSV results.")


def test_a_filter_for_another_task_is_no_refusal():
    assert len(_read(ReadOptions(filter={"gsm8k": "none"})).scores) == 3


@pytest.fixture
def folders(tmp_path):
    for side, acc in (("base", "1,1,1"), ("cand", "0,0,1")):
        folder = tmp_path / side
        folder.mkdir()
        rows = zip(range(3), "111", acc.split(","), strict=True)
        (folder / "mmlu.csv").write_text(
            "prompt_id,score,acc\n" + "".join(f"{i},{s},{a}\n" for i, s, a in rows)
        )
    return str(tmp_path / "base"), str(tmp_path / "cand")


def test_command_line_refuses_an_unknown_metric_in_one_line(folders, capsys):
    assert main(["compare", *folders, "--metric", "nosuch"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "baseline: " in err and "mmlu.csv: metric 'nosuch' is not a score column" in err
    assert "Traceback" not in err


def test_command_line_applies_a_metric_that_is_a_column(folders, capsys):
    assert main(["compare", *folders, "--format", "json"]) == 0  # the score column: no change
    capsys.readouterr()
    assert main(["compare", *folders, "--metric", "acc", "--format", "json"]) in (0, 1)
    out = capsys.readouterr().out
    assert '"metric_baseline": "acc"' in out
