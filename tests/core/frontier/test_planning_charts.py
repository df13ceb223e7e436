"""Vega-Lite specs of the planning charts, built from real results on the OLL v2 fixture."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core.frontier.analyses.contamination import contamination_probe
from core.frontier.analyses.saturation import (
    frontier_dominance,
    is_official_pretrained,
    pretrained_vs_posttrained,
)
from core.frontier.data.budget_pool import load_candidate_pool
from core.frontier.data.table import load_boundary_tables
from core.frontier.history.periods import paper_oll_periods
from core.frontier.planning.budget_design import select_models
from core.frontier.planning.budget_sweep import PAPER_FIGURE_6B, budget_sweep
from core.frontier.present.planning_charts import (
    budget_sweep_chart,
    contamination_chart,
    contamination_lines,
    dominance_chart,
    monotonicity_chart,
    selection_chart,
)

COMPUTE = dict(params="#Params (B)", tokens="Pretraining tokens (T)")


def _spec(chart) -> dict:
    return chart.to_dict()


def _values(spec: dict, layer: dict | None = None) -> list[dict]:
    """Inline rows of a (layer of a) spec, resolved through the top-level datasets."""
    name = (layer or spec)["data"]["name"]
    return spec["datasets"][name]


@pytest.fixture(scope="module")
def frame(oll_path, fixtures_dir):
    f = pd.read_csv(oll_path)
    flags = pd.read_csv(fixtures_dir / "frontier" / "oll_v2_type_flags.csv")
    return f.assign(row=np.arange(len(f)).astype(str), **{c: flags[c] for c in flags.columns[1:]})


@pytest.fixture(scope="module")
def pool(oll_path):
    return load_candidate_pool(oll_path, scores=["GPQA Raw"], date="Upload To Hub Date", **COMPUTE)


def test_budget_sweep_chart_has_planners_and_paper_points(pool):
    sweep = budget_sweep(
        pool, paper_oll_periods(), budgets=(0.1, 1.0), planners=("one-shot", "adaptive")
    )
    spec = _spec(budget_sweep_chart(sweep))
    assert spec["mark"]["type"] == "line" and spec["mark"]["point"]
    enc = spec["encoding"]
    assert enc["x"]["field"] == "budget_percent" and enc["x"]["scale"]["type"] == "log"
    assert enc["y"]["field"] == "pinball" and enc["color"]["field"] == "planner"
    rows = pd.DataFrame(_values(spec))
    assert set(rows["planner"]) == {"one-shot", "adaptive", "paper Figure 6b"}
    paper = rows[rows["planner"] == "paper Figure 6b"].set_index("budget_percent")["pinball"]
    assert paper.to_dict() == pytest.approx({100 * k: v for k, v in PAPER_FIGURE_6B.items()})
    ours = rows[rows["planner"] == "one-shot"].set_index("budget_percent")["pinball"]
    expected = sweep.summary.query("planner == 'one-shot'").set_index("budget")["pinball"]
    assert ours.loc[10.0] == expected.loc[0.1]  # full precision, not rounded
    assert ours.loc[100.0] <= ours.loc[10.0]
    no_paper = pd.DataFrame(_values(_spec(budget_sweep_chart(sweep, paper=None))))
    assert "paper Figure 6b" not in set(no_paper["planner"])


def test_selection_chart_marks_selected_models_sized_by_cost(pool):
    design = select_models(pool.log10_flops, pool.cost, 0.1 * pool.cost.sum())
    spec = _spec(selection_chart(pool, design.selected))
    assert spec["mark"]["type"] == "circle"
    enc = spec["encoding"]
    assert enc["x"]["field"] == "log10_flops" and enc["size"]["field"] == "cost"
    assert enc["color"]["field"] == "status" and enc["yOffset"]["field"] == "jitter"
    rows = pd.DataFrame(_values(spec))
    assert len(rows) == pool.n
    chosen = rows[rows["status"] == "selected"]
    assert len(chosen) == design.n_selected
    assert chosen["cost"].sum() == pytest.approx(design.spent)
    assert set(chosen["model"]) == set(pool.model[list(design.selected)])


def test_dominance_chart_monthly_shares(frame):
    (t,) = load_boundary_tables(
        frame, ["MATH Lvl 5 Raw"], date="Upload To Hub Date", model="row", **COMPUTE
    )
    rows = t.model.astype(int)
    d = frontier_dominance(
        frame["#Params (B)"].to_numpy()[rows], t.score, t.date, flagged=frame["Flagged"][rows]
    )
    spec = _spec(dominance_chart({"MATH Lvl 5": d}))
    assert spec["mark"]["type"] == "line"
    assert spec["encoding"]["x"]["field"] == "month" and spec["encoding"]["x"]["type"] == "temporal"
    assert spec["encoding"]["y"]["field"] == "share_dominated"
    data = pd.DataFrame(_values(spec))
    assert len(data) == len(d.monthly) and set(data["benchmark"]) == {"MATH Lvl 5"}
    assert data["share_dominated"].to_list() == pytest.approx(
        d.monthly["share_dominated"].to_list()
    )
    assert data["month"].iloc[0].startswith(d.monthly["month"].iloc[0])


def test_monotonicity_chart_pretrained_vs_posttrained(frame):
    tables = load_boundary_tables(frame, ["MATH Lvl 5 Raw", "BBH Raw"], model="row", **COMPUTE)
    pre_all = is_official_pretrained(frame["Type"], frame["Official Providers"])
    comparisons = [
        pretrained_vs_posttrained(
            t.log10_flops, t.score, pre_all[t.model.astype(int)], task=t.score_column
        )
        for t in tables
    ]
    spec = _spec(monotonicity_chart(comparisons))
    assert spec["mark"]["type"] == "bar"
    enc = spec["encoding"]
    assert enc["x"]["field"] == "benchmark" and enc["xOffset"]["field"] == "group"
    assert enc["y"]["field"] == "rate"
    data = pd.DataFrame(_values(spec)).set_index(["benchmark", "group"])
    assert len(data) == 4
    for c in comparisons:
        assert data.loc[(c.task, "pretrained"), "rate"] == c.adjacent_decrease_pretrained
        assert data.loc[(c.task, "post-trained"), "rate"] == c.adjacent_decrease_posttrained
        # Figure 4c: pretrained rows are far less monotone
        assert c.adjacent_decrease_pretrained > c.adjacent_decrease_posttrained


def test_contamination_chart_points_and_three_fits(frame):
    r = contamination_probe(
        frame["BBH Raw"],
        frame["MATH Lvl 5 Raw"],
        frame["Upload To Hub Date"],
        "2024-06-26",
        n_permutations=99,
        model=frame["fullname"],
    )
    spec = _spec(contamination_chart(r, "BBH", "MATH Lvl 5"))
    dots, fits, pooled = spec["layer"]
    assert dots["mark"]["type"] == "circle"
    assert dots["encoding"]["x"]["field"] == "logit_x"
    assert dots["encoding"]["color"]["field"] == "group"
    points = pd.DataFrame(_values(spec, dots))
    assert len(points) == r.n
    assert (points["group"] == "after cut-off").sum() == r.n_after
    lines = pd.DataFrame(_values(spec, fits))
    assert set(lines["fit"]) == {"before cut-off", "after cut-off"}
    before = lines[lines["fit"] == "before cut-off"].reset_index(drop=True)
    after = lines[lines["fit"] == "after cut-off"].reset_index(drop=True)
    assert (after["logit_y"] - before["logit_y"]).to_numpy() == pytest.approx(r.gamma)
    assert before["logit_x"].min() == pytest.approx(r.support[0])
    assert before["logit_x"].max() == pytest.approx(r.support[1])
    line = pd.DataFrame(_values(spec, pooled))
    assert line["logit_y"].to_numpy() == pytest.approx(
        r.pooled_intercept + r.pooled_slope * line["logit_x"].to_numpy()
    )
    assert "γ = " in " ".join(spec["title"]["subtitle"])
    assert len(contamination_lines(r, n=10)) == 30
