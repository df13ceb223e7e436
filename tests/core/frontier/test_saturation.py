"""Saturation analyses: flattening, frontier dominance, Figure 4c adjacent-decrease rates.

Outside reference: Figure 4c of Zhang et al. (arXiv 2602.15327), adjacent decrease rate of
official pretrained vs post-trained OLL v2 rows (paper_reported_values.csv), read from the
figure to two decimals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core.frontier.analyses.saturation import (
    adjacent_decrease_rate,
    frontier_dominance,
    is_official_pretrained,
    pretrained_vs_posttrained,
    saturation_summary,
)
from core.frontier.boundary.sigmoid_fit import FrontierFit, fit_frontier
from core.frontier.data.table import load_boundary_tables

from .conftest import TASKS


def _fit(y0=0.1, L=0.6, z_star=23.0, b=2.0, lo=21.0, hi=25.0):
    return FrontierFit(y0, L, z_star, b, 0.98, 50.0, 1e-3, 0.0, 100, lo, hi, True, 1)


def test_flattening_point_and_slope_closed_form():
    s = saturation_summary(_fit())
    assert s.log10_flops_flat == pytest.approx(23.0 + np.log(19) / 2)
    assert s.flattened_in_data
    sig = 1 / (1 + np.exp(-4.0))
    assert s.slope_at_max == pytest.approx(0.6 * 2 * sig * (1 - sig))
    assert s.ceiling == pytest.approx(0.7) and s.headroom == pytest.approx(0.3)
    assert not saturation_summary(_fit(hi=23.5)).flattened_in_data


def test_saturated_simulation_is_detected():
    # slope 1.5/decade (OLL-like; lambda_b = 1e-3 penalises steep slopes), data to 1e29
    rng = np.random.default_rng(1)
    z = rng.uniform(20, 29, 800)
    y = 0.2 + 0.6 / (1 + np.exp(-1.5 * (z - 23))) - rng.exponential(0.1, 800)
    s = saturation_summary(fit_frontier(z, np.clip(y, 0, 1)))
    assert s.flattened_in_data and s.remaining_rise < 0.02
    assert s.ceiling == pytest.approx(0.8, abs=0.1)


def test_adjacent_decrease_rate_edges():
    assert adjacent_decrease_rate([1, 2, 3], [0.1, 0.2, 0.3]) == 0.0
    assert adjacent_decrease_rate([1, 2, 3], [0.3, 0.2, 0.1], eps=0) == 1.0
    assert adjacent_decrease_rate([1, 1, 2], [0.5, 0.1, 0.6], eps=0) == 0.0  # ties sorted
    assert np.isnan(adjacent_decrease_rate([1], [0.5]))
    rng = np.random.default_rng(0)
    assert adjacent_decrease_rate(
        rng.uniform(0, 1, 4000), rng.uniform(0, 1, 4000), eps=0
    ) == pytest.approx(0.5, abs=0.03)


def test_dominance_by_hand():
    dates = ["2024-01-05", "2024-01-10", "2024-02-01", "2024-02-02", "2024-03-01"]
    params = [7, 70, 8, 70, 70]
    score = [0.50, 0.40, 0.60, 0.65, 0.55]
    d = frontier_dominance(params, score, dates)
    assert d.models["dominated"].tolist() == [True, False, True]
    assert d.monthly["share_dominated"].tolist() == [1.0, 0.0, 1.0]
    assert d.n_small == 2 and d.n_large == 3
    with pytest.raises(ValueError, match="both sides"):
        frontier_dominance([70, 80], [0.1, 0.2], dates[:2])


@pytest.fixture(scope="module")
def flags(fixtures_dir, oll_path):
    frame = pd.read_csv(oll_path)
    f = pd.read_csv(fixtures_dir / "frontier" / "oll_v2_type_flags.csv")
    assert (f["fullname"].to_numpy() == frame["fullname"].to_numpy()).all()
    return frame.assign(row=np.arange(len(frame)).astype(str)), f


def test_figure_4c_adjacent_decrease_rates(flags, paper_values):
    frame, f = flags
    pre_all = is_official_pretrained(f["Type"], f["Official Providers"])
    rows = paper_values[paper_values["source"] == "figure4c"]
    assert len(rows) == 12
    for _, row in rows.iterrows():
        (t,) = load_boundary_tables(
            frame,
            [TASKS[row["task"]]],
            params="#Params (B)",
            tokens="Pretraining tokens (T)",
            model="row",
        )
        pre = pre_all[t.model.astype(int)]
        c = pretrained_vs_posttrained(t.log10_flops, t.score, pre, task=row["task"])
        ours = (
            c.adjacent_decrease_pretrained
            if row["quantity"].endswith("_pretrained")
            else c.adjacent_decrease_posttrained
        )
        assert ours == pytest.approx(float(row["value"]), abs=0.01), row["task"]
        assert c.fit_pretrained is not None and c.fit_posttrained is not None
        assert c.n_pretrained == 87


def test_math_dominance_rises_late_2024(flags, fixtures_dir):
    frame, f = flags
    (t,) = load_boundary_tables(
        frame,
        ["MATH Lvl 5 Raw"],
        params="#Params (B)",
        tokens="Pretraining tokens (T)",
        date="Upload To Hub Date",
        model="row",
    )
    rows = t.model.astype(int)
    d = frontier_dominance(
        frame["#Params (B)"].to_numpy()[rows],
        t.score,
        t.date,
        flagged=f["Flagged"].to_numpy()[rows],
    )
    m = d.monthly.set_index("month")["share_dominated"]
    late = m[m.index >= "2024-10"]
    early = m[m.index < "2024-07"]
    assert late.mean() > early.mean()
