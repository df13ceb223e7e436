"""The ``contamination`` and ``saturation`` commands (core.cli.analyses).

contamination is pinned to an ordinary least-squares fit by ``statsmodels`` of
logit(y) = a + b logit(x) + gamma [after cut-off] (its coefficient, standard error and
one-sided t-test p-value); saturation's ceiling must equal the ``frontier`` command's
fit with the same settings, on the real Epoch AI GPQA-diamond points.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy.special import expit, logit
from scipy.stats import t as student_t

from core.cli import main


@pytest.fixture(scope="module")
def probe_table(tmp_path_factory):
    rng = np.random.default_rng(7)
    n = 120
    dates = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 600, n), "D")
    after = np.asarray(dates >= pd.Timestamp("2025-02-06"))
    lx = rng.uniform(-1.5, 1.5, n)
    lx[:2] = [-1.5, 1.5]  # both groups span the same x-range: every row is in the support
    after[:2], after[2:4] = False, True
    lx[2:4] = [-1.5, 1.5]
    ly = -1.0 + 1.1 * lx + 0.3 * after + rng.normal(0, 0.4, n)
    frame = pd.DataFrame(
        {
            "model": [f"m{i}" for i in range(n)],
            "date": np.where(after, "2025-06-01", "2024-06-01"),
            "old": 100 * expit(lx),
            "new": 100 * expit(ly),
        }
    )
    path = tmp_path_factory.mktemp("probe") / "probe.csv"
    frame.to_csv(path, index=False)
    return path, frame


def _argv(path, *extra):
    return [
        "contamination",
        str(path),
        "--x",
        "old",
        "--y",
        "new",
        "--date",
        "date",
        "--cutoff",
        "2025-02-06",
        "--permutations",
        "199",
        *extra,
    ]


def test_contamination_matches_statsmodels_ols(probe_table, capsys):
    path, frame = probe_table
    assert main(_argv(path, "--format", "json")) == 0
    o = json.loads(capsys.readouterr().out)
    after = (frame["date"] == "2025-06-01").to_numpy().astype(float)
    X = sm.add_constant(np.column_stack([logit(frame["old"] / 100), after]))
    ols = sm.OLS(logit(frame["new"] / 100), X).fit()
    assert o["n"] == len(frame) and o["n_outside_support"] == 0
    assert (o["n_before"], o["n_after"]) == (int((after == 0).sum()), int(after.sum()))
    assert o["intercept"] == pytest.approx(ols.params.iloc[0], rel=1e-9)
    assert o["slope"] == pytest.approx(ols.params.iloc[1], rel=1e-9)
    assert o["gamma"] == pytest.approx(ols.params.iloc[2], rel=1e-9)
    assert o["standard_error"] == pytest.approx(ols.bse.iloc[2], rel=1e-9)
    assert o["statistic"] == pytest.approx(ols.tvalues.iloc[2], rel=1e-9)
    one_sided = student_t.sf(ols.tvalues.iloc[2], ols.df_resid)
    assert o["pvalue_t"] == pytest.approx(one_sided, rel=1e-9)
    assert 1 / 200 <= o["pvalue_permutation"] <= 1
    assert (o["n_permutations"], o["seed"], o["cutoff"]) == (199, 0, "2025-02-06")


def test_less_is_the_other_tail(probe_table, capsys):
    path, _ = probe_table
    main(_argv(path, "--format", "json"))
    greater = json.loads(capsys.readouterr().out)
    main(_argv(path, "--alternative", "less", "--format", "json"))
    less = json.loads(capsys.readouterr().out)
    assert less["pvalue_t"] == pytest.approx(1 - greater["pvalue_t"], rel=1e-9)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"--y": "nope"}, "no column 'nope' for --y; columns are"),
        ({"--cutoff": "2030-01-01"}, "need models released both before and after 2030-01-01"),
        ({"--cutoff": "soon"}, "cut-off must be a date like 2025-02-06, got 'soon'"),
        ({"--permutations": "5"}, "--permutations 5 is out of range"),
    ],
)
def test_contamination_refusals_exit_2_with_one_line(probe_table, capsys, change, message):
    path, _ = probe_table
    argv = _argv(path)
    for option, value in change.items():
        argv[argv.index(option) + 1] = value
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


@pytest.fixture(scope="module")
def epoch(fixtures_dir):
    return str(fixtures_dir / "frontier" / "epoch_ai_points_GPQA_diamond.csv")


def test_saturation_ceiling_is_the_frontier_fits(epoch, capsys):
    common = [
        "--score",
        "score",
        "--flops",
        "training_compute_flop",
        "--lambda",
        "1e-4",
        "--format",
        "json",
    ]
    assert main(["saturation", epoch, *common]) == 0
    saturation = json.loads(capsys.readouterr().out)
    assert main(["frontier", epoch, *common, "--n-boot", "0"]) == 0
    frontier = json.loads(capsys.readouterr().out)
    assert saturation["ceiling"] == pytest.approx(frontier["ceiling"], rel=1e-12)
    assert saturation["headroom"] == pytest.approx(1 - frontier["ceiling"], rel=1e-12)
    assert saturation["n"] == frontier["n"] == 65
    assert "dominance_skipped" not in saturation  # neither --date nor --size given


def test_saturation_asks_for_the_missing_half_of_dominance(epoch, capsys, tmp_path):
    frame = pd.read_csv(epoch).assign(date="2024-05-01")
    path = tmp_path / "dated.csv"
    frame.to_csv(path, index=False)
    argv = ["saturation", str(path), "--score", "score", "--flops", "training_compute_flop"]
    assert main([*argv, "--date", "date", "--format", "json"]) == 0
    o = json.loads(capsys.readouterr().out)
    assert o["dominance_skipped"] == "give --size COL (parameters in billions) as well"
    assert main([*argv, "--date", "date"]) == 0
    assert "frontier dominance skipped: give --size COL" in capsys.readouterr().out
    assert main([*argv, "--type", "kind"]) == 2
    err = capsys.readouterr().err
    assert "no column 'kind'" in err and err.count("\n") == 1
