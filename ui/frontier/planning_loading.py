"""Cached computations of the frontier page's planning tabs (saturation, contamination, budget).

Every wrapper is keyed on the table's content key plus the options that change the answer;
the DataFrame itself is passed unhashed (``_frame``). Core modules stay free of Streamlit.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.frontier.analyses.contamination import ContaminationResult, contamination_probe
from core.frontier.analyses.groups import ROW_ID, GroupAnalyses, group_analyses
from core.frontier.data.budget_pool import CandidatePool, load_candidate_pool
from core.frontier.data.mapping import ColumnMapping, kept_rows
from core.frontier.planning.budget_design import BudgetDesign, select_models
from core.frontier.planning.budget_sweep import SweepResult, budget_sweep
from ui.frontier.loading import PeriodSpec, period_scheme


@st.cache_data(max_entries=8, show_spinner="Comparing pretrained and post-trained models…")
def cached_group_analyses(key: str, _frame: pd.DataFrame, *arguments) -> GroupAnalyses:
    """``group_analyses(_frame, *arguments)`` (mapping, scores, tau, type, official and size
    columns, eps), cached by the table's key and those arguments."""
    return group_analyses(_frame, *arguments)


def candidate_pool(
    key: str,
    _frame: pd.DataFrame,
    mapping: ColumnMapping,
    cost: str | None,
    dated: bool,
) -> CandidatePool:
    """Candidates with compute and cost (and, when ``dated``, a readable date).

    Not cached: reading is fast (tens of ms) and the pool holds mappings that do not pickle.
    """
    return load_candidate_pool(
        kept_rows(_frame, mapping, ROW_ID),
        cost=cost,
        scores=mapping.scores,
        date=mapping.date if dated else None,
        model=mapping.model,
        **mapping.compute_options(),
    )


@st.cache_data(max_entries=16, show_spinner="Choosing models…")
def cached_design(
    key: str, _frame: pd.DataFrame, mapping: ColumnMapping, cost: str | None, fraction: float
) -> BudgetDesign:
    """The balanced I-optimal selection within ``fraction`` of the pool's total cost."""
    pool = candidate_pool(key, _frame, mapping, cost, False)
    return select_models(pool.log10_flops, pool.cost, fraction * float(pool.cost.sum()))


@st.cache_data(max_entries=16, show_spinner="Running the budget backtest…")
def cached_sweep(
    key: str,
    _frame: pd.DataFrame,
    mapping: ColumnMapping,
    cost: str | None,
    budgets: tuple[float, ...],
    planners: tuple[str, ...],
    tau: float,
    spec: PeriodSpec,
) -> SweepResult:
    """Temporal budget sweep with the page's period scheme."""
    pool = candidate_pool(key, _frame, mapping, cost, True)
    scheme = period_scheme(spec, pool.date)
    if scheme is None:
        raise ValueError("the budget backtest needs readable dates")
    return budget_sweep(pool, scheme, budgets=budgets, planners=planners, tau=tau)


@st.cache_data(max_entries=16, show_spinner="Running the contamination probe…")
def cached_probe(
    key: str,
    _frame: pd.DataFrame,
    x: str,
    y: str,
    date: str,
    model: str | None,
    cutoff: str,
    alternative: str,
    n_permutations: int,
    n_strata: int,
) -> ContaminationResult:
    """The logit-logit probe on two score columns of the table."""
    return contamination_probe(
        pd.to_numeric(_frame[x], errors="coerce"),
        pd.to_numeric(_frame[y], errors="coerce"),
        _frame[date],
        cutoff,
        alternative=alternative,
        n_permutations=n_permutations,
        n_strata=n_strata,
        model=_frame[model].astype(str).to_numpy() if model else None,
    )
