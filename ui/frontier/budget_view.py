"""Rendering of the frontier page's Evaluation budget tab: which models to evaluate under a
budget, the backtest estimate of the quality, and the budget sweep on demand."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from core.errors import InputError
from core.formatting import format_flops
from core.frontier.data.column_guesses import COST_NAMES, find_column
from core.frontier.data.mapping import ColumnMapping
from core.frontier.planning.budget_sweep import PAPER_BUDGETS, PAPER_FIGURE_6B
from core.frontier.present.analysis_text import budget_sentence, selection_record
from core.frontier.present.html_report import ReportSection
from core.frontier.present.planning_charts import (
    budget_sweep_chart,
    selection_chart,
    selection_frame,
)
from core.text_safety import neutral_csv
from ui.frontier import planning_loading as load
from ui.frontier.loading import PeriodSpec
from ui.frontier.planning_view import pick, remember_section

ONE_PER_MODEL = "(1 per model)"
CHOOSE = "— choose a cost column —"


def _cost_default(frame: pd.DataFrame, mapping: ColumnMapping) -> str:
    guess = find_column(frame.columns, COST_NAMES)
    return guess or CHOOSE


def render_budget(
    frame: pd.DataFrame, key: str, mapping: ColumnMapping, tau: float, spec: PeriodSpec
) -> None:
    """Which models to evaluate under a budget; the backtest estimate; the sweep on demand."""
    c = st.columns(2)
    with c[0]:
        options = [CHOOSE, ONE_PER_MODEL, *frame.select_dtypes("number").columns]
        cost = pick(
            "Cost column",
            options,
            _cost_default(frame, mapping),
            "budget_cost",
            none_of=(CHOOSE,),
            help="The paper's cost is the parameter count; '(1 per model)' counts models.",
        )
    with c[1]:
        percent = st.select_slider(
            "Budget (% of the pool's total cost)", [5, 10, 20, 50], 10, key="budget_percent"
        )
    if cost is None:
        st.error(
            "**No cost column.** Choose the column that measures what evaluating a model "
            "costs (e.g. its parameter count), or '(1 per model)' to count models.",
            icon="💰",
        )
        return
    cost = None if cost == ONE_PER_MODEL else cost
    fraction = percent / 100.0
    try:
        pool = load.candidate_pool(key, frame, mapping, cost, False)
        design = load.cached_design(key, frame, mapping, cost, fraction)
    except (InputError, ValueError) as error:
        st.error(f"**No selection possible.** {error}.", icon="🚫")
        return
    estimate, note = None, ""
    if mapping.scores and mapping.date:
        try:
            sweep = load.cached_sweep(
                key, frame, mapping, cost, (fraction, 1.0), ("one-shot",), tau, spec
            )
            estimate = sweep.summary
        except (InputError, ValueError) as error:
            note = f"No backtest estimate: {error}."
    else:
        note = "A date column and known scores give a backtest estimate of the quality."
    sentence = budget_sentence(design, pool, estimate)
    rows = selection_frame(pool, design.selected)
    chosen = rows[rows["status"] == "selected"].drop(columns="status")
    shown = chosen.assign(flops=[format_flops(f, 2) for f in chosen["flops"]])
    remember_section(
        "budget",
        key,
        ReportSection(
            f"Evaluation budget: {percent}% of the pool's cost",
            (sentence,),
            table=shown.rename(columns={"flops": "FLOPs"}),
            chart=selection_chart(pool, design.selected),
        ),
    )
    st.markdown(f"#### {sentence}")
    if note:
        st.info(note, icon="📅")
    st.altair_chart(selection_chart(pool, design.selected), width="stretch", key="chart_selection")
    st.caption(
        "Balanced I-optimal design (the paper's §9): the models that pin down the boundary "
        "best per unit cost, spread over the compute range. Dot size: cost."
    )
    st.dataframe(shown, hide_index=True, width="stretch", column_config={"flops": "FLOPs"})
    d = st.columns(2)
    d[0].download_button(
        "Selection (CSV)",
        neutral_csv(chosen),
        "budget_selection.csv",
        "text/csv",
        key="dl_budget_csv",
    )
    d[1].download_button(
        "Selection (JSON)",
        json.dumps(selection_record(design, pool, fraction), indent=2),
        "budget_selection.json",
        "application/json",
        key="dl_budget_json",
    )
    _render_sweep(frame, key, mapping, cost, tau, spec)


def _render_sweep(frame, key, mapping, cost, tau, spec) -> None:
    st.markdown("**Budget sweep** (one backtest per budget; a few seconds per planner)")
    c = st.columns([2, 2, 1])
    budgets = c[0].multiselect(
        "Budgets (%)", [round(100 * b) for b in PAPER_BUDGETS], [10, 100], key="sweep_budgets"
    )
    planners = c[1].multiselect(
        "Planners", ["one-shot", "adaptive"], ["one-shot"], key="sweep_planners"
    )
    if c[2].button("Run the sweep", key="sweep_run"):
        st.session_state["sweep_requested"] = True
    if not st.session_state.get("sweep_requested"):
        return
    if not (budgets and planners and mapping.scores and mapping.date):
        st.error("**The sweep needs budgets, a planner, scores and a date column.**", icon="🚫")
        return
    try:
        sweep = load.cached_sweep(
            key,
            frame,
            mapping,
            cost,
            tuple(sorted(b / 100 for b in budgets)),
            tuple(planners),
            tau,
            spec,
        )
    except (InputError, ValueError) as error:
        st.error(f"**The sweep cannot run.** {error}.", icon="🚫")
        return
    paper = PAPER_FIGURE_6B if spec[0] == "paper" and len(mapping.scores) == 6 else None
    st.altair_chart(budget_sweep_chart(sweep, paper), width="stretch", key="chart_sweep")
    st.caption(
        f"{sweep.seconds:.1f} s. "
        + (
            "Grey dashed: the paper's Figure 6b (six OLL v2 tasks, its periods)."
            if paper
            else "Choose 'The paper's OLL periods' in the sidebar to compare with Figure 6b."
        )
    )
    st.dataframe(sweep.summary, hide_index=True, width="stretch")
