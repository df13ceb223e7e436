"""Shared fixtures of the ui component tests: a fitted boundary on the OLL v2 subset."""

from __future__ import annotations

import pytest

from core.frontier.boundary.sigmoid_fit import fit_frontier
from core.frontier.data.table import load_boundary_tables
from core.frontier.history.periods import periods_from_cuts
from core.frontier.present.results import BenchmarkBoundary


@pytest.fixture(scope="session")
def dated_results(fixtures_dir):
    """GPQA and BBH boundaries of the leaderboard subset, with periods cut at 2024-07-01."""
    tables = load_boundary_tables(
        fixtures_dir / "frontier" / "oll_v2_with_tokens_subset.csv",
        ["GPQA Raw", "BBH Raw"],
        params="#Params (B)",
        tokens="Pretraining tokens (T)",
        date="Upload To Hub Date",
    )
    scheme = periods_from_cuts(("2024-07-01",))
    return [
        BenchmarkBoundary(name, t, fit_frontier(t.log10_flops, t.score, tau=0.98), periods=scheme)
        for name, t in zip(("GPQA", "BBH"), tables)
    ]
