"""The ``frontier`` command's own contract (core.cli.frontier): non-crossing levels, notes
on how the data was read, text flags, one-line refusals (tau lists: test_frontier_args.py).

Runs on the real Epoch AI GPQA-diamond points (65 models, CC-BY, see
tests/fixtures/frontier/PROVENANCE.md), whose authors' stored curve gives q(1e24) = 0.647
with lambda 1e-4 and kappa 50.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from core.cli import main


@pytest.fixture(scope="module")
def epoch(fixtures_dir):
    return fixtures_dir / "frontier" / "epoch_ai_points_GPQA_diamond.csv"


def _argv(path, *extra):
    return ["frontier", str(path), "--score", "score", "--flops", "training_compute_flop", *extra]


def _json(capsys, argv):
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_the_authors_curve_through_the_command(epoch, capsys):
    out = _json(
        capsys,
        _argv(
            epoch,
            "--lambda",
            "1e-4",
            "--method",
            "paper",
            "--at",
            "1e24",
            "--n-boot",
            "0",
            "--format",
            "json",
        ),
    )
    assert out["predictions"][0]["score"] == pytest.approx(0.647, abs=0.005)
    assert out["bootstrap"] is None and out["predictions"][0]["ci_low"] is None
    assert out["n"] == 65 and out["n_dropped"] == 0


def test_several_levels_give_one_object_each_and_never_cross(epoch, capsys):
    out = _json(
        capsys,
        _argv(
            epoch,
            "--tau",
            "0.9,0.5,0.98",
            "--lambda",
            "1e-3",
            "--at",
            "1e22",
            "1e24",
            "1e26",
            "--n-boot",
            "0",
            "--format",
            "json",
        ),
    )
    assert [o["tau"] for o in out] == [0.5, 0.9, 0.98]
    for j in range(3):
        scores = [o["predictions"][j]["score"] for o in out]
        assert scores == sorted(scores)
        assert all("rearranged" in o["predictions"][j] for o in out)
    assert {o["settings"]["lambda_b"] for o in out} == {1e-3}


def test_text_flags_extrapolation_and_names_the_band_level(epoch, capsys):
    assert main(_argv(epoch, "--at", "1e30", "--n-boot", "10", "--level", "0.8")) == 0
    text = capsys.readouterr().out
    (line,) = [x for x in text.splitlines() if x.strip().startswith("at 1e30 FLOPs")]
    assert line.endswith("(extrapolated)")
    assert "80% band of the boundary [" in line


def test_percent_scores_and_repeated_names_are_noted(tmp_path, capsys, epoch):
    frame = pd.read_csv(epoch)
    frame["score"] = frame["score"] * 100
    frame = pd.concat([frame, frame.iloc[:2]], ignore_index=True)
    path = tmp_path / "percent.csv"
    frame.to_csv(path, index=False)
    out = _json(capsys, _argv(path, "--model", "model", "--format", "json"))
    assert out["percent_scaled"] is True
    assert out["n"] == 65
    assert "scores in 'score' read as percent (divided by 100)" in out["notes"]
    assert (
        "2 rows with a repeated model name left out (kept the first usable row of each model; "
        "--keep-duplicates keeps all)" in out["notes"]
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--at", "0"], "error: --at takes positive FLOPs such as 1e24"),
        (["--n-boot", "5"], "error: --n-boot 5 is out of range"),
        (["--tau", "0.2"], "error: --tau must be between 0.5 and 1 (e.g. 0.98), got 0.2"),
    ],
)
def test_refusals_exit_2_with_one_line(epoch, capsys, extra, message):
    assert main(_argv(epoch, *extra)) == 2
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1


def test_a_missing_column_is_named(epoch, capsys):
    assert (
        main(["frontier", str(epoch), "--score", "nope", "--flops", "training_compute_flop"]) == 2
    )
    err = capsys.readouterr().err
    assert "nope" in err and err.count("\n") == 1
