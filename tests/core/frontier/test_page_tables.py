"""Tables and captions of the Calculator and Over time tabs."""

from __future__ import annotations

import math

import pytest

from core.formatting import format_flops
from core.frontier.boundary.questions import attainable_score, compute_needed
from core.frontier.boundary.sigmoid_fit import fit_frontier
from core.frontier.present.page_tables import backtest_caption, calculator_table
from core.frontier.present.results import BenchmarkBoundary


@pytest.fixture(scope="module")
def results(oll_tables):
    return [
        BenchmarkBoundary(name, oll_tables[column], fit_frontier(*_zy(oll_tables[column])))
        for name, column in (("IFEval", "IFEval Raw"), ("GPQA", "GPQA Raw"))
    ]


def _zy(table):
    return table.log10_flops, table.score


def test_calculator_table_reads_each_boundary_at_the_compute(results):
    table = calculator_table(results, 1e24, 0.7)
    assert list(table.columns) == [
        "benchmark",
        "boundary",
        "ceiling",
        "FLOPs to reach 0.70",
        "extrapolated",
    ]
    assert list(table["benchmark"]) == ["IFEval", "GPQA"]
    for row, r in zip(table.itertuples(index=False), results):
        (a,) = attainable_score(r.fit, 1e24)
        assert row.boundary == a.score and row.ceiling == r.fit.ceiling
    gpqa = compute_needed(results[1].fit, 0.7)
    cell = table.loc[1, "FLOPs to reach 0.70"]
    expected = format_flops(gpqa.flops, 1) if math.isfinite(gpqa.log10_flops) else gpqa.status
    assert cell == expected


def test_calculator_table_marks_extrapolation(results):
    far = calculator_table(results, 1e30, 0.1)
    assert all("boundary" in cell for cell in far["extrapolated"])


@pytest.mark.parametrize(
    "tau, tail",
    [(0.98, "+2 points."), (0.9, "+10 points."), (0.99, "+1 point."), (0.5, "+50 points.")],
)
def test_backtest_caption_bound_follows_tau(tau, tail):
    text = backtest_caption(tau)
    assert text.endswith(f"At τ = {tau:g} the error cannot exceed {tail}")
