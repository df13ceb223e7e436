"""Long frontier commands report progress on stderr; stdout keeps only the result."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
from scipy.special import expit

from core.cli import main
from core.frontier.planning.budget_design import select_models

COMPUTE = ["--params", "#Params (B)", "--tokens", "Pretraining tokens (T)"]


def _run(capsys, argv):
    status = main(argv)
    out = capsys.readouterr()
    return status, out.out, out.err


def test_budget_design_reports_the_share_of_the_budget_spent():
    z = np.linspace(21.0, 25.0, 300)
    cost = 10 ** (z - 22.0)
    calls = []
    design = select_models(z, cost, 0.3 * cost.sum(), progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (100, 100)
    shares = [d for d, _ in calls[:-1]]
    assert shares == sorted(set(shares)) and len(shares) > 5  # each percent once, rising
    assert 90 <= shares[-1] <= int(100 * design.spent / design.budget)  # reported before a step
    assert all(t == 100 for _, t in calls)


def test_budget_command_shows_progress_on_stderr(capsys, oll_path):
    argv = ["budget", str(oll_path), *COMPUTE, "--budget", "0.05", "--format", "json"]
    argv += ["--score", "GPQA Raw", "--date", "Upload To Hub Date", "--periods", "paper"]
    status, out, err = _run(capsys, argv)
    assert status == 0
    assert json.loads(out)["estimate"] is not None  # stdout is the JSON alone
    lines = err.splitlines()
    assert lines[0].startswith("choosing models, % of the budget spent: ")
    assert "choosing models, % of the budget spent: 100/100 done" in lines
    backtest = [line for line in lines if line.startswith("budget backtest, period x budget")]
    assert len(backtest) == 2 and backtest[-1].endswith("/6 done")  # 3 period pairs x 2 budgets


def test_budget_sweep_shows_progress_on_stderr(capsys, oll_path):
    argv = ["budget", str(oll_path), *COMPUTE, "--sweep", "--budgets", "50,100"]
    argv += ["--score", "GPQA Raw", "--date", "Upload To Hub Date", "--periods", "paper"]
    status, _, err = _run(capsys, argv)
    assert status == 0
    assert err.splitlines()[-1] == "budget sweep, period x planner x budget cells: 6/6 done"


def test_contamination_shows_progress_on_stderr(capsys, tmp_path):
    rng = np.random.default_rng(0)
    n = 200
    dates = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 700, n), "D")
    lx = rng.normal(0.5, 1.2, n)
    ly = -3.32 + 1.14 * lx + rng.normal(0, 0.5, n)
    path = tmp_path / "math.csv"
    frame = {"date": dates, "math500": 100 * expit(lx), "aime": 100 * expit(ly)}
    pd.DataFrame(frame).to_csv(path, index=False)
    argv = ["contamination", str(path), "--x", "math500", "--y", "aime", "--date", "date"]
    argv += ["--cutoff", "2025-02-06", "--permutations", "500", "--format", "json"]
    status, out, err = _run(capsys, argv)
    assert status == 0 and json.loads(out)
    assert err.splitlines() == [
        "contamination: 500 shuffles, strata: 1/5",
        "contamination: 500 shuffles, strata: 5/5 done",
    ]


def test_frontier_bootstrap_shows_progress_on_stderr(capsys, oll_path):
    argv = ["frontier", str(oll_path), "--score", "GPQA Raw", *COMPUTE, "--at", "1e24"]
    status, out, err = _run(capsys, [*argv, "--n-boot", "20", "--format", "json"])
    assert status == 0 and json.loads(out)
    assert err.splitlines() == ["bootstrap GPQA Raw: 1/20", "bootstrap GPQA Raw: 20/20 done"]
