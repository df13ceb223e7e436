"""Rendering of a degradation comparison: verdict, evidence, drill-down, planning, downloads."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from core.degradation.charts import chart_png, forest_plot, planning_curve, planning_table
from core.degradation.compare import Comparison
from core.degradation.html_report import build_html_report
from core.degradation.pairing import PairedSamples
from core.degradation.power import plan_sample_size
from core.degradation.report import VERDICT_TITLES, format_pvalue, to_json, verdict_sentence
from core.degradation.tables import aggregation_frame, flipped_items, units_frame
from core.text_safety import escape_markdown, neutral_csv, neutral_frame, safe_file_name

_BANNERS = {"degraded": st.error, "not_degraded": st.success, "inconclusive": st.warning}
_ICONS = {"degraded": "🔻", "not_degraded": "✅", "inconclusive": "❔"}


def _pvalue_text(p: float, log10_p: float) -> str:
    if p == 0.0 and math.isfinite(log10_p):
        return f"10^{log10_p:.0f}"
    return format_pvalue(p) if p >= 1e-5 else f"{p:.1e}"


def render_verdict(result: Comparison) -> None:
    """The banner with the verdict and the sentence, then the key figures."""
    _BANNERS[result.verdict](
        f"**{VERDICT_TITLES[result.verdict]}.** {escape_markdown(verdict_sentence(result))}",
        icon=_ICONS[result.verdict],
    )
    pooled = result.pooled
    what = "Accuracy" if pooled.binary else "Mean score"
    columns = st.columns(6)
    columns[0].metric(f"{what}, baseline", f"{pooled.accuracy_baseline:.2%}")
    columns[1].metric(
        f"{what}, candidate",
        f"{pooled.accuracy_candidate:.2%}",
        delta=f"{-pooled.delta * 100:+.2f} pts",
    )
    columns[2].metric(
        "Drop (95% CI)" if result.options.confidence_level == 0.95 else "Drop (CI)",
        f"{pooled.delta * 100:.2f} pts",
        help=f"Interval {pooled.ci_low * 100:.2f} to {pooled.ci_high * 100:.2f} points",
    )
    columns[2].caption(f"{pooled.ci_low * 100:.2f} to {pooled.ci_high * 100:.2f} points")
    columns[3].metric(
        "Flip rate",
        f"{pooled.flip_rate:.2%}",
        help="Share of questions answered differently: b worse, c better.",
    )
    columns[3].caption(f"{pooled.b:,} worse · {pooled.c:,} better")
    columns[4].metric(
        "Combined p",
        _pvalue_text(result.combined.pvalue, result.combined.log10_pvalue),
        help="3 × the smallest of the pooled, Max-Drop and Fisher p-values; degraded when ≤ alpha.",
    )
    columns[4].caption(
        f"alpha {result.options.alpha:g} · smallest: {result.combined.decisive_test.replace('_', '-')}"
    )
    mde = f"{result.mde * 100:.2f} pts" if math.isfinite(result.mde) else "none"
    columns[5].metric(
        "Detectable drop",
        mde,
        help="The smallest drop these data would detect with 80% power at the verdict's level (alpha/3).",
    )
    columns[5].caption(f"margin to rule out: {result.options.margin * 100:g} points")
    if result.route == "permutation":
        st.caption(
            f"Some scores are not 0/1, so pooled and Max-Drop use a sign-flip permutation test with "
            f"{result.options.n_resamples:,} draws (seed {result.options.seed}); its p-values cannot go below "
            f"{1 / (result.options.n_resamples + 1):.1e}."
        )


def render_evidence(result: Comparison) -> None:
    """Forest plot, per-benchmark table and the aggregation table."""
    st.altair_chart(forest_plot(result), width="stretch")
    table = units_frame(result)
    shown = pd.DataFrame(
        {
            "benchmark": table["unit"],
            "items": table["n"],
            "baseline": table["accuracy_baseline"] * 100,
            "candidate": table["accuracy_candidate"] * 100,
            "drop (pts)": table["delta"] * 100,
            f"{result.options.confidence_level:.0%} CI (pts)": [
                f"{low * 100:.2f} to {high * 100:.2f}".replace("-", "−")
                for low, high in zip(table["ci_low"], table["ci_high"])
            ],
            "b (worse)": table["b"],
            "c (better)": table["c"],
            "p": table["p_value"],
            "Holm p": table["p_value_holm"],
            "flag": table["flagged"].map({True: "⚠ worse", False: ""}),
        }
    )
    st.dataframe(
        neutral_frame(shown),  # the table's own CSV download must be neutral too
        hide_index=True,
        width="stretch",
        column_config={
            "baseline": st.column_config.NumberColumn(format="%.2f%%"),
            "candidate": st.column_config.NumberColumn(format="%.2f%%"),
            "drop (pts)": st.column_config.NumberColumn(format="%+.2f"),
            "p": st.column_config.NumberColumn(format="%.3g"),
            "Holm p": st.column_config.NumberColumn(format="%.3g"),
        },
    )
    st.caption(
        "b: questions the baseline got right and the candidate wrong; c: the reverse. p: exact one-sided "
        "McNemar test per benchmark; Holm p adjusts for testing many benchmarks. The table shows where "
        "the change happened; the verdict above comes from the combined test."
    )
    st.markdown("**How the verdict was reached**")
    aggregation = aggregation_frame(result)
    aggregation["p-value"] = [
        _pvalue_text(p, lp) for p, lp in zip(aggregation["p_value"], aggregation["log10_p_value"])
    ]
    st.dataframe(
        aggregation[["test", "p-value", "detail", "looks_for"]].rename(
            columns={"looks_for": "looks for"}
        ),
        hide_index=True,
        width="stretch",
    )


def render_pairing(paired: PairedSamples) -> None:
    """What was matched, what was not, and every warning."""
    report = paired.report
    st.markdown(
        f"**{report.matched:,}** questions paired · **{report.only_baseline:,}** only in the baseline · "
        f"**{report.only_candidate:,}** only in the candidate · **{report.duplicates:,}** duplicate rows "
        f"dropped · **{report.hash_mismatches:,}** left out because their content differs"
    )
    st.caption(
        escape_markdown(
            f"Baseline: {report.model_baseline or '(model not named)'} — {report.source_baseline} "
            f"({report.format_baseline}). Candidate: {report.model_candidate or '(model not named)'} — "
            f"{report.source_candidate} ({report.format_candidate})."
        )
    )
    for warning in report.warnings:
        st.warning(escape_markdown(warning), icon="⚠️")
    table = report.to_frame().rename(columns=lambda name: name.replace("_", " "))
    text_columns = table.select_dtypes(include=["object", "str"]).columns
    table[text_columns] = table[text_columns].fillna("—")  # no "None" cells for managers
    st.dataframe(neutral_frame(table), hide_index=True, width="stretch")


def render_drilldown(result: Comparison, paired: PairedSamples) -> None:
    """Flipped questions of one chosen benchmark, with text where the files have it."""
    units = [row.unit for row in sorted(result.units, key=lambda r: r.p_value)]
    unit = st.selectbox(
        "Benchmark", units, key="drilldown_unit", help="Sorted by p-value, most suspicious first."
    )
    flips = flipped_items(paired.items, unit, paired.details_baseline, paired.details_candidate)
    worse = int((flips["direction"] == "worse").sum())
    st.markdown(
        f"{len(flips):,} questions flipped in **{escape_markdown(unit)}**: {worse:,} got worse, {len(flips) - worse:,} got better."
    )
    if flips.empty:
        return
    if "prompt" not in flips:
        st.caption("These files carry no prompts or responses; only ids and scores are shown.")
    st.dataframe(neutral_frame(flips.head(2000)), hide_index=True, width="stretch")
    if len(flips) > 2000:
        st.caption(f"Showing the first 2,000 of {len(flips):,}; download the CSV for all.")
    st.download_button(
        "Download these flips (CSV)",
        neutral_csv(flips).encode(),
        file_name=f"flips_{safe_file_name(unit)}.csv",
        mime="text/csv",
        key="download_flips",
    )


@st.cache_data(max_entries=64, show_spinner=False)
def _planning_table(flip_rate: float, alpha: float, power: float) -> pd.DataFrame:
    return planning_table(flip_rate, alpha=alpha, power=power)


def render_planning(result: Comparison) -> None:
    """How many questions would detect a given drop at the observed flip rate."""
    pooled = result.pooled
    flip_rate = pooled.flip_rate if pooled.binary else max(pooled.flip_rate, 1e-6)
    left, right = st.columns(2)
    drop_points = left.number_input(
        "Drop to detect (points)",
        min_value=0.05,
        max_value=50.0,
        value=result.options.margin * 100,
        step=0.05,
        key="plan_drop",
    )
    power = right.slider(
        "Power", min_value=0.5, max_value=0.99, value=0.8, step=0.01, key="plan_power"
    )
    drop = drop_points / 100
    planning_rate = max(flip_rate, drop)
    plan = plan_sample_size(
        flip_rate=planning_rate, drop=drop, power=power, alpha=result.options.alpha, tests=3
    )
    needed = plan.n_items
    if math.isfinite(needed):
        st.markdown(
            f"To detect a **{drop_points:g}-point** drop with **{power:.0%}** power at a flip rate of "
            f"**{planning_rate:.2%}**, you need about **{math.ceil(needed):,} questions** "
            f"(you have {pooled.n:,})."
        )
    else:
        st.markdown("No number of questions reaches that power at this flip rate.")
    st.altair_chart(
        planning_curve(
            _planning_table(flip_rate, result.options.alpha, power),
            pooled.n,
            flip_rate=flip_rate,
            power=power,
        ),
        width="stretch",
    )
    st.caption(
        "Planned for the combined verdict (level alpha/3). More flips need more questions: the noise comes "
        "from questions that change their answer, not from the accuracy level."
    )


def render_downloads(result: Comparison, note: str) -> None:
    """Per-task CSV, the command's JSON, the HTML report and the chart as PNG."""
    columns = st.columns(4)
    columns[0].download_button(
        "Per-benchmark table (CSV)",
        neutral_csv(units_frame(result)).encode(),
        "per_benchmark.csv",
        "text/csv",
        key="download_csv",
    )
    columns[1].download_button(
        "Full result (JSON)",
        to_json(result).encode(),
        "comparison.json",
        "application/json",
        key="download_json",
    )
    columns[2].download_button(
        "Report (HTML)",
        lambda: build_html_report(result, note=note).encode(),
        "degradation_report.html",
        "text/html",
        key="download_html",
    )
    columns[3].download_button(
        "Chart (PNG)",
        lambda: chart_png(forest_plot(result)),
        "benchmarks.png",
        "image/png",
        key="download_png",
    )
