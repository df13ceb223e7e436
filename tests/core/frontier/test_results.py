"""Tables and JSON of the frontier page (core.frontier.present.results), on the real Epoch
AI GPQA-diamond points fitted with the authors' settings (lambda 1e-4, kappa 50), whose
stored curve gives 0.647 at 1e24 FLOPs (tests/fixtures/frontier/PROVENANCE.md)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from core.frontier.boundary.sigmoid_fit import fit_frontier
from core.frontier.data.table import load_boundary_tables
from core.frontier.history.periods import periods_from_cuts
from core.frontier.present.results import (
    BenchmarkBoundary,
    curve_frame,
    params_frame,
    period_labels,
    points_frame,
    predictions_frame,
    to_json,
)


@pytest.fixture(scope="module")
def gpqa(fixtures_dir):
    (table,) = load_boundary_tables(
        fixtures_dir / "frontier" / "epoch_ai_points_GPQA_diamond.csv",
        ["score"],
        flops="training_compute_flop",
        model="model",
    )
    fit = fit_frontier(table.log10_flops, table.score, lambda_b=1e-4, method="paper")
    return BenchmarkBoundary("GPQA_diamond", table, fit)


def test_curve_is_the_authors_and_spans_the_data(gpqa):
    curve = curve_frame(gpqa, grid_points=11)
    assert curve["log10_flops"].iloc[0] == gpqa.fit.log10_flops_min
    assert curve["log10_flops"].iloc[-1] == gpqa.fit.log10_flops_max
    assert curve["flops"].to_numpy() == pytest.approx(10.0 ** curve["log10_flops"].to_numpy())
    assert "band_low" not in curve
    assert gpqa.fit.predict(24.0) == pytest.approx(0.647, abs=0.005)


def test_points_carry_the_boundary_at_their_compute(gpqa):
    points = points_frame(gpqa)
    assert len(points) == 65
    assert points["boundary"].to_numpy() == pytest.approx(gpqa.fit.predict(points["log10_flops"]))
    assert (points["period"] == "no date").all() and (points["date"] == "").all()
    predictions = predictions_frame([gpqa])
    above = int(predictions["above_boundary"].sum())
    assert above == int(np.sum(gpqa.table.score > gpqa.fit.predict(gpqa.table.log10_flops)))
    assert above <= 0.1 * len(points)  # a 0.98 boundary leaves few models above it
    assert predictions_frame([]).empty


def test_params_and_json_are_the_fit_at_full_precision(gpqa):
    row = params_frame([gpqa]).iloc[0]
    assert (row["y0"], row["L"], row["z_star"], row["b"]) == (
        gpqa.fit.y0,
        gpqa.fit.L,
        gpqa.fit.z_star,
        gpqa.fit.b,
    )
    assert row["band_resamples"] == 0 and row["n"] == 65
    text = to_json([gpqa])
    (item,) = json.loads(text)
    assert "NaN" not in text and "Infinity" not in text
    assert item["y0"] == gpqa.fit.y0 and item["lambda_b"] == 1e-4
    assert item["dropped"] == {k: int(v) for k, v in gpqa.table.dropped.items()}
    assert not any(k.startswith("dropped: ") for k in item)
    assert "band" not in item and "backtest" not in item


def test_period_labels_name_missing_dates_and_dates_outside_every_period():
    scheme = periods_from_cuts(["2024-07-01"])
    dates = pd.Series(pd.to_datetime(["2024-01-01", None, "2024-08-01"]))
    assert period_labels(dates, scheme).tolist() == [
        "before 2024-07-01",
        "no date",
        "from 2024-07-01",
    ]
    assert period_labels(None, scheme, n=2).tolist() == ["no date", "no date"]
    assert period_labels(dates, None).tolist() == ["no date"] * 3


def test_a_date_after_the_last_period_is_outside_the_periods():
    from core.frontier.history.periods import paper_oll_periods

    dates = pd.Series(pd.to_datetime(["2025-03-31", "2025-05-01"]))
    assert period_labels(dates, paper_oll_periods()).tolist() == [
        "P4 (2025Q1)",
        "outside the periods",
    ]
