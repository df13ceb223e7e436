"""Drill-down text of lm-eval runs, built from the files on demand
(core.readers.lm_eval_details).

The reference is the real samples file parsed with the standard ``json`` module.
"""

from __future__ import annotations

import json
import pickle

import pandas as pd
import pytest

from core.readers import read_path
from core.readers.files.jsonl import DETAIL_CHARS
from core.readers.lm_eval_details import LmEvalDetails, prompt_of, record_texts
from core.samples import DETAIL_COLUMNS

GSM_BASE = "lm-evaluation-harness/pyfade_gsm8k_pair/base_gemma3-12b-it-q4_K_M"


@pytest.fixture(scope="module")
def gsm(real):
    folder = real / GSM_BASE
    (samples,) = folder.glob("samples_*.jsonl")
    records = [json.loads(line) for line in samples.read_text().splitlines() if line.strip()]
    return read_path(folder), records


def test_rows_hold_the_records_own_target_and_response(gsm):
    result, records = gsm
    details = result.details
    assert isinstance(details, LmEvalDetails)
    assert len(details) == len(records) == 3
    frame = details.frame()
    assert list(frame.columns) == list(DETAIL_COLUMNS)
    by_id = frame.set_index("item_id")
    for record in records:
        row = by_id.loc[str(record["doc_id"])]
        target = record["target"]
        assert row["target"] == (
            target if len(target) <= DETAIL_CHARS else target[: DETAIL_CHARS - 1] + "…"
        )
        assert row["response"] == record["filtered_resps"][0]
        context = record["arguments"]["gen_args_0"]["arg_0"]
        while isinstance(context, list):  # chat runs keep the context in a one-element list
            context = context[0]
        assert row["prompt"] == (
            context if len(context) <= DETAIL_CHARS else "…" + context[-(DETAIL_CHARS - 1) :]
        )


def test_rows_of_some_keys_only_and_empty_keeps_the_key_dtypes(gsm):
    result, records = gsm
    wanted = str(records[1]["doc_id"])
    keys = pd.DataFrame({"task": ["gsm8k", "other"], "item_id": [wanted, wanted]})
    rows = result.details.rows(keys)
    assert list(rows["item_id"]) == [wanted] and list(rows["task"]) == ["gsm8k"]
    none = pd.DataFrame(
        {"task": pd.Series(["x"], dtype=object), "item_id": pd.Series(["y"], dtype=object)}
    )
    empty = result.details.rows(none)
    assert empty.empty
    assert empty["task"].dtype == object and empty["item_id"].dtype == object


def test_pickles_as_the_built_frame_and_acts_as_a_frame(gsm):
    result, _ = gsm
    details = result.details
    restored = pickle.loads(pickle.dumps(details))
    pd.testing.assert_frame_equal(restored.frame(), details.frame())
    assert details["item_id"].tolist() == details.frame()["item_id"].tolist()  # __getitem__
    assert details.shape == (3, len(DETAIL_COLUMNS))  # attributes of the frame
    assert repr(details) == "<LmEvalDetails: 3 rows in 1 part(s)>"
    with pytest.raises(AttributeError):
        details._missing  # noqa: B018 - private names are not forwarded


def test_old_json_array_runs_find_their_records_by_position(built):
    result = read_path(built / "lm_eval_0.4.2" / "baseline")
    (path,) = (built / "lm_eval_0.4.2" / "baseline").glob("*.jsonl")
    records = json.loads(path.read_text())  # one JSON array (lm-eval 0.4.0-0.4.2)
    frame = result.details.frame()
    assert len(frame) == len(result.scores) == len(records)
    by_id = frame.set_index("item_id")
    for record in records:
        row = by_id.loc[str(record["doc_id"])]
        assert row["response"] == record["filtered_resps"][0]
        assert row["prompt"] == record["arguments"][0][0]


@pytest.mark.parametrize(
    ("arguments", "prompt"),
    [
        ({"gen_args_0": {"arg_0": "Q: 1+1?", "arg_1": {}}}, "Q: 1+1?"),  # 0.4.3+
        ([["Q: 2+2?", " 4"]], "Q: 2+2?"),  # before 0.4.3: lists of [context, continuation]
        ([], ""),
        (None, ""),
        ({"gen_args_0": {"arg_0": 7}}, ""),
        ({"gen_args_0": {"arg_0": "x" * (DETAIL_CHARS + 50)}}, "…" + "x" * (DETAIL_CHARS - 1)),
    ],
)
def test_prompt_of(arguments, prompt):
    assert prompt_of(arguments) == prompt


def test_record_texts_unwraps_one_response_and_bounds_long_text():
    record = {
        "arguments": [["ctx", " a"]],
        "target": "t" * (DETAIL_CHARS + 1),
        "filtered_resps": ["only"],
    }
    prompt, target, response = record_texts(record)
    assert (prompt, response) == ("ctx", "only")
    assert len(target) == DETAIL_CHARS and target.endswith("…")
    assert record_texts({"target": 3, "filtered_resps": [["a", "b"]]})[1:] == ("3", '["a","b"]')
    assert record_texts({"filtered_resps": ["a", "b"]})[2] == '["a","b"]'  # two responses
