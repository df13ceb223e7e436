"""Candidate pools for the budget planners (core.frontier.data.budget_pool): costs, scores
aligned with the kept models, every dropped row counted, refusals."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from core.errors import InputError
from core.frontier.data.budget_pool import load_candidate_pool

COMPUTE = {"flops": "flops", "flops_scale": 1e21}


def _frame():
    return pd.DataFrame(
        {
            "Name": ["a", "b", "c", "d", "e"],
            "flops": [1.0, 10.0, 100.0, np.nan, 1000.0],
            "size": [7.0, 0.0, 70.0, 1.0, np.nan],
            "acc": [0.5, 0.6, np.nan, 0.2, 0.9],
            "pct": [50.0, 60.0, 70.0, 20.0, 90.0],
        }
    )


def test_costs_compute_and_scores_are_aligned_with_the_kept_models():
    pool = load_candidate_pool(_frame(), cost="size", scores=["acc"], **COMPUTE)
    assert pool.source == "<DataFrame>" and pool.n_rows == 5
    assert pool.model.tolist() == ["a", "c"]  # b: zero cost, d: no compute, e: no cost
    assert pool.log10_flops == pytest.approx([21.0, 23.0])
    assert pool.cost.tolist() == [7.0, 70.0]
    assert pool.cost_column == "size"
    acc = pool.scores["acc"]
    assert acc[0] == 0.5 and math.isnan(acc[1])  # c has no score: NaN, still a candidate
    assert pool.dropped["missing or non-positive cost"] == 2
    assert sum(pool.dropped.values()) == 5 - pool.n


def test_cost_none_counts_models_and_percent_scores_are_fractions():
    pool = load_candidate_pool(_frame(), cost=None, scores=["pct"], **COMPUTE)
    assert pool.cost_column == "(1 per model)"
    assert pool.cost.tolist() == [1.0] * pool.n
    assert pool.model.tolist() == ["a", "b", "c", "e"]
    assert pool.scores["pct"] == pytest.approx([0.5, 0.6, 0.7, 0.9])


def test_model_names_are_guessed_case_insensitively_or_numbered():
    frame = _frame().rename(columns={"Name": "FullName"})
    assert load_candidate_pool(frame, cost=None, **COMPUTE).model[0] == "a"
    bare = _frame().drop(columns="Name")
    assert load_candidate_pool(bare, cost=None, **COMPUTE).model.tolist()[:2] == [
        "row 1",
        "row 2",
    ]


def test_a_score_column_without_usable_rows_is_all_missing():
    frame = _frame().assign(empty=np.nan)
    pool = load_candidate_pool(frame, cost=None, scores=["empty"], **COMPUTE)
    assert np.isnan(pool.scores["empty"]).all()


def test_subset_keeps_everything_aligned():
    pool = load_candidate_pool(_frame(), cost=None, scores=["acc"], **COMPUTE)
    part = pool.subset(np.array([False, True, False, True]))
    assert part.model.tolist() == ["b", "e"]
    assert part.scores["acc"].tolist() == [0.6, 0.9]
    assert part.cost.size == part.log10_flops.size == 2
    assert part.dropped == pool.dropped


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (dict(cost="price"), r"<DataFrame>: no cost column 'price'; pass --cost with one of \["),
        (dict(scores=["nope"]), "nope"),
    ],
)
def test_refusals_name_the_column(changes, message):
    with pytest.raises(InputError, match=message):
        load_candidate_pool(_frame(), **{"cost": "size", **COMPUTE, **changes})


def test_no_candidate_with_compute_and_cost_is_refused_with_the_counts():
    frame = _frame().assign(size=0.0)
    with pytest.raises(InputError) as error:
        load_candidate_pool(frame, cost="size", **COMPUTE)
    message = str(error.value)
    assert message.startswith("<DataFrame>: no candidate has both compute and a positive cost (")
    assert "missing or non-positive cost: 4" in message


def test_a_file_is_named_by_its_name(tmp_path):
    path = tmp_path / "pool.csv"
    _frame().to_csv(path, index=False)
    assert load_candidate_pool(path, cost=None, **COMPUTE).source == "pool.csv"


def test_only_the_table_readers_column_options_are_passed_on():
    """``family`` or ``duplicates`` would change the rows silently; they are refused."""
    with pytest.raises(TypeError, match="duplicates"):
        load_candidate_pool(_frame(), cost="size", duplicates="all", **COMPUTE)
    dated = _frame().assign(date=["2024-01-01"] * 5)
    pool = load_candidate_pool(dated, cost="size", date="date", **COMPUTE)
    assert pool.date is not None and pool.n == 2
