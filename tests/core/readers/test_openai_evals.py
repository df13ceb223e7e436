"""openai/evals event logs (core.readers.openai_evals): match events become scores, every
malformed log ends in one line naming the file and the line.

Logs are written here in the documented oaieval record layout (result-formats.md §6).
"""

from __future__ import annotations

import json

import pytest

from core.errors import InputError
from core.readers import InputFile, read_path, read_run
from core.readers.openai_evals import READER

SPEC = {"spec": {"completion_fns": ["gpt-x"], "eval_name": "arith.dev.v0", "run_id": "R1"}}


def _log(records, name="R1_gpt-x_arith.jsonl"):
    return InputFile(name, ("\n".join(json.dumps(r) for r in records) + "\n").encode())


def _match(sample, correct, expected="2", picked="2"):
    return {
        "sample_id": sample,
        "type": "match",
        "data": {"correct": correct, "expected": expected, "picked": picked},
    }


def _sampling(sample, prompt):
    return {"sample_id": sample, "type": "sampling", "data": {"prompt": prompt, "sampled": ["2"]}}


def test_match_events_are_the_scores_and_sampling_gives_the_prompt():
    records = [
        SPEC,
        _sampling("s.0", "What is 1 + 1?"),
        _sampling("s.0", "a retry"),  # the first prompt of a sample is kept
        _match("s.0", True),
        _match("s.1", 0, expected="3", picked="4"),
        {"sample_id": "s.1", "type": "metrics", "data": {"accuracy": 0.5}},
        {"type": "final_report", "data": {"accuracy": 0.5}},
    ]
    result = read_run([_log(records)])
    assert dict(zip(result.scores["item_id"], result.scores["score"])) == {"s.0": 1.0, "s.1": 0.0}
    assert result.model == "gpt-x" and list(result.tasks) == ["arith.dev.v0"]
    details = result.details.set_index("item_id")
    assert details.loc["s.0", "prompt"] == "What is 1 + 1?"
    assert (details.loc["s.1", "target"], details.loc["s.1", "response"]) == ("3", "4")


def test_built_logs_match_their_match_events(built):
    folder = built / "openai_evals" / "candidate"
    (path,) = folder.glob("*.jsonl")
    records = [json.loads(line) for line in path.read_text().splitlines()]
    expected = {
        r["sample_id"]: float(r["data"]["correct"]) for r in records if r.get("type") == "match"
    }
    result = read_path(folder)
    assert dict(zip(result.scores["item_id"], result.scores["score"])) == expected


@pytest.mark.parametrize(
    ("records", "message"),
    [
        ([SPEC, [1, 2]], r"^log\.jsonl: line 2 is not a JSON object\. Give the unedited log\.$"),
        (
            [SPEC, _match("s.0", "yes")],
            r"^log\.jsonl: line 2: match event of 's\.0' has no true/false 'correct'\.",
        ),
        (
            [SPEC, _match("s.0", None)],
            r"^log\.jsonl: line 2: match event of 's\.0' has no true/false 'correct'\.",
        ),
        (
            [SPEC, _sampling("s.0", "q")],
            r"^log\.jsonl: the log of arith\.dev\.v0 has no 'match' events",
        ),
    ],
)
def test_malformed_logs_name_the_file_and_line(records, message):
    with pytest.raises(InputError, match=message):
        READER.read([_log(records, "log.jsonl")], None)


def test_a_log_not_starting_with_spec_is_refused():
    file = _log([_match("s.0", True)], "log.jsonl")
    assert not READER.claims(file)
    with pytest.raises(
        InputError, match=r"^log\.jsonl: line 1: the log does not start with a spec"
    ):
        READER.read([file], None)


def test_the_same_eval_in_two_logs_keeps_both_and_says_so():
    first = _log([SPEC, _match("s.0", True)], "a.jsonl")
    second = _log([SPEC, _match("s.1", False)], "b.jsonl")
    result = read_run([first, second])
    assert sorted(result.scores["item_id"]) == ["s.0", "s.1"]
    assert "eval arith.dev.v0 appears in several logs; all rows are kept." in result.warnings


def test_task_name_falls_back_to_base_eval_then_the_file():
    base = {"spec": {"completion_fns": ["m"], "base_eval": "arith"}}
    assert list(read_run([_log([base, _match("s", True)])]).tasks) == ["arith"]
    bare = {"spec": {"completion_fns": []}}
    result = READER.read([_log([bare, _match("s", True)], "mylog.jsonl")], None)
    assert list(result.tasks) == ["mylog"]
    assert result.model is None
