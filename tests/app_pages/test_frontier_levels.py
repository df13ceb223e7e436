"""Extra boundary levels on the chart are fitted with the focus boundary's own settings."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.frontier.boundary.sigmoid_fit import fit_frontier
from core.frontier.data.table import load_boundary_tables
from core.frontier.present.results import BenchmarkBoundary
from ui.frontier.view import levels

EPOCH = Path(__file__).resolve().parents[1] / "fixtures/frontier/epoch_ai_points_GPQA_diamond.csv"


@pytest.mark.parametrize(
    ("method", "lambda_b"), [("sharp", 1e-3), ("paper", 1e-4)], ids=["sharp", "paper-1e-4"]
)
def test_extra_levels_use_the_focus_fit_settings(method, lambda_b):
    (table,) = load_boundary_tables(
        str(EPOCH), ["score"], flops="training_compute_flop", model="model"
    )
    fit = fit_frontier(table.log10_flops, table.score, lambda_b=lambda_b, method=method)
    family = levels(BenchmarkBoundary("GPQA_diamond", table, fit), [0.5, 0.9])
    top = family.fits[-1]
    assert (top.tau, top.kappa, top.lambda_b, top.method) == (0.98, 50.0, lambda_b, method)
    grid = np.linspace(table.log10_flops.min(), table.log10_flops.max(), 7)
    np.testing.assert_allclose(top.predict(grid), fit.predict(grid), atol=1e-9)
