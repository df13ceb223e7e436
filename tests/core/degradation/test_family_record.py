"""The provenance record of several candidates (core/degradation/data/family_record.py).

The files are real lm-evaluation-harness output (tests/fixtures/formats/PROVENANCE.md); the
digests are computed again here with hashlib, and the command is parsed back with the
command line's own parser.
"""

from __future__ import annotations

import hashlib
import json
import shlex
from pathlib import Path

import pytest

from core.cli.dispatch import build_parser
from core.degradation.comparison import CompareOptions
from core.degradation.data.family_record import family_command, family_record, options_settings
from core.degradation.data.provenance import app_version, records_from_path
from core.degradation.settings import settings_of
from core.readers import read_path

PAIR = Path(__file__).resolve().parents[2] / "fixtures/formats/real/lm-evaluation-harness"
BASE = PAIR / "pyfade_gsm8k_pair/base_gemma3-12b-it-q4_K_M"
TUNED = PAIR / "pyfade_gsm8k_pair/tuned_gemma3-12b-u1"


def test_options_settings_by_compare_name():
    options = CompareOptions(
        alpha=0.1,
        margin=0.02,
        alternative="two-sided",
        pvalue_method="mid-p",
        n_resamples=999,
        seed=5,
        combine="paper",
    )
    assert options_settings(options, "task") == {
        "level": "task",
        "alpha": 0.1,
        "margin": 0.02,
        "alternative": "two-sided",
        "combine": "paper",
        "mid_p": True,
        "resamples": 999,
        "seed": 5,
    }
    assert options_settings(CompareOptions(), "group")["mid_p"] is False


def test_family_command_parses_back_to_the_same_candidates_and_settings():
    options = CompareOptions(alpha=0.01, pvalue_method="mid-p", seed=9, combine="paper")
    settings = options_settings(options, "task")
    paths = ["base dir", "c1.jsonl", "c 2.zip", "it's.json"]
    command = family_command(paths, settings)
    words = shlex.split(command)
    assert words[:4] == ["python", "-m", "core", "compare"]
    args = build_parser(words[3:]).parse_args(words[3:])
    assert [args.baseline, *args.candidates] == paths
    assert args.alpha == 0.01 and args.seed == 9 and args.mid_p is True
    assert args.level == "task" and args.combine == "paper"
    args.candidate = args.candidates[0]
    recorded = {key: value for key, value in settings_of(args).items() if key in settings}
    assert recorded == settings


def test_one_candidate_is_the_plain_compare_command():
    command = family_command(["b", "c"], {"alpha": 0.05, "mid_p": False})
    assert command == "python -m core compare b c --alpha 0.05"


@pytest.fixture(scope="module")
def runs():
    return read_path(str(BASE), side="baseline"), read_path(str(TUNED), side="candidate")


def test_family_record_of_real_files(runs):
    baseline, tuned = runs
    settings = options_settings(CompareOptions(), "group")
    paths = [str(BASE), str(TUNED), "gone.zip"]
    candidate_records = [records_from_path(TUNED), ()]
    record = family_record(
        paths, settings, records_from_path(BASE), candidate_records, baseline, [tuned, None]
    )
    assert json.loads(json.dumps(record)) == record  # JSON-ready
    assert record["app"] == "Eval Verdict" and record["app_version"] == app_version()
    assert record["command"] == family_command(paths, settings)
    assert record["settings"] == settings
    assert set(record["inputs"]) == {"baseline", "candidates"}
    base_files = sorted(p for p in BASE.iterdir() if p.is_file())
    assert record["inputs"]["baseline"] == [
        {
            "name": f"{BASE.name}/{p.name}",
            "sha256": hashlib.sha256(p.read_bytes()).hexdigest(),
            "size": p.stat().st_size,
        }
        for p in base_files
    ]
    first, gone = record["inputs"]["candidates"]
    assert first["source"] == str(TUNED) and gone == {"source": "gone.zip", "files": []}
    tuned_files = sorted(p for p in TUNED.iterdir() if p.is_file())
    assert [f["sha256"] for f in first["files"]] == [
        hashlib.sha256(p.read_bytes()).hexdigest() for p in tuned_files
    ]
    assert set(record["read"]) == {"baseline", "candidates"}
    assert record["read"]["baseline"]["model"] == baseline.model
    assert record["read"]["baseline"]["format"] == baseline.source_format
    read_tuned, read_gone = record["read"]["candidates"]
    assert read_gone is None
    assert read_tuned["model"] == tuned.model != baseline.model
    assert read_tuned["files_read"] == dict(tuned.file_digests)
    # The digests of the files the scores came from are those of the files on disk.
    on_disk = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in tuned_files}
    assert read_tuned["files_read"]
    for name, digest in read_tuned["files_read"].items():
        assert digest == on_disk[Path(name).name]
