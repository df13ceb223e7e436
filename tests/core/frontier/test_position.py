"""Saved boundaries (``frontier --save-fit``) and new models against them (``position``)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from core.cli import main
from core.errors import InputError
from core.frontier.boundary.position import position_models
from core.frontier.boundary.sigmoid_fit import FrontierFit
from core.frontier.data.fit_file import data_digest, load_fits

OLL = ["--params", "#Params (B)", "--tokens", "Pretraining tokens (T)", "--keep-duplicates"]
PROTEUS = Path(__file__).parents[3] / ".." / "shared" / "reference-data" / "frontier" / "proteus2k"


@pytest.fixture(scope="module")
def saved_fit(oll_path, tmp_path_factory):
    path = tmp_path_factory.mktemp("fit") / "fit.json"
    argv = ["frontier", str(oll_path), "--score", "MATH Lvl 5 Raw,GPQA Raw", *OLL]
    assert main([*argv, "--n-boot", "0", "--method", "paper", "--save-fit", str(path)]) == 0
    return path


def test_saved_file_holds_every_parameter_settings_and_digest(saved_fit, oll_tables):
    fits = load_fits(saved_fit)
    assert [task for task, _, _ in fits] == ["MATH Lvl 5 Raw", "GPQA Raw"]
    task, fit, record = fits[0]
    table = oll_tables["MATH Lvl 5 Raw"]
    # The paper's headline value survives the round trip (0.539 at 1e24).
    assert fit.predict(24.0) == pytest.approx(0.539, abs=1e-3)
    assert fit.method == "paper" and fit.kappa == 50 and fit.lambda_b == 1e-3
    assert fit.n == table.n == record["data"]["n"]
    assert record["settings"]["lambda_chosen_by"] == "given"
    assert record["data"]["sha256"] == data_digest(table.model, table.log10_flops, table.score)
    assert (
        data_digest(table.model, table.log10_flops, table.score + 1e-12)
        != (record["data"]["sha256"])
    )


def test_position_against_a_known_boundary():
    fit = FrontierFit(0.1, 0.6, 23.0, 1.0, 0.98, 50.0, 1e-3, 0.0, 10, 21.0, 25.0, True, 1)
    z = np.array([23.0, 23.0, 26.0, 21.0])
    y = np.array([0.5, 0.3, 0.9, 0.1])
    report = position_models(fit, "X", ["a", "b", "c", "d"], z, y)
    assert [p.boundary for p in report.positions][:2] == pytest.approx([0.4, 0.4])
    assert [p.margin for p in report.positions][:2] == pytest.approx([0.1, -0.1])
    assert [p.above for p in report.positions] == [True, False, True, False]
    assert [p.extrapolated for p in report.positions] == [False, False, True, False]
    assert report.n_above == 2 and report.share_above == 0.5
    text = report.sentence()
    assert "2 of 4 new models (50.0%) sit above the boundary" in text
    assert "about 2% of models" in text
    assert "1 of the new models lie outside the compute range" in text
    empty = position_models(fit, "X", [], [], [])
    assert empty.sentence() == "X: no new models to place." and np.isnan(empty.share_above)


def test_position_command_on_a_new_table(saved_fit, tmp_path, capsys):
    new = pd.DataFrame(
        {
            "model": ["strong", "weak", "huge"],
            "log10 FLOPs": [24.0, 24.0, 27.0],
            "MATH Lvl 5 Raw": [0.70, 0.20, 0.99],
            "GPQA Raw": [0.30, 0.50, 0.2],
        }
    )
    path = tmp_path / "new.csv"
    new.to_csv(path, index=False)
    status = main(
        ["position", str(saved_fit), str(path), "--flops", "log10 FLOPs", "--format", "json"]
    )
    assert status == 0
    math, gpqa = json.loads(capsys.readouterr().out)
    assert math["task"] == "MATH Lvl 5 Raw" and math["n"] == 3
    assert [m["above"] for m in math["models"]] == [True, False, True]
    assert math["models"][0]["boundary"] == pytest.approx(0.539, abs=1e-3)
    assert math["models"][0]["margin"] == pytest.approx(0.70 - 0.539, abs=1e-3)
    assert math["share_above"] == pytest.approx(2 / 3)
    assert math["n_extrapolated"] == 1
    assert math["boundary_from"]["source"] == "oll_v2_with_tokens_subset.csv"
    assert math["boundary_from"]["n"] == 3663 and len(math["boundary_from"]["sha256"]) == 64
    assert gpqa["models"][1]["above"] and not gpqa["models"][0]["above"]
    # Text: the sentence and the table, largest margin first.
    assert main(["position", str(saved_fit), str(path), "--flops", "log10 FLOPs"]) == 0
    text = capsys.readouterr().out
    assert "MATH Lvl 5 Raw: 2 of 3 new models (66.7%) sit above the boundary" in text
    assert "strong | 1e24 FLOPs | 0.700 | 0.539 | +0.161 above" in text
    assert "boundary fitted on oll_v2_with_tokens_subset.csv (3,663 models, the paper's" in text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not a JSON file"),
        ('{"kind": "other"}', "not a boundaries file"),
        ('{"kind": "eval-verdict capability boundaries", "boundaries": []}', "holds no boundary"),
        (
            '{"kind": "eval-verdict capability boundaries", "boundaries": [{"fit": {"y0": 0}}]}',
            "lacks L, z_star, b, tau",
        ),
    ],
)
def test_bad_fit_files_are_one_line(tmp_path, content, message, capsys):
    path = tmp_path / "fit.json"
    path.write_text(content)
    with pytest.raises(InputError, match=message):
        load_fits(path)
    assert main(["position", str(path), str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_unknown_score_column_lists_the_boundaries(saved_fit, tmp_path, capsys):
    path = tmp_path / "new.csv"
    pd.DataFrame({"m": ["a"], "flops": [1e24], "BBH Raw": [0.5]}).to_csv(path, index=False)
    assert main(["position", str(saved_fit), str(path), "--score", "BBH Raw"]) == 2
    err = capsys.readouterr().err
    assert "no boundary for 'BBH Raw'" in err and "'MATH Lvl 5 Raw', 'GPQA Raw'" in err


@pytest.mark.skipif(not PROTEUS.exists(), reason="../shared/reference-data is not present")
def test_proteus_2k_against_the_leaderboard_boundaries(saved_fit, capsys):
    # The paper's check: newly evaluated fine-tunes mostly stay under the OLL boundary.
    table = PROTEUS / "proteus2k_joined_derived.csv"
    argv = ["position", str(saved_fit), str(table), "--flops", "log10_flops", "--format", "json"]
    assert main(argv) == 0
    math, gpqa = json.loads(capsys.readouterr().out)
    assert math["n"] == gpqa["n"] == 2409
    assert math["share_above"] < 0.02 and gpqa["share_above"] < 0.02
