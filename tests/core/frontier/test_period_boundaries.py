"""One boundary per period: the paper's central finding on OLL v2 and the CLI."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from core.cli import main
from core.frontier.boundary.fit_settings import FitSettings
from core.frontier.history.period_boundaries import period_boundaries
from core.frontier.history.periods import paper_oll_periods, periods_from_cuts

from .conftest import TASKS

OLL = ["--params", "#Params (B)", "--tokens", "Pretraining tokens (T)"]
DATED = [*OLL, "--date", "Upload To Hub Date", "--keep-duplicates"]  # the paper fits every row


@pytest.fixture(scope="module")
def per_period(oll_dated_tables):
    return {
        task: period_boundaries(
            t.log10_flops, t.score, t.date, paper_oll_periods(), [1e24], task=task
        )
        for task, t in ((task, oll_dated_tables[col]) for task, col in TASKS.items())
    }


def test_math_boundary_advances_every_period(per_period):
    # The paper's central finding, on its own periods: 613 / 482 / 897 / 1,245 models.
    math = per_period["MATH Lvl 5"]
    assert [p.n for p in math.periods] == [613, 482, 897, 1245]
    scores = [p.scores[0] for p in math.periods]
    assert np.all(np.diff(scores) > 0.02), scores
    assert math.change() > 0.2


@pytest.mark.parametrize("task", ["BBH", "GPQA", "MuSR", "MMLU-Pro"])
def test_other_boundaries_are_stable(per_period, task):
    scores = [p.scores[0] for p in per_period[task].periods]
    assert max(scores) - min(scores) < 0.05, scores


def test_paper_estimator_per_period_is_the_fit_on_that_period(oll_dated_tables):
    from core.frontier.boundary.sigmoid_fit import fit_frontier

    t = oll_dated_tables["MATH Lvl 5 Raw"]
    result = period_boundaries(
        t.log10_flops,
        t.score,
        t.date,
        paper_oll_periods(),
        [1e24],
        settings=FitSettings(method="paper"),
    )
    p2 = paper_oll_periods().assign(t.date) == 1
    direct = fit_frontier(t.log10_flops[p2], t.score[p2], method="paper").predict(24.0)
    assert result.periods[1].scores[0] == pytest.approx(float(direct), abs=1e-9)


def test_small_or_flat_periods_get_a_note_not_a_fit():
    z = np.array([22.0] * 12 + list(np.linspace(21, 25, 30)) + [23.0] * 3)
    y = np.clip(0.2 + 0.1 * (z - 21) + np.linspace(-0.05, 0, z.size), 0, 1)
    dates = np.array(
        ["2023-03-01"] * 12 + ["2024-03-01"] * 30 + ["2025-03-01"] * 3, dtype="datetime64[ns]"
    )
    scheme = periods_from_cuts(["2024-01-01", "2025-01-01"])
    result = period_boundaries(z, y, dates, scheme, [1e23, 1e26])
    flat, good, small = result.periods
    assert flat.fit is None and flat.note == "all models have the same compute"
    assert small.fit is None and small.note == "3 models; a boundary needs 10"
    assert good.fit is not None and good.n == 30 and good.extrapolated == (False, True)
    assert np.isnan(small.scores).all()


def test_by_period_cli_json_shape(oll_path, capsys):
    argv = ["frontier", str(oll_path), "--score", "MATH Lvl 5 Raw", *DATED, "--by-period"]
    assert (
        main([*argv, "--periods", "paper", "--at", "1e24", "--n-boot", "0", "--format", "json"])
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    periods = out["periods"]
    assert [p["period"] for p in periods] == list(paper_oll_periods().labels)
    assert [p["n"] for p in periods] == [613, 482, 897, 1245]
    assert set(periods[0]["predictions"][0]) == {"flops", "score", "extrapolated"}
    assert periods[0]["predictions"][0]["flops"] == 1e24
    scores = [p["predictions"][0]["score"] for p in periods]
    assert scores == sorted(scores)


def test_by_period_cli_text_and_cuts(oll_path, capsys):
    argv = ["frontier", str(oll_path), "--score", "BBH Raw", *DATED, "--by-period", "--n-boot", "0"]
    assert main([*argv, "--cuts", "2024-07-01,2025-01-01", "--at", "1e24"]) == 0
    text = capsys.readouterr().out
    assert "boundary per period:" in text
    assert "before 2024-07-01: n = 613;" in text
    assert "from 2025-01-01: n = 1,245;" in text
    assert " at 1e24 FLOPs" in text


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--by-period", "--at", "1e24"], "--by-period needs --date"),
        (["--by-period", "--date", "Upload To Hub Date"], "--at FLOPS"),
        (["--periods", "paper"], "go with --by-period"),
        (
            ["--by-period", "--date", "Upload To Hub Date", "--at", "1e24", "--cuts", "2024-13-01"],
            "--cuts",
        ),
        (
            [
                "--by-period",
                "--date",
                "Upload To Hub Date",
                "--at",
                "1e24",
                "--cuts",
                "2024-07-01",
                "--periods",
                "paper",
            ],
            "either --cuts or --periods",
        ),
    ],
)
def test_by_period_bad_options_are_one_line(oll_path, capsys, extra, message):
    argv = ["frontier", str(oll_path), "--score", "BBH Raw", *OLL, "--n-boot", "0", *extra]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_dates_are_read_from_a_frame_with_periods(tmp_path, capsys):
    rng = np.random.default_rng(0)
    n = 60
    frame = pd.DataFrame(
        {
            "model": [f"m{i}" for i in range(n)],
            "flops": 10 ** rng.uniform(21, 25, n),
            "score": rng.uniform(0.1, 0.6, n),
            "released": ["2024-02-10"] * 30 + ["2024-08-10"] * 30,
        }
    )
    path = tmp_path / "t.csv"
    frame.to_csv(path, index=False)
    argv = ["frontier", str(path), "--score", "score", "--flops", "flops", "--date", "released"]
    assert main([*argv, "--by-period", "--at", "1e23", "--n-boot", "0", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [p["period"] for p in out["periods"]] == ["2024Q1", "2024Q2", "2024Q3"]
    assert [p["n"] for p in out["periods"]] == [30, 0, 30]
    assert out["periods"][1]["note"] == "0 models; a boundary needs 10"
    assert out["periods"][1]["predictions"][0]["score"] is None
