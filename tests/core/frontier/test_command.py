"""The ``frontier`` and ``backtest`` commands through the CLI dispatcher."""

from __future__ import annotations

import json

import pytest

from core.cli import main

OLL = ["--params", "#Params (B)", "--tokens", "Pretraining tokens (T)"]


def test_frontier_json(oll_path, capsys):
    status = main(
        [
            "frontier",
            str(oll_path),
            "--score",
            "MATH Lvl 5 Raw",
            *OLL,
            "--at",
            "1e24",
            "--n-boot",
            "10",
            "--method",
            "paper",
            "--keep-duplicates",  # the paper fits every leaderboard row
            "--format",
            "json",
        ]
    )
    assert status == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) >= {
        "task",
        "n",
        "n_dropped",
        "tau",
        "params",
        "objective",
        "coverage",
        "predictions",
    }
    assert out["n"] == 3663 and out["n_dropped"] == 913
    assert set(out["params"]) == {"y0", "L", "z_star", "b"}
    (p,) = out["predictions"]
    assert p["score"] == pytest.approx(0.539, abs=1e-3)  # paper's table value
    assert p["ci_low"] <= p["score"] <= p["ci_high"]


def test_several_scores_give_a_list(oll_path, capsys):
    assert (
        main(["frontier", str(oll_path), "--score", "BBH Raw,GPQA Raw", *OLL, "--format", "json"])
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert [o["task"] for o in out] == ["BBH Raw", "GPQA Raw"]


def test_backtest_json_with_cuts(oll_path, capsys):
    assert (
        main(
            [
                "backtest",
                str(oll_path),
                "--score",
                "IFEval Raw",
                *OLL,
                "--date",
                "Upload To Hub Date",
                "--cuts",
                "2024-07-01,2024-10-01,2025-01-01",
                "--keep-duplicates",
                "--format",
                "json",
            ]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert [p["n_train"] for p in out["periods"]] == [613, 482, 897]
    # Figure 3a, IFEval t = 1: -4.00e-2 (the last period also holds no rows after 2025-03)
    assert out["periods"][0]["signed_coverage_error"] == pytest.approx(-0.04, abs=1e-4)


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--score", "nope"], "no column 'nope'"),
        (["--score", "BBH Raw", "--tau", "1.5"], "--tau"),
        (["--score", "BBH Raw", "--params", "#Params (B)", "--tokens", "fullname"], "unit"),
    ],
)
def test_bad_input_exits_2_with_one_line(oll_path, capsys, argv, message):
    assert main(["frontier", str(oll_path), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_backtest_needs_readable_cuts(oll_path, capsys):
    assert (
        main(
            [
                "backtest",
                str(oll_path),
                "--score",
                "BBH Raw",
                *OLL,
                "--date",
                "Upload To Hub Date",
                "--cuts",
                "soon",
            ]
        )
        == 2
    )
    assert "--cuts" in capsys.readouterr().err


def test_at_may_be_repeated_or_list_several_values(oll_path, capsys):
    base = ["frontier", str(oll_path), "--score", "BBH Raw", *OLL, "--n-boot", "0"]
    assert main([*base, "--at", "1e24", "--at", "3e24", "--format", "json"]) == 0
    repeated = json.loads(capsys.readouterr().out)
    assert main([*base, "--at", "1e24", "3e24", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [p["flops"] for p in repeated["predictions"]] == [1e24, 3e24]
    assert repeated["predictions"] == listed["predictions"]
