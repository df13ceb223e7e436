"""The normalised per-sample scores (core.samples): canonical frames, score checks, one
side assembled from several files."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from core.errors import InputError
from core.samples import (
    DETAIL_COLUMNS,
    SCORE_COLUMNS,
    TaskInfo,
    assemble_run,
    check_scores,
    detail_rows,
    make_score_frame,
)


def test_score_frame_has_canonical_columns_dtypes_and_broadcasts():
    frame = make_score_frame("gsm8k", [1, 2], [1, 0.5], run=[0, 3])
    assert list(frame.columns) == list(SCORE_COLUMNS)
    assert dict(frame.dtypes.astype(str)) == dict(SCORE_COLUMNS)
    assert frame["item_id"].tolist() == ["1", "2"]  # ids are text, never numbers
    assert frame["group"].tolist() == ["gsm8k", "gsm8k"]  # each task its own group
    hashed = make_score_frame("t", ["a"], [1.0], group="g", item_hash=["h"])
    assert list(hashed.columns) == [*SCORE_COLUMNS, "item_hash"]
    assert hashed["group"].tolist() == ["g"]


def test_unknown_optional_column_is_a_programming_error():
    with pytest.raises(
        TypeError,
        match=r"unknown optional column 'doc_hash'; allowed: \['item_hash', 'prompt_hash'\]",
    ):
        make_score_frame("t", ["a"], [1.0], doc_hash=["h"])


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        (
            [1.0, math.nan, math.nan],
            "f.jsonl: 2 scores are missing or not numbers (first: task t, item 1).",
        ),
        (
            [1.0, math.inf],
            "f.jsonl: 1 score is missing or not numbers (first: task t, item 1).",
        ),
        (
            [1.0, 1.5, -0.1],
            "f.jsonl: 2 scores lie outside [0, 1] (first: 1.5 for task t, item 1).",
        ),
        ([100.0], "f.jsonl: 1 score lies outside [0, 1] (first: 100.0 for task t, item 0)."),
    ],
)
def test_bad_scores_are_counted_with_the_first_one(scores, message):
    frame = make_score_frame("t", [str(i) for i in range(len(scores))], scores)
    with pytest.raises(InputError) as error:
        check_scores(frame, "f.jsonl")
    assert str(error.value).startswith(message)


def test_percent_scores_are_told_to_divide():
    with pytest.raises(InputError, match="divide percentages by 100"):
        check_scores(make_score_frame("t", ["a"], [85.0]), "f.csv")


def test_scores_at_the_bounds_pass():
    check_scores(make_score_frame("t", ["a", "b", "c"], [0.0, 1.0, 0.5]), "f.csv")


def test_large_counts_have_thousands_separators():
    frame = make_score_frame("t", [str(i) for i in range(1_500)], np.full(1_500, 2.0))
    with pytest.raises(InputError, match=r"1,500 scores lie outside"):
        check_scores(frame, "f.csv")


def _frame(task, ids, scores, **optional):
    return make_score_frame(task, ids, scores, **optional)


def test_assemble_refuses_several_models_and_names_them():
    with pytest.raises(InputError) as error:
        assemble_run(
            "runs",
            "x",
            [_frame("t", ["a"], [1.0])],
            tasks={},
            models={"m2", "m1", None},
            what="logs",
        )
    assert (
        str(error.value)
        == "runs: the logs are of several models (m1, m2). Give one model's logs per side."
    )


def test_assemble_drops_hash_columns_no_row_fills_and_keeps_partial_ones():
    first = _frame("t", ["a"], [1.0], item_hash=[None], prompt_hash=["p"])
    second = _frame("u", ["b"], [0.0], item_hash=[None], prompt_hash=[None])
    run = assemble_run(
        "runs", "x", [first, second], tasks={"t": TaskInfo(), "u": TaskInfo()}, models={"m", None}
    )
    assert "item_hash" not in run.scores and "prompt_hash" in run.scores
    assert run.model == "m"
    assert run.scores["task"].tolist() == ["t", "u"]


def test_assemble_checks_scores_and_stacks_details():
    details = pd.DataFrame([["t", "a", "q", "1", "2"]], columns=list(DETAIL_COLUMNS))
    run = assemble_run(
        "r",
        "x",
        [_frame("t", ["a"], [1.0])],
        tasks={},
        models=set(),
        details=[None, details],
        warnings=["w"],
    )
    assert run.details.values.tolist() == [["t", "a", "q", "1", "2"]]
    assert run.warnings == ("w",) and run.model is None
    with pytest.raises(InputError, match="^r: 1 score"):
        assemble_run("r", "x", [_frame("t", ["a"], [2.0])], tasks={}, models=set())


def test_detail_rows_of_frames_sources_and_nothing():
    keys = pd.DataFrame({"task": ["t"], "item_id": ["a"]})
    details = pd.DataFrame([["t", "a", "q", "1", "2"]], columns=list(DETAIL_COLUMNS))
    assert detail_rows(None, keys) is None
    assert detail_rows(details.iloc[:0], keys) is None
    assert detail_rows(details, keys) is details

    class Source:
        def __len__(self):
            return 1

        def rows(self, wanted):
            return wanted.assign(prompt="built")

        def frame(self):
            return details

    assert detail_rows(Source(), keys)["prompt"].tolist() == ["built"]
