"""``python -m core budget | saturation | contamination``: output shape, exit status 2."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy.special import expit

from core.cli import main

COMPUTE = ["--params", "#Params (B)", "--tokens", "Pretraining tokens (T)"]


def _run(capsys, argv):
    status = main(argv)
    out = capsys.readouterr()
    return status, out.out, out.err


def test_budget_json_lists_selection_within_budget(capsys, oll_path):
    status, out, _ = _run(
        capsys, ["budget", str(oll_path), *COMPUTE, "--budget", "0.05", "--format", "json"]
    )
    assert status == 0
    o = json.loads(out)
    assert {"selected", "spent", "budget", "pool_cost", "n_candidates"} <= set(o)
    assert o["spent"] <= o["budget"] + 1e-9
    assert o["budget"] == pytest.approx(0.05 * o["pool_cost"])
    assert len(o["selected"]) == o["n_selected"] > 4
    assert sum(s["cost"] for s in o["selected"]) == pytest.approx(o["spent"])
    assert o["estimate"] is None


def test_budget_estimate_and_absolute_budget(capsys, oll_path):
    status, out, _ = _run(
        capsys,
        [
            "budget",
            str(oll_path),
            *COMPUTE,
            "--budget",
            "500",
            "--score",
            "GPQA Raw",
            "--date",
            "Upload To Hub Date",
            "--periods",
            "paper",
            "--format",
            "json",
        ],
    )
    o = json.loads(out)
    assert status == 0 and o["budget"] == 500.0
    e = o["estimate"]
    assert e["pinball"] >= e["pinball_full_data"] > 0


def test_budget_sweep_text(capsys, oll_path):
    status, out, _ = _run(
        capsys,
        [
            "budget",
            str(oll_path),
            *COMPUTE,
            "--sweep",
            "--score",
            "MUSR Raw",
            "--date",
            "Upload To Hub Date",
            "--periods",
            "paper",
            "--planner",
            "both",
            "--budgets",
            "20,100",
        ],
    )
    assert status == 0
    assert "one-shot" in out and "adaptive" in out and "100%" in out


@pytest.mark.parametrize(
    "extra, needle",
    [
        (["--cost", "price"], "no cost column 'price'"),
        (["--budget", "0"], "--budget must be positive"),
        (["--sweep"], "--sweep needs known scores and dates"),
        (["--planner", "adaptive"], "--planner adaptive needs"),
        (
            ["--sweep", "--score", "BBH Raw", "--date", "Upload To Hub Date", "--budgets", "0,5"],
            "--budgets takes percentages",
        ),
    ],
)
def test_budget_bad_input_exits_2_with_one_line(capsys, oll_path, extra, needle):
    status = main(["budget", str(oll_path), *COMPUTE, *extra])
    err = capsys.readouterr().err
    assert status == 2
    assert needle in err and err.count("\n") == 1


def test_saturation_command(capsys, oll_path, fixtures_dir, tmp_path):
    frame = pd.read_csv(oll_path)
    flags = pd.read_csv(fixtures_dir / "frontier" / "oll_v2_type_flags.csv")
    path = tmp_path / "oll.csv"
    frame.join(flags.drop(columns="fullname")).to_csv(path, index=False)
    status, out, _ = _run(
        capsys,
        [
            "saturation",
            str(path),
            *COMPUTE,
            "--score",
            "MATH Lvl 5 Raw",
            "--date",
            "Upload To Hub Date",
            "--type",
            "Type",
            "--official",
            "Official Providers",
            "--flagged",
            "Flagged",
            "--format",
            "json",
        ],
    )
    o = json.loads(out)
    assert status == 0
    assert 0 < o["ceiling"] <= 1 and o["pretrained"]["n_pretrained"] == 87
    assert o["pretrained"]["adjacent_decrease_pretrained"] == pytest.approx(0.30, abs=0.01)
    assert o["dominance"]["monthly"] and 0 <= o["dominance"]["share_dominated"] <= 1


def test_contamination_command(capsys, tmp_path):
    rng = np.random.default_rng(0)
    n = 200
    dates = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 700, n), "D")
    after = np.asarray(dates >= pd.Timestamp("2025-02-06"))
    lx = rng.normal(0.5, 1.2, n)
    ly = -3.32 + 1.14 * lx + 0.8 * after + rng.normal(0, 0.5, n)
    path = tmp_path / "math.csv"
    pd.DataFrame(
        {
            "model": [f"m{i}" for i in range(n)],
            "date": dates,
            "math500": 100 * expit(lx),
            "aime": 100 * expit(ly),
        }
    ).to_csv(path, index=False)
    argv = [
        "contamination",
        str(path),
        "--x",
        "math500",
        "--y",
        "aime",
        "--date",
        "date",
        "--cutoff",
        "2025-02-06",
        "--permutations",
        "199",
    ]
    status, out, _ = _run(capsys, [*argv, "--format", "json"])
    o = json.loads(out)
    assert status == 0 and o["gamma"] > 0.4 and o["pvalue_permutation"] <= 0.01
    status, out, _ = _run(capsys, argv)
    assert "a probe, not proof" in out
    status = main([*argv[:3], "nope", *argv[4:]])
    assert status == 2 and "no column 'nope'" in capsys.readouterr().err


def test_budget_sweep_with_the_cost_aware_adaptive_planner_and_history(capsys, oll_path):
    argv = ["budget", str(oll_path), *COMPUTE, "--sweep", "--score", "MATH Lvl 5 Raw"]
    argv += ["--date", "Upload To Hub Date", "--periods", "paper", "--planner", "adaptive"]
    argv += ["--budgets", "10,100", "--batches", "3", "--format", "json"]
    status, plain, _ = _run(capsys, argv)
    status_cost, cost, _ = _run(capsys, [*argv, "--weighting", "cost", "--history"])
    assert status == status_cost == 0
    plain_rows, cost_rows = json.loads(plain)["sweep"], json.loads(cost)["sweep"]
    assert [r["budget_percent"] for r in cost_rows] == [10.0, 100.0]
    # all of the budget selects every model, whatever the weighting: the same full-data fit
    assert cost_rows[1]["pinball"] == pytest.approx(plain_rows[1]["pinball"])
    # at 10% the cost-aware planner chooses other models than the bin-weighted one
    assert cost_rows[0]["pinball"] != pytest.approx(plain_rows[0]["pinball"])
