"""Cached computations of the frontier page's planning tabs (saturation, contamination, budget).

Every wrapper is keyed on the table's content key plus the options that change the answer;
the DataFrame itself is passed unhashed (``_frame``). Core modules stay free of Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from core.frontier.analyses.contamination import ContaminationResult, contamination_probe
from core.frontier.analyses.saturation import (
    DominanceResult,
    PretrainedComparison,
    frontier_dominance,
    is_official_pretrained,
    pretrained_vs_posttrained,
)
from core.frontier.data.budget_pool import CandidatePool, load_candidate_pool
from core.frontier.data.dates import parse_dates
from core.frontier.data.mapping import ColumnMapping, benchmark_name
from core.frontier.data.mapping import truthy as _truthy
from core.frontier.data.table import load_boundary_tables
from core.frontier.planning.budget_design import BudgetDesign, select_models
from core.frontier.planning.budget_sweep import SweepResult, budget_sweep
from ui.frontier.loading import PeriodSpec, period_scheme

_ROW = "__planning_row__"


def _kept(frame: pd.DataFrame, mapping: ColumnMapping) -> pd.DataFrame:
    """Rows not excluded by the mapping's yes/no columns, with a row id column."""
    excluded = np.zeros(len(frame), bool)
    for column in mapping.exclude:
        excluded |= _truthy(frame[column])
    data = frame.loc[~excluded].reset_index(drop=True)
    return data.assign(**{_ROW: np.arange(len(data)).astype(str)})


def _compute(mapping: ColumnMapping) -> dict:
    return dict(
        flops=mapping.flops or None,
        params=None if mapping.flops else mapping.params,
        tokens=None if mapping.flops else mapping.tokens,
        params_scale=mapping.params_scale,
        tokens_scale=mapping.tokens_scale,
        flops_scale=mapping.flops_scale,
    )


@dataclass(frozen=True, slots=True)
class GroupAnalyses:
    """Per benchmark: pretrained vs post-trained comparison and frontier dominance."""

    comparisons: tuple[PretrainedComparison, ...]
    dominance: dict[str, DominanceResult]
    problems: tuple[str, ...]


@st.cache_data(max_entries=8, show_spinner="Comparing pretrained and post-trained models…")
def cached_group_analyses(
    key: str,
    _frame: pd.DataFrame,
    mapping: ColumnMapping,
    scores: tuple[str, ...],
    tau: float,
    type_column: str | None,
    official_column: str | None,
    size_column: str | None,
    eps: float,
) -> GroupAnalyses:
    """Figure 4c comparisons (with type and official columns) and dominance (with sizes)."""
    data = _kept(_frame, mapping)
    dates = parse_dates(data[mapping.date]).values if mapping.date else None
    comparisons, dominance, problems = [], {}, []
    for column in scores:
        (t,) = load_boundary_tables(data, [column], model=_ROW, **_compute(mapping))
        rows = t.model.astype(int)
        name = benchmark_name(column)
        if type_column and official_column:
            pre = is_official_pretrained(
                data[type_column].to_numpy()[rows], data[official_column].to_numpy()[rows]
            )
            comparisons.append(
                pretrained_vs_posttrained(t.log10_flops, t.score, pre, task=name, tau=tau, eps=eps)
            )
        if size_column and dates is not None:
            try:
                dominance[name] = frontier_dominance(
                    pd.to_numeric(data[size_column], errors="coerce").to_numpy()[rows],
                    t.score,
                    dates[rows],
                )
            except ValueError as error:
                problems.append(f"{name}: {error}")
    return GroupAnalyses(tuple(comparisons), dominance, tuple(problems))


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
        _kept(_frame, mapping),
        cost=cost,
        scores=mapping.scores,
        date=mapping.date if dated else None,
        model=mapping.model,
        **_compute(mapping),
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
