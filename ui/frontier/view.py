"""Rendering of the frontier page: data notes, boundary charts, calculator, history, downloads."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import replace
from functools import partial

import pandas as pd
import streamlit as st

from core.chart_export import chart_png
from core.errors import InputError
from core.frontier.boundary.questions import attainable_score, compute_needed
from core.frontier.boundary.several_taus import FrontierFamily
from core.frontier.data.mapping import PreparedTables
from core.frontier.data.table import DROP_REASONS
from core.frontier.present.analysis_text import reading_notes
from core.frontier.present.charts import (
    backtest_boundaries_chart,
    boundary_chart,
    coverage_chart,
    small_multiples,
)
from core.frontier.present.html_report import build_html_report
from core.frontier.present.page_tables import backtest_caption, calculator_table
from core.frontier.present.results import (
    BenchmarkBoundary,
    curve_frame,
    params_frame,
    predictions_frame,
    to_json,
)
from core.frontier.present.sentences import (
    attainable_sentence,
    boundary_summary,
    compute_needed_sentence,
    format_flops,
    levels_sentence,
    parse_flops,
    trend,
    trend_sentence,
)
from core.text_safety import escape_markdown, neutral_csv, safe_file_name
from ui.frontier.chart_cache import (
    same_spec_for_every_tau,
    show_chart,
    show_focus_chart,
    show_small_multiples,
)
from ui.frontier.fit_options import TAU_CHOICES
from ui.frontier.loading import (
    PeriodSpec,
    cached_backtest,
    cached_baselines,
    cached_family,
)

BAND_HELP = (
    "The shaded area is the band of the boundary (level under Advanced: fit settings), not a "
    "range for single models: models (whole base-model families when a family column is set) "
    "are resampled and the boundary refitted. It covers sampling variability — not a wrong "
    "sigmoid shape nor errors in the compute estimates."
)


def render_data_notes(prepared: PreparedTables) -> None:
    """Unusable rows by reason, per benchmark; one message per benchmark that cannot be fitted."""
    if prepared.date_problem:
        st.warning(
            f"**Dates not read.** {prepared.date_problem[0].upper()}{prepared.date_problem[1:]}.",
            icon="📅",
        )
    if prepared.date_note:
        st.warning(
            f"**Some dates not read.** {prepared.date_note}; those models are fitted, "
            "but belong to no period.",
            icon="📅",
        )
    for problem in prepared.problems:
        st.error(
            f"**{escape_markdown(problem.name)} cannot be fitted:** {escape_markdown(problem.message)}.",
            icon="🚫",
        )
    notes = reading_notes(prepared)
    if notes:
        st.info(" ".join(notes), icon="🧹")
    rows = [
        {"benchmark": t.score_column, "usable": t.n, **dict(t.dropped)} for t in prepared.tables
    ]
    if not rows:
        return
    frame = pd.DataFrame(rows).drop(columns=["missing or unreadable date"], errors="ignore")
    usable = min(t.n for t in prepared.tables)
    summary = (
        f"{prepared.n_rows:,} rows in the table · {usable:,} or more usable per benchmark"
        f" · {prepared.n_excluded:,} excluded by your filters"
    )
    if prepared.n_undated:
        summary += f" · {prepared.n_undated:,} without a readable date (fitted, but in no period)"
    with st.expander(f"Unusable rows by reason — {summary}"):
        reasons = [r for r in DROP_REASONS if r in frame.columns]
        st.dataframe(frame[["benchmark", "usable", *reasons]], hide_index=True, width="stretch")
        st.caption(
            "Each row is counted under its first reason. Scores given in percent are "
            "divided by 100."
        )


@contextmanager
def data_problems_as_messages():
    """Show an :class:`InputError` raised inside (a problem with the data) as a message."""
    try:
        yield
    except InputError as error:
        st.error(f"**This cannot be computed for this table.** {error}.", icon="🚫")


def with_baselines(result: BenchmarkBoundary) -> BenchmarkBoundary:
    t = result.table
    return replace(result, baselines=cached_baselines(t.log10_flops, t.score, result.fit.tau))


def with_backtest(result: BenchmarkBoundary, spec: PeriodSpec, scheme: str) -> BenchmarkBoundary:
    t = result.table
    if t.date is None:
        return result
    report = cached_backtest(
        t.log10_flops, t.score, t.date, t.score_column, result.fit.tau, spec, scheme, result.fit
    )
    return replace(result, backtest=report)


def levels(focus: BenchmarkBoundary, extra_taus) -> FrontierFamily | None:
    """Non-crossing boundaries at τ and the extra levels (None without extra levels)."""
    taus = sorted({focus.fit.tau, *(float(t) for t in extra_taus)})
    if len(taus) < 2:
        return None
    t, fit = focus.table, focus.fit
    return cached_family(t.log10_flops, t.score, tuple(taus), fit.kappa, fit.lambda_b, fit.method)


def render_focus_boundary(
    focus: BenchmarkBoundary, show_baselines: bool, family: FrontierFamily | None = None
) -> None:
    """The benchmark in focus: its summary, chart (with band and levels) and caption."""
    st.markdown(f"#### {escape_markdown(boundary_summary(focus))}")
    if family is not None:
        st.markdown(escape_markdown(levels_sentence(focus.name, family, focus.fit.log10_flops_max)))
    build = partial(
        boundary_chart, focus, baselines=show_baselines, levels=family, tau_in_title=False
    )
    alt = f"Scatter of {focus.name} score against log10 FLOPs with the boundary."
    # one spec for every τ (said in the heading): a τ change swaps the line's and band's data
    if show_baselines or family is not None:  # layers that depend on the fit too
        finish = partial(same_spec_for_every_tau, taus=TAU_CHOICES)
        inputs = (focus, show_baselines, family)
        show_chart(build, inputs, width="stretch", key="chart_focus", finish=finish, alt=alt)
    else:
        show_focus_chart(
            build, focus, width="stretch", key="chart_focus", taus=TAU_CHOICES, alt=alt
        )
    st.caption(
        f"Each point is a model (hover for name, date and score). The red line is the "
        f"τ = {focus.fit.tau:g} boundary: about {focus.fit.tau:.0%} of models of a given "
        f"compute score at or below it. {BAND_HELP}"
    )


def render_small_multiples(results) -> None:
    """All benchmarks side by side (nothing when there is only one)."""
    if len(results) > 1:
        st.markdown("**All benchmarks**")
        # the same spec for every τ: a τ change swaps the lines' data in the browser, and
        # the server only recomputes those lines
        show_small_multiples(
            lambda: small_multiples(results),
            results,
            key="chart_multiples",
            taus=TAU_CHOICES,
            alt="One boundary chart per benchmark.",
        )


def render_calculator(focus: BenchmarkBoundary, results) -> None:
    """Compute in, boundary out; and the inverse, as plain sentences."""
    left, right = st.columns(2)
    text = left.text_input(
        "Compute budget (FLOPs)",
        "1e24",
        key="calc_flops",
        help="Pre-training FLOPs, e.g. 3e24 or 3 x 10^24.",
    )
    target = right.number_input(
        "Target score",
        0.0,
        1.0,
        0.70,
        0.01,
        key="calc_target",
        help="A score on the benchmark's scale, 0 to 1.",
    )
    try:
        flops = parse_flops(text)
    except ValueError as error:
        st.error(f"**Cannot read the compute.** {error}.", icon="🔢")
        flops = None
    if flops is not None:
        (answer,) = attainable_score(focus.fit, flops, focus.band)
        st.markdown(f"### {escape_markdown(attainable_sentence(focus.name, answer))}")
    needed = compute_needed(focus.fit, float(target), focus.band)
    sentence = compute_needed_sentence(
        focus.name, needed, focus.fit.ceiling, focus.fit.log10_flops_min
    )
    st.markdown(f"### {escape_markdown(sentence)}")
    st.caption(
        f"The boundary is the τ = {focus.fit.tau:g} quantile: the score the best "
        f"{1 - focus.fit.tau:.0%} of models of that compute reach. {BAND_HELP}"
    )
    if flops is None or len(results) < 2:
        return
    st.markdown(
        f"**Every benchmark at {format_flops(flops)} FLOPs** (no bands; pick a benchmark "
        "above for its band)"
    )
    st.dataframe(
        calculator_table(results, flops, target),
        hide_index=True,
        width="stretch",
        column_config={
            "boundary": st.column_config.NumberColumn(format="%.3f"),
            "ceiling": st.column_config.NumberColumn(format="%.3f"),
        },
    )


def render_history(focus: BenchmarkBoundary, results, tau: float) -> None:
    """Backtest: boundaries per period, coverage error per period, one sentence each."""
    tested = [r for r in results if r.backtest is not None]
    if not tested:
        st.info(
            "The history needs an upload or release date column; choose one under Columns.",
            icon="📅",
        )
        return
    for r in tested:
        kind, _ = trend(r.backtest)
        icon = {"advancing": "📈", "was advancing": "↗️", "stable": "✅"}.get(kind, "•")
        st.markdown(f"{icon} {escape_markdown(trend_sentence(r.name, r.backtest))}")
    show_chart(
        lambda: coverage_chart(tested, tau),
        (*tested, tau),
        width="stretch",
        key="chart_coverage",
        alt="Signed coverage error per test period and benchmark.",
    )
    if focus.backtest is not None:
        show_chart(
            lambda: backtest_boundaries_chart(focus),
            (focus,),
            width="stretch",
            key="chart_periods",
            alt=f"{focus.name} boundaries fitted on each period.",
        )
    table = pd.concat([r.backtest.summary for r in tested], ignore_index=True)
    for column in ("signed_coverage_error", "abs_coverage_error", "abs_coverage_error_micro"):
        table[column] = table[column] * 100
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            c: st.column_config.NumberColumn(format="%+.2f")
            for c in ("signed_coverage_error", "abs_coverage_error", "abs_coverage_error_micro")
        },
    )
    st.caption(backtest_caption(tau))


def render_downloads(
    focus: BenchmarkBoundary,
    results,
    note: str,
    flops_text: str,
    target: float,
    sections=(),
) -> None:
    """Parameters, predictions, curves, the HTML report and PNG charts."""
    curves = pd.concat([curve_frame(r) for r in results], ignore_index=True)
    tested = [r for r in results if r.backtest is not None]
    html = dict(note=note, flops_text=flops_text, target=target, sections=sections)
    focus_png = f"frontier_{safe_file_name(focus.name)}.png"
    buttons = [  # (label, data or a function making it, file name, MIME type, widget key)
        (
            "Fitted parameters (CSV)",
            neutral_csv(params_frame(results)),
            "frontier_parameters.csv",
            "text/csv",
            "dl_params",
        ),
        (
            "Parameters and backtest (JSON)",
            to_json(results),
            "frontier.json",
            "application/json",
            "dl_json",
        ),
        (
            "Predictions per model (CSV)",
            lambda: neutral_csv(predictions_frame(results)),
            "frontier_predictions.csv",
            "text/csv",
            "dl_predictions",
        ),
        (
            "Boundary curves (CSV)",
            neutral_csv(curves),
            "frontier_curves.csv",
            "text/csv",
            "dl_curves",
        ),
        (
            "Report (HTML)",
            lambda: build_html_report(results, focus.name, **html),
            "frontier_report.html",
            "text/html",
            "dl_html",
        ),
        (
            f"{focus.name} chart (PNG)",
            lambda: chart_png(boundary_chart(focus)),
            focus_png,
            "image/png",
            "dl_png_focus",
        ),
        (
            "All benchmarks (PNG)",
            lambda: chart_png(small_multiples(results)),
            "frontier_all.png",
            "image/png",
            "dl_png_all",
        ),
    ]
    if tested:
        buttons.append(
            (
                "History chart (PNG)",
                lambda: chart_png(coverage_chart(tested, focus.fit.tau)),
                "frontier_history.png",
                "image/png",
                "dl_png_history",
            )
        )
    cols = [*st.columns(4), *st.columns(4)]
    for col, (label, data, file_name, mime, key) in zip(cols, buttons):
        col.download_button(label, data, file_name, mime, key=key)
    st.caption(
        "The curves file has the band columns only for the benchmark in focus. The report "
        "opens offline; its charts are embedded as images, and it includes the saturation "
        "summary and the contamination probe and budget selection you computed in their tabs."
    )
