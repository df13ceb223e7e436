"""Rendering of the frontier page's Saturation, Contamination probe and Evaluation budget tabs.

Each tab: plain sentences first, then charts, then tables and downloads. Bad input shows
``st.error`` in place, saying what to do; the rest of the page keeps working.
"""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from core.errors import InputError
from core.formatting import format_flops
from core.frontier.analyses.saturation import (
    ADJACENT_DECREASE_EPS,
    SaturationSummary,
    saturation_summary,
)
from core.frontier.data.dates import parse_date
from core.frontier.data.mapping import ColumnMapping, benchmark_name, read_table_bytes
from core.frontier.planning.budget_sweep import PAPER_BUDGETS, PAPER_FIGURE_6B
from core.frontier.present.html_report import ReportSection
from core.frontier.present.planning_charts import (
    budget_sweep_chart,
    contamination_chart,
    dominance_chart,
    monotonicity_chart,
    selection_chart,
    selection_frame,
)
from core.frontier.present.results import BenchmarkBoundary
from core.text_safety import escape_markdown, neutral_csv
from ui.frontier import planning_loading as load
from ui.frontier.loading import PeriodSpec, digest

NONE = "(none)"
ONE_PER_MODEL = "(1 per model)"
CHOOSE = "— choose a cost column —"
#: MATH Lvl 5 joined the Open LLM Leaderboard with v2 on this date: the sample's default.
OLL_V2_LAUNCH = "2024-06-26"


def _guess(columns, *names) -> str | None:
    lower = {c.lower(): c for c in columns}
    return next((lower[n.lower()] for n in names if n.lower() in lower), None)


def _pick(label: str, options: list[str], default: str | None, key: str, **kw) -> str | None:
    index = options.index(default) if default in options else 0
    value = st.selectbox(label, options, index=index, key=key, **kw)
    return None if value in (NONE, CHOOSE) else value


def remember_section(kind: str, key: str, section: ReportSection) -> None:
    """Keep a computed result for the HTML report (only for the table it belongs to)."""
    st.session_state[f"frontier_report_{kind}"] = (key, section)


def remembered_sections(key: str) -> list[ReportSection]:
    """The probe and budget results computed for this table, for the HTML report."""
    found = []
    for kind in ("probe", "budget"):
        stored = st.session_state.get(f"frontier_report_{kind}")
        if stored is not None and stored[0] == key:
            found.append(stored[1])
    return found


def saturation_section(results: list[BenchmarkBoundary]) -> ReportSection:
    """Saturation sentences and table of every benchmark, for the HTML report."""
    summaries = [saturation_summary(r.fit, r.name) for r in results]
    table = pd.DataFrame(
        {
            "benchmark": [s.task for s in summaries],
            "ceiling": [f"{s.ceiling:.3f}" for s in summaries],
            "slope per decade at max": [f"{s.slope_at_max:.3f}" for s in summaries],
            "max FLOPs": [format_flops(10**s.log10_flops_max, 2) for s in summaries],
            "flattens at": [flattening_text(s) for s in summaries],
            "remaining rise": [f"{s.remaining_rise:.3f}" for s in summaries],
        }
    )
    sentences = tuple(saturation_sentence(s.task, s) for s in summaries)
    return ReportSection("Saturation", sentences, table=table)


def dominance_skipped(size: str | None, date: str | None) -> str:
    """Why frontier dominance was not computed, and what to choose."""
    missing = []
    if not date:
        missing.append("no date column (choose one under Columns)")
    if not size:
        missing.append("no parameter column (choose one above)")
    return (
        " and ".join(missing) + "; it compares large models with the best small model "
        "released before them."
    )


def flattening_text(s: SaturationSummary) -> str:
    """Where the boundary flattens: a compute inside the data, or "beyond" it."""
    if s.flattened_in_data:
        return format_flops(10**s.log10_flops_flat, 2)
    return "beyond any compute in the data"


def saturation_sentence(name: str, s: SaturationSummary) -> str:
    """One sentence: saturated or not, with the slope at the largest observed compute."""
    top = format_flops(10**s.log10_flops_max, 1)
    if s.flattened_in_data:
        return (
            f"**{name} is saturating:** its boundary reaches 95% of its rise at "
            f"{format_flops(10**s.log10_flops_flat, 1)} FLOPs, inside the data; more compute "
            f"alone could add only {s.remaining_rise:.2f} (ceiling {s.ceiling:.2f})."
        )
    return (
        f"**{name} is not saturated:** its boundary still rises {s.slope_at_max:.2f} per "
        f"decade of compute at the largest models ({top} FLOPs), with {s.remaining_rise:.2f} "
        f"left below its ceiling of {s.ceiling:.2f}."
    )


def render_saturation(
    frame: pd.DataFrame, key: str, mapping: ColumnMapping, results: list[BenchmarkBoundary], tau
) -> None:
    """Ceiling and flattening per benchmark, dominance over time, pretrained vs post-trained."""
    summaries = [saturation_summary(r.fit, r.name) for r in results]
    for s in summaries:
        st.markdown(saturation_sentence(escape_markdown(s.task), s))
    columns = [NONE, *frame.columns]
    c = st.columns(3)
    with c[0]:
        type_col = _pick("Model type column", columns, _guess(frame.columns, "Type"), "sat_type")
    with c[1]:
        official = _pick(
            "Official provider column",
            columns,
            _guess(frame.columns, "Official Providers", "official"),
            "sat_official",
        )
    with c[2]:
        size = _pick(
            "Parameters (billions)",
            columns,
            _guess(frame.columns, "#Params (B)", "params (B)", "parameters (B)"),
            "sat_size",
            help="Small: under 13B parameters; large: over 13B.",
        )
    try:
        groups = load.cached_group_analyses(
            key,
            frame,
            mapping,
            tuple(r.table.score_column for r in results),
            tau,
            type_col,
            official,
            size,
            ADJACENT_DECREASE_EPS,
        )
    except (InputError, ValueError, KeyError) as error:
        st.error(f"**These columns cannot be used.** {escape_markdown(error)}.", icon="🚫")
        groups = load.GroupAnalyses((), {}, ())
    for problem in groups.problems:
        st.error(f"**No dominance for {escape_markdown(problem)}.**", icon="🚫")
    for name, d in groups.dominance.items():
        last = d.monthly.tail(3)
        recent = last["n_dominated"].sum() / max(last["n_large"].sum(), 1)
        st.markdown(
            f"{escape_markdown(name)}: {d.share_dominated:.0%} of {d.n_large:,} large models score below the "
            f"best small model released by then; {recent:.0%} in the last three months."
        )
    for cmp in groups.comparisons:
        st.markdown(
            f"{escape_markdown(cmp.task)}: {cmp.adjacent_decrease_pretrained:.0%} of neighbouring official "
            f"pretrained models drop in score as compute grows, against "
            f"{cmp.adjacent_decrease_posttrained:.0%} of post-trained ones."
        )
    if groups.dominance:
        st.altair_chart(dominance_chart(groups.dominance), width="stretch", key="chart_dominance")
    elif not (size and mapping.date):
        st.info(
            f"**Frontier dominance skipped:** {dominance_skipped(size, mapping.date)}", icon="📅"
        )
    if groups.comparisons:
        st.altair_chart(
            monotonicity_chart(groups.comparisons), width="stretch", key="chart_monotone"
        )
    else:
        st.info("Choose a model type and an official provider column for Figure 4c.", icon="ℹ️")
    table = pd.DataFrame(
        [
            {
                "benchmark": s.task,
                "ceiling": s.ceiling,
                "headroom": s.headroom,
                "slope per decade at max": s.slope_at_max,
                "max FLOPs": 10**s.log10_flops_max,
                "flattens at FLOPs": 10**s.log10_flops_flat,
                "flattened in data": s.flattened_in_data,
                "remaining rise": s.remaining_rise,
            }
            for s in summaries
        ]
    )
    shown = table.assign(
        **{
            "max FLOPs": [format_flops(10**s.log10_flops_max, 2) for s in summaries],
            "flattens at FLOPs": [flattening_text(s) for s in summaries],
        }
    )
    number = st.column_config.NumberColumn(format="%.3f")
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={
            c: number for c in ("ceiling", "headroom", "slope per decade at max", "remaining rise")
        },
    )
    st.download_button(
        "Saturation summary (CSV)",
        neutral_csv(table),
        "frontier_saturation.csv",
        "text/csv",
        key="dl_saturation",
    )


def contamination_sentence(r, x: str, y: str) -> str:
    """Plain reading of the probe."""
    p = max(r.pvalue, r.pvalue_permutation)
    head = (
        f"Models released on or after {r.cutoff.date()} score {r.gamma:+.2f} logits on {y} "
        f"compared with what their {x} predicts (t-test p = {r.pvalue:.2g}, permutation "
        f"p = {r.pvalue_permutation:.2g}; {r.n_before:,} before, {r.n_after:,} after)."
    )
    if p < 0.05 and (r.gamma > 0) == (r.alternative == "greater"):
        return head + (
            " **That is a shift** — a probe, not proof: it can be contamination or genuine "
            "progress on the newer benchmark."
        )
    return head + " **No evidence of a shift** at the 5% level."


def render_contamination(frame: pd.DataFrame, key: str, mapping: ColumnMapping) -> None:
    """The logit-logit probe, on the page's table or on an uploaded probe table."""
    upload = st.file_uploader(
        "Probe table (optional: model, release date and two scores, e.g. MATH-500 and AIME-2025)",
        type=["csv", "tsv", "parquet"],
        key="probe_table",
    )
    if upload is not None:
        try:
            frame = read_table_bytes(upload.name, upload.getvalue())
            key = digest(upload.getvalue())
        except InputError as error:
            st.error(f"**This probe table cannot be used.** {escape_markdown(error)}.", icon="🚫")
            return
    columns = list(frame.columns)
    scores = [s for s in mapping.scores if s in columns] if upload is None else []
    x_default = "BBH Raw" if "BBH Raw" in scores else (scores[0] if scores else None)
    y_default = "MATH Lvl 5 Raw" if "MATH Lvl 5 Raw" in scores else (scores[-1] if scores else None)
    date_default = mapping.date if upload is None else _guess(columns, "date", "release date")
    c = st.columns(4)
    with c[0]:
        x = _pick("Older benchmark (x)", columns, x_default, "probe_x")
    with c[1]:
        y = _pick("Probed benchmark (y)", columns, y_default, "probe_y")
    with c[2]:
        date = _pick("Release date", columns, date_default, "probe_date")
    with c[3]:
        cutoff = st.text_input(
            "Cut-off (y's release date)",
            OLL_V2_LAUNCH,
            key="probe_cutoff",
            help="Models released on or after it are 'after'. AIME-2025: 2025-02-06.",
        )
    try:
        parsed = parse_date(cutoff.strip(), "cut-off")
    except InputError:
        st.error(
            f"**Cut-off date not readable:** {cutoff!r}. Type a date such as 2025-02-06.",
            icon="📅",
        )
        return
    if not date:
        st.info("**The probe needs a release date column**; choose one above.", icon="📅")
        return
    if x == y:
        st.error("**Choose two different score columns** for x and y.", icon="🚫")
        return
    model = mapping.model if upload is None else _guess(columns, "model", "fullname", "name")
    try:
        r = load.cached_probe(key, frame, x, y, date, model, str(parsed.date()), "greater", 2000, 5)
    except (ValueError, KeyError) as error:
        st.error(f"**The probe cannot run.** {escape_markdown(error)}.", icon="🚫")
        return
    xn, yn = benchmark_name(x), benchmark_name(y)
    remember_section(
        "probe",
        key,
        ReportSection(
            f"Contamination probe: {yn} against {xn}",
            (contamination_sentence(r, xn, yn),),
            chart=contamination_chart(r, xn, yn),
        ),
    )
    st.markdown(contamination_sentence(r, escape_markdown(xn), escape_markdown(yn)))
    if upload is None and y == "MATH Lvl 5 Raw":
        st.caption(
            f"Sample: {OLL_V2_LAUNCH} is when MATH Lvl 5 joined the leaderboard; the paper "
            "probes AIME-2025 against MATH-500 — upload such a table above."
        )
    st.altair_chart(contamination_chart(r, xn, yn), width="stretch", key="chart_probe")
    st.dataframe(r.summary, hide_index=True, width="stretch")
    cols = st.columns(2)
    cols[0].download_button(
        "Probe result (JSON)",
        r.summary.to_json(orient="records", date_format="iso", indent=2),
        "contamination_probe.json",
        "application/json",
        key="dl_probe_json",
    )
    cols[1].download_button(
        "Probe points (CSV)",
        neutral_csv(r.points),
        "contamination_points.csv",
        "text/csv",
        key="dl_probe_points",
    )


def _cost_default(frame: pd.DataFrame, mapping: ColumnMapping) -> str:
    guess = _guess(frame.columns, "#Params (B)", "params (B)", "parameters (B)", "cost")
    return guess or CHOOSE


def budget_sentence(design, pool, fraction: float, estimate: pd.DataFrame | None) -> str:
    """What the selection costs and, with a backtest, how close it comes to all models."""
    head = (
        f"Evaluating these **{design.n_selected:,} of {pool.n:,} models** "
        f"({design.spent / pool.cost.sum():.0%} of their total cost)"
    )
    if estimate is None or len(estimate) < 2:
        return head + " covers the compute range as evenly as the budget allows."
    at, full = estimate.iloc[0], estimate.iloc[-1]
    return (
        f"{head} should recover the boundary to within {at['pinball'] - full['pinball']:.4f} "
        f"pinball of the full data ({at['pinball']:.4f} vs {full['pinball']:.4f}, "
        f"×{at['pinball_vs_full']:.2f}), judging by earlier periods."
    )


def _selection_json(design, pool, fraction: float) -> str:
    rows = selection_frame(pool, design.selected)
    chosen = rows[rows["status"] == "selected"].drop(columns="status")
    return json.dumps(
        {
            "planner": "one-shot (balanced I-optimal)",
            "cost_column": pool.cost_column,
            "budget_fraction": fraction,
            "budget": design.budget,
            "spent": design.spent,
            "pool_cost": float(pool.cost.sum()),
            "n_candidates": pool.n,
            "n_selected": design.n_selected,
            "selected": chosen.to_dict("records"),
        },
        indent=2,
    )


def render_budget(
    frame: pd.DataFrame, key: str, mapping: ColumnMapping, tau: float, spec: PeriodSpec
) -> None:
    """Which models to evaluate under a budget; the backtest estimate; the sweep on demand."""
    c = st.columns(2)
    with c[0]:
        options = [CHOOSE, ONE_PER_MODEL, *frame.select_dtypes("number").columns]
        cost = _pick(
            "Cost column",
            options,
            _cost_default(frame, mapping),
            "budget_cost",
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
    sentence = budget_sentence(design, pool, fraction, estimate)
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
        _selection_json(design, pool, fraction),
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
