"""Inspect dict scores: one key for both sides, never the first key of each sample's dict.

No openly licensed real log with dict scores was found (../shared holds none), so the pair is
built from the real every_eval_ever arc logs (MIT): each ``choice`` value becomes
``{"main_task_success": value, "side_task_success": opposite}`` (the control-arena shape of
result-formats.md §10b), with the keys listed in different orders, as real logs do.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.cli import main
from core.degradation.data.pairing import pair_runs
from core.readers import AmbiguousChoiceError, InputFile, ReadOptions, read_run

LOGS = Path(__file__).resolve().parents[2] / "fixtures" / "formats" / "real" / "inspect_ai"
ARC = LOGS / "every_eval_ever_json_logs"
_OPPOSITE = {"C": "I", "I": "C"}


def dict_scored(name: str, side_first: bool) -> bytes:
    """A real arc log whose scores are dicts; ``side_first`` lists side_task_success first."""
    log = json.loads((ARC / name).read_text())
    for number, sample in enumerate(log["samples"]):
        score = sample["scores"]["choice"]
        main, side = score["value"], _OPPOSITE[score["value"]]
        first = side_first if number % 2 == 0 else not side_first  # orders differ within a log
        score["value"] = (
            {"side_task_success": side, "main_task_success": main}
            if first
            else {"main_task_success": main, "side_task_success": side}
        )
    return json.dumps(log).encode()


@pytest.fixture
def pair():
    # sonnet: all 5 right; qwen: right on 1, wrong on 2 and 3 (main task)
    return (
        [InputFile("sonnet.json", dict_scored("data_arc_sonnet.json", side_first=False))],
        [InputFile("qwen.json", dict_scored("data_arc_qwen.json", side_first=True))],
    )


def test_several_keys_and_no_choice_is_refused_with_the_keys(pair):
    with pytest.raises(AmbiguousChoiceError) as info:
        read_run(pair[0], side="baseline")
    message = str(info.value)
    assert message.startswith("baseline sonnet.json: scorer choice gives dict scores with 2 keys")
    assert "main_task_success, side_task_success" in message and "--score-key" in message
    assert info.value.kind == "score_key"
    assert info.value.choices == ("main_task_success", "side_task_success")


@pytest.mark.parametrize(
    ("key", "expected_b", "expected_c"),
    [
        ("main_task_success", {"1": 1.0, "2": 1.0, "3": 1.0}, {"1": 1.0, "2": 0.0, "3": 0.0}),
        ("side_task_success", {"1": 0.0, "2": 0.0, "3": 0.0}, {"1": 0.0, "2": 1.0, "3": 1.0}),
    ],
)
def test_the_chosen_key_is_read_for_every_sample_whatever_the_order(
    pair, key, expected_b, expected_c
):
    options = ReadOptions(score_key=key)
    base, cand = read_run(pair[0], options), read_run(pair[1], options)
    assert base.score_key == cand.score_key == key
    paired = pair_runs(base, cand)
    items = paired.items.set_index("item_id")
    assert items["baseline"].to_dict() == expected_b
    assert items["candidate"].to_dict() == expected_c
    task = paired.report.tasks[0]
    assert (task.score_key_baseline, task.score_key_candidate) == (key, key)
    assert "score_key_baseline" in paired.report.to_frame()


def test_a_key_not_in_the_scores_names_the_keys(pair):
    with pytest.raises(Exception, match="choose one of main_task_success, side_task_success"):
        read_run(pair[0], ReadOptions(score_key="main"))


def test_plain_scores_carry_no_key():
    run = read_run([InputFile("qwen.json", (ARC / "data_arc_qwen.json").read_bytes())])
    assert run.score_key is None and run.tasks["inspect_evals/arc_easy"].score_key is None


def test_command_line_reports_the_key_in_json(pair, tmp_path, capsys):
    for side, files in zip(("b", "c"), pair):
        (tmp_path / f"{side}.json").write_bytes(files[0].data)
    args = ["compare", str(tmp_path / "b.json"), str(tmp_path / "c.json"), "--format", "json"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: baseline ") and "--score-key" in err and err.count("\n") == 1
    assert main([*args, "--score-key", "main_task_success"]) in (0, 1)
    payload = json.loads(capsys.readouterr().out)
    assert payload["pairing"]["tasks"][0]["score_key_baseline"] == "main_task_success"
    assert payload["provenance"]["settings"]["score_key"] == "main_task_success"
    assert payload["pooled"]["b"] == 2 and payload["pooled"]["c"] == 0


def test_each_side_with_a_different_single_key_is_refused_in_pairing():
    def single(name: str, key: str) -> InputFile:
        log = json.loads((ARC / name).read_text())
        for sample in log["samples"]:
            score = sample["scores"]["choice"]
            score["value"] = {key: score["value"]}
        return InputFile(name, json.dumps(log).encode())

    base = read_run([single("data_arc_sonnet.json", "main_task_success")])
    cand = read_run([single("data_arc_qwen.json", "side_task_success")])
    assert (base.score_key, cand.score_key) == ("main_task_success", "side_task_success")
    with pytest.raises(Exception, match="would compare different scores"):
        pair_runs(base, cand)
