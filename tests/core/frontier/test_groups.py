"""Group analyses of a mapped table agree with the analyses run by hand (Figure 4c, dominance)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core.frontier.analyses.groups import group_analyses
from core.frontier.analyses.saturation import (
    frontier_dominance,
    is_official_pretrained,
    pretrained_vs_posttrained,
)
from core.frontier.data.dates import parse_dates
from core.frontier.data.mapping import ColumnMapping
from core.frontier.data.table import load_boundary_tables

MAPPING = ColumnMapping(
    model="fullname",
    date="Upload To Hub Date",
    params="#Params (B)",
    tokens="Pretraining tokens (T)",
    scores=("MATH Lvl 5 Raw", "BBH Raw"),
)


@pytest.fixture(scope="module")
def table(fixtures_dir, oll_path):
    frame = pd.read_csv(oll_path)
    flags = pd.read_csv(fixtures_dir / "frontier" / "oll_v2_type_flags.csv")
    return frame.assign(
        Type=flags["Type"], Official=flags["Official Providers"], Flagged=flags["Flagged"]
    )


def test_group_analyses_match_the_analyses_by_hand(table):
    groups = group_analyses(
        table, MAPPING, MAPPING.scores, 0.98, "Type", "Official", "#Params (B)", 0.0
    )
    assert groups.problems == ()
    assert [c.task for c in groups.comparisons] == ["MATH Lvl 5", "BBH"]
    assert list(groups.dominance) == ["MATH Lvl 5", "BBH"]
    frame = table.assign(row=np.arange(len(table)).astype(str))
    (t,) = load_boundary_tables(
        frame,
        ["MATH Lvl 5 Raw"],
        params="#Params (B)",
        tokens="Pretraining tokens (T)",
        model="row",
    )
    rows = t.model.astype(int)
    pre = is_official_pretrained(table["Type"].to_numpy()[rows], table["Official"].to_numpy()[rows])
    by_hand = pretrained_vs_posttrained(t.log10_flops, t.score, pre, task="MATH Lvl 5", eps=0.0)
    ours = groups.comparisons[0]
    assert ours.adjacent_decrease_pretrained == by_hand.adjacent_decrease_pretrained
    assert ours.adjacent_decrease_posttrained == by_hand.adjacent_decrease_posttrained
    dates = parse_dates(table["Upload To Hub Date"]).values[rows]
    d = frontier_dominance(table["#Params (B)"].to_numpy()[rows], t.score, dates)
    assert groups.dominance["MATH Lvl 5"].share_dominated == pytest.approx(d.share_dominated)
    assert groups.dominance["MATH Lvl 5"].n_large == d.n_large


def test_group_analyses_skip_what_lacks_columns(table):
    none = group_analyses(table, MAPPING, ("BBH Raw",), 0.98, None, "Official", None, 0.0)
    assert (none.comparisons, none.dominance, none.problems) == ((), {}, ())
    undated = ColumnMapping(params="#Params (B)", tokens="Pretraining tokens (T)")
    g = group_analyses(table, undated, ("BBH Raw",), 0.98, None, None, "#Params (B)", 0.0)
    assert g.dominance == {}


def test_dominance_problem_is_reported_per_benchmark(table):
    g = group_analyses(table, MAPPING, ("BBH Raw",), 0.98, None, None, "Official", 0.0)
    assert g.dominance == {}
    assert len(g.problems) == 1 and g.problems[0].startswith("BBH: ")
