"""Cached table reading and cached fits for the frontier page.

Every wrapper is keyed on content (the table's bytes, or the numeric arrays of one
benchmark) plus the options that change the answer, so moving a slider refits only what
depends on it: a new tau refits each boundary once; switching the benchmark in focus
bootstraps only that benchmark; nothing is refitted when only the display changes.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from core.frontier.boundary.baselines import (
    constant_baseline,
    linear_quantile_baseline,
    per_bin_baseline,
)
from core.frontier.boundary.several_taus import FrontierFamily, fit_frontier_family
from core.frontier.boundary.sigmoid_fit import FrontierFit
from core.frontier.data.mapping import (
    ColumnMapping,
    PreparedTables,
    flag_columns,
    guess_mapping,
    prepare_benchmarks,
    read_table_bytes,
)
from core.frontier.data.table import BoundaryTable
from core.frontier.history.backtest import BacktestReport, backtest_frontier
from core.frontier.history.periods import (
    PeriodScheme,
    paper_oll_periods,
    periods_from_cuts,
    quarterly_periods,
)
from core.frontier.present.results import BaselineCurves

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "sample_data" / "frontier" / "oll_v2_with_tokens_reconstructed.csv"

#: (kind, cut dates) describing a period scheme; hashable, so it can key a cache.
PeriodSpec = tuple[str, tuple[str, ...]]


def digest(data: bytes) -> str:
    """Content key of a table."""
    return hashlib.sha256(data).hexdigest()


@st.cache_data(max_entries=1, show_spinner=False)
def sample_bytes() -> bytes:
    """The bundled Open LLM Leaderboard v2 table."""
    return SAMPLE.read_bytes()


@st.cache_data(max_entries=8, show_spinner="Reading the table…")
def read_frame(key: str, name: str, _data: bytes) -> pd.DataFrame:
    """The uploaded (or sample) table as a DataFrame; cached by content key and name."""
    return read_table_bytes(name, _data)


@st.cache_data(max_entries=8, show_spinner=False)
def cached_guess(key: str, _frame: pd.DataFrame) -> tuple[ColumnMapping, tuple[str, ...]]:
    """The guessed column mapping and the yes/no columns of a table (by content key)."""
    return guess_mapping(_frame), flag_columns(_frame)


@st.cache_data(max_entries=16, show_spinner=False)
def cached_prepare(
    key: str, mapping: ColumnMapping, _frame: pd.DataFrame, duplicates: str = "first"
) -> PreparedTables:
    """Tables per benchmark for a table (content key), a mapping and the duplicates rule.

    Drop counts are stored as plain dicts so that the result can be cached (pickled).
    """
    prepared = prepare_benchmarks(_frame, mapping, duplicates=duplicates)
    tables = tuple(replace(t, dropped=dict(t.dropped)) for t in prepared.tables)
    return replace(prepared, tables=tables)


@st.cache_data(max_entries=16, show_spinner=False)
def cached_family(
    z: np.ndarray,
    y: np.ndarray,
    taus: tuple[float, ...],
    kappa: float = 50.0,
    lambda_b: float = 1e-3,
    method: str = "paper",
) -> FrontierFamily:
    """Boundaries at several levels, sorted at each compute so that they never cross.

    ``kappa``, ``lambda_b`` and ``method`` are those of the boundary in focus, so the extra
    levels are fitted as the main one is (the Advanced fit settings).
    """
    return fit_frontier_family(z, y, taus, kappa=kappa, lambda_b=lambda_b, method=method)


@st.cache_data(max_entries=32, show_spinner=False)
def cached_baselines(z: np.ndarray, y: np.ndarray, tau: float) -> BaselineCurves:
    """Null, per-bin and linear quantile baselines at tau."""
    return BaselineCurves(
        constant_baseline(y, tau), per_bin_baseline(z, y, tau), linear_quantile_baseline(z, y, tau)
    )


def period_scheme(spec: PeriodSpec, dates) -> PeriodScheme | None:
    """Build the scheme; None when there are no usable dates. ValueError for bad cuts."""
    kind, cuts = spec
    if kind == "cuts":
        return periods_from_cuts(cuts)
    if kind == "paper":
        return paper_oll_periods()
    if dates is None or not np.any(~np.isnat(dates)):
        return None
    return quarterly_periods(dates)


@st.cache_data(max_entries=48, show_spinner=False)
def cached_backtest(
    z: np.ndarray,
    y: np.ndarray,
    dates: np.ndarray,
    task: str,
    tau: float,
    spec: PeriodSpec,
    scheme: str,
    start: FrontierFit | None = None,
) -> BacktestReport:
    """The temporal backtest of one benchmark, keyed by data, tau and the period scheme.

    ``start`` (the page's fit on all rows) warm-starts every period's fit: the same
    optimum, faster (:func:`core.frontier.history.backtest.warm_options`).
    """
    table = BoundaryTable(
        source="table",
        score_column=task,
        model=np.array([]),
        log10_flops=z,
        score=y,
        date=dates,
        family=None,
        n_rows=z.size,
    )
    return backtest_frontier(table, period_scheme(spec, dates), scheme=scheme, tau=tau, start=start)
