"""The paper's knobs (kappa, lambda, method) and the cross-validated choice of lambda."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from core.cli import main
from core.errors import InputError
from core.frontier.boundary.fit_settings import (
    FitSettings,
    describe_settings,
    fit_with_settings,
    format_number,
    parse_kappa,
    parse_lambda,
    parse_level,
)
from core.frontier.boundary.lambda_cv import choose_lambda, group_folds, pinball_loss
from core.frontier.boundary.sigmoid_fit import fit_frontier

#: The OLL v2 fixture's compute columns, as command-line options.
OLL_COMPUTE = ("--params", "#Params (B)", "--tokens", "Pretraining tokens (T)")


@pytest.fixture(scope="module")
def epoch_path(fixtures_dir):
    return fixtures_dir / "frontier" / "epoch_ai_points_GPQA_diamond.csv"


@pytest.fixture(scope="module")
def epoch(epoch_path):
    frame = pd.read_csv(epoch_path)
    return np.log10(frame["training_compute_flop"].to_numpy()), frame["score"].to_numpy()


def test_epoch_ai_gpqa_with_the_papers_lambda(epoch):
    # The authors' stored curve (lambda 1e-4, kappa 50): 0.647 at 1e24, 0.880 at 1e25.
    z, y = epoch
    fit = fit_frontier(z, y, lambda_b=1e-4, method="paper")
    assert fit.predict([24.0, 25.0]) == pytest.approx([0.647, 0.880], abs=0.005)
    # The default lambda (1e-3, the paper's OLL setting) is what the issue found wrong.
    assert fit_frontier(z, y, method="paper").predict(24.0) == pytest.approx(0.817, abs=0.005)


def test_epoch_ai_check_through_the_cli(epoch_path, capsys):
    argv = ["frontier", str(epoch_path), "--score", "score", "--flops", "training_compute_flop"]
    status = main(
        [
            *argv,
            "--lambda",
            "1e-4",
            "--method",
            "paper",
            "--at",
            "1e24",
            "1e25",
            "--n-boot",
            "0",
            "--format",
            "json",
        ]
    )
    assert status == 0
    out = json.loads(capsys.readouterr().out)
    assert [p["score"] for p in out["predictions"]] == pytest.approx([0.647, 0.880], abs=0.005)
    assert out["settings"]["lambda_b"] == 1e-4
    assert out["settings"]["kappa"] == 50
    assert out["settings"]["method"] == "paper"
    assert out["settings"]["lambda_chosen_by"] == "given"
    main([*argv, "--lambda", "1e-4", "--at", "1e24", "--n-boot", "20"])
    text = capsys.readouterr().out
    assert "lambda 1e-4 (given)" in text
    assert "kappa 50" in text
    assert "90% band of the boundary [" in text
    assert "at 1e24 FLOPs" in text


def test_band_level_is_settable_and_named(epoch_path, capsys):
    argv = ["frontier", str(epoch_path), "--score", "score", "--flops", "training_compute_flop"]
    assert main([*argv, "--at", "1e25", "--n-boot", "20", "--level", "0.8"]) == 0
    assert "80% band of the boundary" in capsys.readouterr().out
    assert main([*argv, "--at", "1e25", "--level", "95"]) == 2
    assert "--level" in capsys.readouterr().err


def test_lambda_auto_picks_the_papers_epoch_ai_setting(epoch):
    # On Epoch AI frontier data the cross-validation agrees with the paper's 1e-4.
    z, y = epoch
    choice = choose_lambda(z, y, tau=0.98, method="paper")
    assert choice.lambda_b == 1e-4
    assert choice.grouped_by == "model" and choice.n_groups == 65 and choice.n_folds == 5
    assert min(choice.cv_loss) == choice.cv_loss[choice.grid.index(1e-4)]
    assert "5-fold cross-validation over 65 models" in choice.describe()


def test_cv_loss_is_the_held_out_pinball_loss():
    rng = np.random.default_rng(3)
    z = rng.uniform(21, 25, 60)
    y = np.clip(0.2 + 0.5 / (1 + np.exp(-(z - 23))) - rng.exponential(0.05, 60), 0, 1)
    groups = np.repeat(np.arange(12), 5)
    choice = choose_lambda(z, y, groups, tau=0.9, grid=(1e-3,), n_folds=3)
    fold = group_folds(groups, 3, 0)
    total = 0.0
    for f in range(3):
        fit = fit_frontier(z[fold != f], y[fold != f], tau=0.9, lambda_b=1e-3)
        total += pinball_loss(y[fold == f] - fit.predict(z[fold == f]), 0.9).sum()
    assert choice.cv_loss[0] == pytest.approx(total / 60, rel=1e-9)
    assert choice.grouped_by == "family" and choice.n_groups == 12


def test_group_folds_keep_families_whole_and_balanced():
    groups = np.array(["a"] * 5 + ["b"] * 3 + ["c"] * 3 + ["d"] * 2 + ["e"] * 1)
    fold = group_folds(groups, 3, seed=1)
    for g in np.unique(groups):
        assert np.unique(fold[groups == g]).size == 1
    assert sorted(np.bincount(fold).tolist()) == [4, 5, 5]


def test_pinball_loss_values():
    assert pinball_loss([0.1, -0.1], 0.9).tolist() == pytest.approx([0.09, 0.01])


def test_too_few_groups_is_input_error():
    z = np.array([21.0, 22, 23, 24, 25, 26])
    y = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
    with pytest.raises(InputError, match="at least 3 families"):
        fit_with_settings(FitSettings(lambda_b=None), z, y, np.array(list("aabbbb")))


@pytest.mark.parametrize(
    ("parse", "value", "expected"),
    [
        (parse_kappa, "50", 50.0),
        (parse_lambda, "1e-4", 1e-4),
        (parse_lambda, "AUTO", None),
        (parse_lambda, "0", 0.0),
        (parse_level, "0.8", 0.8),
    ],
)
def test_parse_good_values(parse, value, expected):
    assert parse(value) == expected


@pytest.mark.parametrize(
    ("parse", "value"),
    [
        (parse_kappa, "0"),
        (parse_kappa, "nan"),
        (parse_kappa, "x"),
        (parse_lambda, "-1e-3"),
        (parse_lambda, "inf"),
        (parse_lambda, "big"),
        (parse_level, "90"),
        (parse_level, "0.3"),
    ],
)
def test_parse_bad_values(parse, value):
    with pytest.raises(InputError):
        parse(value)


def test_settings_are_described_in_words(epoch):
    z, y = epoch
    fit, choice = fit_with_settings(FitSettings(lambda_b=1e-4, kappa=100.0, method="paper"), z, y)
    assert choice is None and fit.kappa == 100.0 and fit.lambda_b == 1e-4
    assert describe_settings(fit, choice) == (
        "tau 0.98, kappa 100, lambda 1e-4 (given), the paper's smoothed estimator"
    )
    assert [format_number(v) for v in (1e-3, 0.98, 50.0, 0.0, 2e-5)] == [
        "1e-3",
        "0.98",
        "50",
        "0",
        "2e-5",
    ]


def test_backtest_takes_kappa_and_lambda(oll_path, capsys):
    argv = [
        "backtest",
        str(oll_path),
        "--score",
        "GPQA Raw",
        *OLL_COMPUTE,
        "--date",
        "Upload To Hub Date",
        "--cuts",
        "2024-07-01,2024-10-01,2025-01-01",
        "--format",
        "json",
    ]
    assert main([*argv, "--lambda", "1e-4", "--kappa", "25"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["settings"]["lambda_b"] == 1e-4 and out["settings"]["kappa"] == 25
    with pytest.raises(SystemExit) as exit_info:  # backtest is always the paper's estimator
        main([*argv, "--method", "paper"])
    assert exit_info.value.code == 2


def test_saturation_verdict_with_the_papers_epoch_ai_lambda(epoch_path, capsys):
    # The issue: with lambda 1e-3 the ceiling is 1.0 "beyond the data"; with the paper's
    # 1e-4 it is 0.92, flattening near 1e25 FLOPs, inside the data.
    argv = ["saturation", str(epoch_path), "--score", "score", "--flops", "training_compute_flop"]
    assert main([*argv, "--lambda", "1e-4", "--method", "paper", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ceiling"] == pytest.approx(0.924, abs=0.005)
    assert out["flattened_in_data"] is True
    assert 5e24 < out["flattens_at_flops"] < 2e25
    assert out["settings"]["lambda_b"] == 1e-4 and out["settings"]["method"] == "paper"
    assert main([*argv, "--lambda", "1e-3", "--method", "paper", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ceiling"] == pytest.approx(1.0) and out["flattened_in_data"] is False


def test_choice_at_the_edge_of_the_grid_says_so():
    from core.frontier.boundary.lambda_cv import LambdaChoice

    edge = LambdaChoice(1e-2, (1e-4, 1e-3, 1e-2), (0.3, 0.2, 0.1), 5, 40, "family")
    inside = LambdaChoice(1e-3, (1e-4, 1e-3, 1e-2), (0.3, 0.1, 0.2), 5, 40, "family")
    assert edge.at_grid_edge and not inside.at_grid_edge
    assert edge.describe() == (
        "chosen by 5-fold cross-validation over 40 families, each held out whole; "
        "the edge of the candidates tried"
    )
    assert inside.describe().endswith("each held out whole")


def test_budget_takes_fixed_kappa_and_lambda_only(oll_path, capsys):
    argv = [
        "budget",
        str(oll_path),
        *OLL_COMPUTE,
    ]
    assert main([*argv, "--lambda", "auto"]) == 2
    assert "budget takes --lambda as a number" in capsys.readouterr().err
    assert main([*argv, "--kappa", "0"]) == 2
    assert "--kappa" in capsys.readouterr().err
    assert main([*argv, "--lambda", "1e-4", "--kappa", "25"]) == 0


def test_budget_sweep_receives_the_knobs(oll_path, monkeypatch):
    import core.cli.budget as budget_command

    seen = {}

    def fake_sweep(*args, **kwargs):
        seen.update(kwargs)
        raise InputError("stop here")

    monkeypatch.setattr(budget_command, "budget_sweep", fake_sweep)
    argv = [
        "budget",
        str(oll_path),
        *OLL_COMPUTE,
        "--score",
        "BBH Raw",
        "--date",
        "Upload To Hub Date",
        "--sweep",
        "--periods",
        "paper",
    ]
    assert main([*argv, "--lambda", "1e-4", "--kappa", "25"]) == 2
    assert seen["kappa"] == 25.0 and seen["lambda_b"] == 1e-4
