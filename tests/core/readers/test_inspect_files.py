"""Opening Inspect logs, ``.json`` or ``.eval`` zip (core/readers/inspect_files.py).

The expected contents are read independently here with :mod:`zipfile` and :mod:`json`.
The logs are real Inspect output (tests/fixtures/formats/PROVENANCE.md).
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
import zipfile_zstd  # noqa: F401 - the zstd logs below

from core.errors import InputError
from core.readers.files.sources import InputFile, UnpackBudget
from core.readers.inspect_files import as_list, open_eval_log, open_json_log

LOGS = Path(__file__).resolve().parents[2] / "fixtures/formats/real/inspect_ai"
SCORED = (
    LOGS
    / "inspect_ai_repo_test_logs/2025-02-11T15-18-04-05-00_popularity_mj7khqpMM4GBCfVQozKgzB.eval"
)  # noqa: E501
UNSCORED = (
    LOGS
    / "inspect_ai_repo_test_logs/2025-02-11T15-17-00-05-00_popularity_dPiJifoWeEQBrfWsAopzWr.eval"
)  # noqa: E501
ZSTD = next((LOGS / "generated_mockllm_0.3.285/baseline").glob("*.eval"))
JSON_LOG = LOGS / "inspect_ai_repo_test_logs/log_formats.json"


def _file(path: Path) -> InputFile:
    return InputFile(path.name, path.read_bytes())


def _members(path: Path) -> dict[str, object]:
    with zipfile.ZipFile(path) as archive:
        return {name: json.loads(archive.read(name)) for name in archive.namelist()}


def _zip(members: dict[str, object], name: str = "made.eval") -> InputFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, value in members.items():
            archive.writestr(member, json.dumps(value))
    return InputFile(name, buffer.getvalue())


@pytest.mark.parametrize("path", [SCORED, ZSTD], ids=["deflate", "zstd"])
def test_real_eval_log_opens_with_header_summaries_and_reductions(path):
    expected = _members(path)
    log = open_eval_log(_file(path))
    assert log.header == expected["header.json"]
    assert log.header["status"] == "success"
    assert log.samples == expected["summaries.json"]
    assert len(log.samples) == 10
    assert log.kind == "summaries"
    assert log.reductions == expected["reductions.json"]


def test_unscored_log_has_no_reductions():
    log = open_eval_log(_file(UNSCORED))
    assert log.reductions is None
    assert log.samples == _members(UNSCORED)["summaries.json"]


def test_journal_only_log_is_started_and_reads_the_summaries_in_numeric_order():
    members = _members(ZSTD)
    journal = {n: v for n, v in members.items() if n.startswith("_journal/")}
    # Renumber the four summaries 1, 2, 10, 11: text order would put 10 and 11 before 2.
    parts = [members[f"_journal/summaries/{i}.json"] for i in (1, 2, 3, 4)]
    renumbered = {
        "_journal/start.json": journal["_journal/start.json"],
        "_journal/summaries/11.json": parts[3],
        "_journal/summaries/10.json": parts[2],
        "_journal/summaries/2.json": parts[1],
        "_journal/summaries/1.json": parts[0],
    }
    log = open_eval_log(_zip(renumbered))
    start = members["_journal/start.json"]
    assert "status" not in start
    assert log.header == {**start, "status": "started"}
    assert log.samples == [s for part in parts for s in part]
    assert [s["id"] for s in log.samples] == [s["id"] for s in members["summaries.json"]]
    assert log.kind == "summaries"
    assert log.reductions is None


def test_journal_status_is_kept_when_given():
    log = open_eval_log(_zip({"_journal/start.json": {"eval": {}, "status": "cancelled"}}))
    assert log.header["status"] == "cancelled"
    assert log.samples is None


def test_only_sample_files_give_samples():
    members = _members(SCORED)
    kept = {n: v for n, v in members.items() if n == "header.json" or n.startswith("samples/")}
    log = open_eval_log(_zip(kept))
    assert log.kind == "samples"
    expected = [v for n, v in members.items() if n.startswith("samples/")]
    assert log.samples == expected


def test_truncated_eval_is_one_line_naming_the_file():
    data = SCORED.read_bytes()
    with pytest.raises(InputError) as caught:
        open_eval_log(InputFile("cut.eval", data[: len(data) // 2]))
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("cut.eval: not a readable .eval zip (")
    assert message.endswith("Re-copy the log.")


def test_header_not_an_object_is_refused():
    with pytest.raises(InputError, match=r"^odd\.eval: header\.json is not a JSON object"):
        open_eval_log(_zip({"header.json": [1, 2]}, name="odd.eval"))


def test_summaries_not_a_list_is_refused():
    with pytest.raises(InputError, match=r"^odd\.eval: a summaries member is not a list"):
        open_eval_log(_zip({"header.json": {"eval": {}}, "summaries.json": {}}, "odd.eval"))
    assert as_list([1], "x") == [1]


def test_eval_log_unpacks_within_the_budget():
    with pytest.raises(InputError, match="unpacks to"):
        open_eval_log(_file(SCORED), UnpackBudget(limit=1_000))
    budget = UnpackBudget()
    open_eval_log(_file(SCORED), budget)
    with zipfile.ZipFile(SCORED) as archive:
        read = ("header.json", "summaries.json", "reductions.json")
        assert budget.used == sum(archive.getinfo(name).file_size for name in read)


def test_real_json_log_opens():
    expected = json.loads(JSON_LOG.read_text(encoding="utf-8"))
    log = open_json_log(_file(JSON_LOG))
    assert log.header is not None and log.header["eval"] == expected["eval"]
    assert log.samples == expected["samples"]
    assert log.reductions == expected.get("reductions")
    assert log.kind == "samples"


@pytest.mark.parametrize("content", [{"samples": []}, {"eval": "x"}, [1, 2]])
def test_json_without_an_eval_object_is_refused(content):
    with pytest.raises(InputError) as caught:
        open_json_log(InputFile("other.json", json.dumps(content).encode()))
    assert str(caught.value) == (
        "other.json: not an Inspect log (no 'eval' object). Give the log file."
    )


def test_json_log_with_samples_not_a_list_has_none():
    log = open_json_log(InputFile("h.json", b'{"eval": {}, "samples": {}}'))
    assert log.samples is None and log.reductions is None
