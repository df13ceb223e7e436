"""The provenance record: the equivalent command, file digests, escaping, version."""

from __future__ import annotations

import hashlib
import shlex
import tomllib
from pathlib import Path

from core.degradation.data.provenance import (
    Provenance,
    app_version,
    compare_command,
    record_bytes,
    records_from_path,
)

REPO = Path(__file__).resolve().parents[3]


def test_command_lists_every_setting_and_round_trips_through_the_parser():
    from core.cli import build_parser

    settings = {
        "level": "task",
        "alpha": 0.01,
        "margin": 0.005,
        "alternative": "two-sided",
        "mid_p": True,
        "metric": {"gsm8k": "exact_match", "arc": "acc"},
        "filter": "strict-match",
        "score_key": "main_task_success",
        "baseline_run": "org/model@2025-01-01",
        "candidate_run": None,
        "resamples": 999,
        "seed": 7,
        "fail_inconclusive": True,
    }
    command = compare_command("my runs/base.zip", "cand dir/", settings)
    words = shlex.split(command)
    assert words[:6] == ["python", "-m", "core", "compare", "my runs/base.zip", "cand dir/"]
    args = build_parser().parse_args(words[3:])
    assert (args.level, args.alpha, args.margin, args.alternative) == (
        "task",
        0.01,
        0.005,
        "two-sided",
    )
    assert args.mid_p and args.fail_inconclusive and args.candidate_run is None
    assert args.metric == ["arc=acc", "gsm8k=exact_match"] and args.filter == ["strict-match"]
    assert (args.score_key, args.baseline_run) == ("main_task_success", "org/model@2025-01-01")
    assert (args.resamples, args.seed) == (999, 7)


def test_switches_that_are_off_are_left_out():
    command = compare_command("a", "b", {"mid_p": False, "fail_inconclusive": False, "alpha": 0.05})
    assert command == "python -m core compare a b --alpha 0.05"


def test_records_of_a_folder_and_of_bytes(tmp_path):
    folder = tmp_path / "runs"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "x.csv").write_bytes(b"abc")
    (folder / "y.csv").write_bytes(b"")
    records = records_from_path(folder)
    assert [r.name for r in records] == ["runs/sub/x.csv", "runs/y.csv"]
    assert records[0].sha256 == hashlib.sha256(b"abc").hexdigest() and records[0].size == 3
    assert record_bytes("u.json", b"abc") == records[0].__class__(
        "u.json", hashlib.sha256(b"abc").hexdigest(), 3
    )
    (single,) = records_from_path(folder / "y.csv")
    assert single.name == str(folder / "y.csv")


def test_names_from_files_are_escaped_and_kept_on_one_line():
    evil = record_bytes("<script>alert(1)</script>\n# setting alpha: 1.csv", b"x")
    record = Provenance((evil,), (), {"alpha": 0.05}, "python -m core compare a b", "9", "now")
    html = record.to_html()
    assert "<script>" not in html and "&lt;script&gt;" in html
    lines = record.comment_lines()
    assert all("\n" not in line and line.startswith("# ") for line in lines)
    assert "# setting alpha: 0.05" in lines and len(lines) == 4


def test_app_version_is_pyprojects():
    with (REPO / "pyproject.toml").open("rb") as handle:
        assert app_version() == tomllib.load(handle)["project"]["version"]
