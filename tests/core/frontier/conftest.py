"""Shared fixtures of the frontier tests: the OLL v2 subset and the paper's values."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from core.frontier.data.table import load_boundary_tables

TASKS = {  # paper task name -> OLL column
    "IFEval": "IFEval Raw",
    "BBH": "BBH Raw",
    "MATH Lvl 5": "MATH Lvl 5 Raw",
    "GPQA": "GPQA Raw",
    "MuSR": "MUSR Raw",
    "MMLU-Pro": "MMLU-PRO Raw",
}


@pytest.fixture(scope="session")
def oll_path(fixtures_dir) -> Path:
    return fixtures_dir / "frontier" / "oll_v2_with_tokens_subset.csv"


@pytest.fixture(scope="session")
def paper_values(fixtures_dir) -> pd.DataFrame:
    return pd.read_csv(fixtures_dir / "frontier" / "paper_reported_values.csv")


def _oll_tables(path, **options):
    """One table per task of the OLL v2 fixture, every row kept (the paper fits them all)."""
    columns = dict(params="#Params (B)", tokens="Pretraining tokens (T)", duplicates="all")
    tables = load_boundary_tables(path, list(TASKS.values()), **columns, **options)
    return {t.score_column: t for t in tables}


@pytest.fixture(scope="session")
def oll_tables(oll_path):
    """One BoundaryTable per task, all rows with compute (no date filter)."""
    return _oll_tables(oll_path)


@pytest.fixture(scope="session")
def oll_dated_tables(oll_path):
    return _oll_tables(oll_path, date="Upload To Hub Date")


@pytest.fixture(scope="session")
def reference_optimizer(repo_root):
    """benchmarks/frontier_reference_optimizer.py, the paper's multi-start SLSQP."""
    path = repo_root / "benchmarks" / "frontier_reference_optimizer.py"
    spec = importlib.util.spec_from_file_location("frontier_reference_optimizer", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
