"""Column guesses for an uploaded table (core.frontier.data.mapping) on the real tables
people keep: Open LLM Leaderboard v1 (percent scores, "Z" dates) and v2, Epoch AI points,
ObsScaling (tests/fixtures/frontier/PROVENANCE.md)."""

from __future__ import annotations

import pandas as pd
import pytest

from core.errors import InputError
from core.frontier.data.mapping import (
    ColumnMapping,
    benchmark_name,
    display_names,
    flag_columns,
    guess_mapping,
    kept_rows,
    read_table_bytes,
)


def _read(fixtures_dir, name):
    return pd.read_csv(fixtures_dir / "frontier" / f"{name}.csv")


def test_open_llm_leaderboard_v2(fixtures_dir):
    m = guess_mapping(_read(fixtures_dir, "oll_v2_with_tokens_subset"))
    assert (m.model, m.date, m.family) == (
        "fullname",
        "Upload To Hub Date",
        "Identified base model",
    )
    assert (m.params, m.tokens, m.flops) == ("#Params (B)", "Pretraining tokens (T)", None)
    assert m.scores == (
        "IFEval Raw",
        "BBH Raw",
        "MATH Lvl 5 Raw",
        "GPQA Raw",
        "MUSR Raw",
        "MMLU-PRO Raw",
    )
    assert m.exclude == ()  # excluding flagged models is the user's call


def test_open_llm_leaderboard_v1_percent_scores_and_z_dates(fixtures_dir):
    m = guess_mapping(_read(fixtures_dir, "oll_v1_with_tokens_sample600"))
    assert m.scores == ("ARC", "MMLU", "GSM8K")  # 0-100, found by the percent rule
    assert m.date == "date"


def test_epoch_ai_points_use_the_flops_column_not_its_log(fixtures_dir):
    m = guess_mapping(_read(fixtures_dir, "epoch_ai_points_GPQA_diamond"))
    assert (m.model, m.flops, m.params, m.tokens) == ("model", "training_compute_flop", None, None)
    assert m.scores == ("score",) and m.date is None and m.family is None


def test_obsscaling_prefers_size_and_data_over_flops(fixtures_dir):
    m = guess_mapping(_read(fixtures_dir, "obsscaling_base_llm_benchmark_eval"))
    assert (m.params, m.tokens, m.flops) == ("Model Size (B)", "Pretraining Data Size (T)", None)
    assert (m.model, m.family) == ("Model", "Model Family")
    assert m.scores == (
        "MMLU",
        "ARC-C",
        "HellaSwag",
        "Winograd",
        "TruthfulQA",
        "GSM8K",
        "XWinograd",
        "HumanEval",
    )


def test_flag_columns_are_yes_no_columns_with_a_flag_word(fixtures_dir):
    assert flag_columns(_read(fixtures_dir, "oll_v2_type_flags")) == ("Flagged",)
    frame = pd.DataFrame(
        {
            "Merged": ["true", "false"],
            "MoE": [True, False],
            "Flag count": [1, 2],
            "ok": [True, False],
        }
    )
    assert flag_columns(frame) == ("Merged", "MoE")


def test_percent_scores_that_are_mostly_near_zero_are_still_scores():
    # MATH Lvl 5 in percent: most models near 0 %, a few far above 1 %
    frame = pd.DataFrame(
        {
            "model": [f"m{i}" for i in range(10)],
            "flops": [10.0**21 * (i + 1) for i in range(10)],
            "MATH Lvl 5": [0.2, 0.5, 0.8, 0.9, 0.3, 0.1, 0.6, 0.4, 25.0, 30.0],
        }
    )
    assert guess_mapping(frame).scores == ("MATH Lvl 5",)


def test_flags_and_ranks_are_never_scores():
    frame = pd.DataFrame(
        {
            "model": ["a", "b", "c"],
            "flops": [1e22, 1e23, 1e24],
            "flagged": [0.0, 1.0, 0.0],
            "rank": [3, 2, 1],
            "acc": [0.2, 0.5, 0.7],
        }
    )
    assert guess_mapping(frame).scores == ("flagged", "acc")  # 0/1 numbers look like scores
    assert guess_mapping(frame.assign(flagged=[False, True, False])).scores == ("acc",)


@pytest.mark.parametrize(
    ("column", "name"),
    [
        ("MATH Lvl 5 Raw", "MATH Lvl 5"),
        ("bbh_raw", "bbh"),
        ("GPQA-raw ", "GPQA"),
        ("Raw", "Raw"),
        ("Rawness", "Rawness"),
    ],
)
def test_benchmark_names_lose_the_raw_suffix(column, name):
    assert benchmark_name(column) == name


def test_a_generic_score_column_is_named_after_the_file():
    assert display_names(["accuracy"], "results-MMLU.csv") == ["MMLU"]
    assert display_names(["score"], "") == ["score"]


@pytest.mark.parametrize("data", [b"model\na\nb\n", b"model,score\n"])
def test_a_table_needs_rows_and_two_columns(data):
    with pytest.raises(InputError, match=r"^t\.csv: the table is empty or has a single column$"):
        read_table_bytes("t.csv", data)


def test_compute_options_use_flops_when_chosen_and_parameters_and_tokens_otherwise():
    both = ColumnMapping(flops="F", params="N", tokens="D", flops_scale=1e21, params_scale=1e9)
    assert both.compute_options() == {
        "flops": "F",
        "params": None,
        "tokens": None,
        "params_scale": 1e9,
        "tokens_scale": None,
        "flops_scale": 1e21,
    }
    sizes = ColumnMapping(flops="", params="N", tokens="D")
    options = sizes.compute_options()
    assert (options["flops"], options["params"], options["tokens"]) == (None, "N", "D")


def test_kept_rows_leave_out_flagged_rows_and_number_the_rest():
    frame = pd.DataFrame(
        {
            "model": list("abcd"),
            "Flagged": [False, True, False, None],
            "Merged": ["false", "false", "TRUE", "false"],
        }
    )
    kept = kept_rows(frame, ColumnMapping(exclude=("Flagged", "Merged")), "row")
    assert kept["model"].tolist() == ["a", "d"]
    assert kept["row"].tolist() == ["0", "1"]
    assert kept_rows(frame, ColumnMapping(), "row")["model"].tolist() == list("abcd")
