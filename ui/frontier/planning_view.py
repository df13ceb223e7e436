"""Rendering of the frontier page's Saturation and Contamination probe tabs (the Evaluation
budget tab is in ``ui.frontier.budget_view``).

Each tab: plain sentences first, then charts, then tables and downloads. Bad input shows
``st.error`` in place, saying what to do; the rest of the page keeps working. The sentences
and tables come from ``core.frontier.present.analysis_text``.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.errors import InputError
from core.formatting import format_flops
from core.frontier.analyses.saturation import ADJACENT_DECREASE_EPS, saturation_summary
from core.frontier.data.column_guesses import (
    OFFICIAL_NAMES,
    PROBE_DATE_NAMES,
    SIZE_NAMES,
    TYPE_NAMES,
    find_column,
    guess_model,
)
from core.frontier.data.dates import parse_date
from core.frontier.data.mapping import ColumnMapping, benchmark_name, read_table_bytes
from core.frontier.present.analysis_text import (
    contamination_sentence,
    dominance_sentence,
    dominance_skipped,
    flattening_text,
    monotonicity_sentence,
    saturation_report_table,
    saturation_sentence,
    saturation_table,
)
from core.frontier.present.html_report import ReportSection
from core.frontier.present.planning_charts import (
    contamination_chart,
    dominance_chart,
    monotonicity_chart,
)
from core.frontier.present.results import BenchmarkBoundary
from core.text_safety import escape_markdown, neutral_csv
from ui.frontier import planning_loading as load
from ui.frontier.loading import digest

NONE = "(none)"
#: MATH Lvl 5 joined the Open LLM Leaderboard with v2 on this date: the sample's default.
OLL_V2_LAUNCH = "2024-06-26"


def pick(
    label: str, options: list[str], default: str | None, key: str, none_of=(), **kw
) -> str | None:
    """A select box whose "(none)" (and any of ``none_of``) means no column."""
    index = options.index(default) if default in options else 0
    value = st.selectbox(label, options, index=index, key=key, **kw)
    return None if value in (NONE, *none_of) else value


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
    sentences = tuple(saturation_sentence(s.task, s) for s in summaries)
    return ReportSection("Saturation", sentences, table=saturation_report_table(summaries))


def render_saturation(
    frame: pd.DataFrame, key: str, mapping: ColumnMapping, results: list[BenchmarkBoundary], tau
) -> None:
    """Ceiling and flattening per benchmark, dominance over time, pretrained vs post-trained."""
    summaries = [saturation_summary(r.fit, r.name) for r in results]
    for s in summaries:
        st.markdown(saturation_sentence(escape_markdown(s.task), s))
    columns = [NONE, *frame.columns]
    pickers = (  # label, guesses, widget key, help
        ("Model type column", TYPE_NAMES, "sat_type", None),
        ("Official provider column", OFFICIAL_NAMES, "sat_official", None),
        (
            "Parameters (billions)",
            SIZE_NAMES,
            "sat_size",
            "Small: under 13B parameters; large: over 13B.",
        ),
    )
    chosen = []
    for column, (label, guesses, widget, hint) in zip(st.columns(3), pickers):
        with column:
            default = find_column(frame.columns, guesses)
            chosen.append(pick(label, columns, default, widget, help=hint))
    type_col, official, size = chosen
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
        st.markdown(dominance_sentence(escape_markdown(name), d))
    for cmp in groups.comparisons:
        st.markdown(monotonicity_sentence(escape_markdown(cmp.task), cmp))
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
    table = saturation_table(summaries)
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
    date_default = mapping.date if upload is None else find_column(columns, PROBE_DATE_NAMES)
    c = st.columns(4)
    with c[0]:
        x = pick("Older benchmark (x)", columns, x_default, "probe_x")
    with c[1]:
        y = pick("Probed benchmark (y)", columns, y_default, "probe_y")
    with c[2]:
        date = pick("Release date column", columns, date_default, "probe_date")
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
    model = mapping.model if upload is None else guess_model(columns)
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
