"""Rendering of a degradation comparison: verdict, evidence, drill-down, planning, downloads."""

from __future__ import annotations

import math
import weakref

import pandas as pd
import streamlit as st

from core.degradation.comparison import Comparison
from core.degradation.data.data_warnings import group_warnings
from core.degradation.data.pairing import PairedSamples
from core.degradation.present.charts import planning_table
from core.degradation.present.planning_text import (
    level_words,
    planning_caption,
    planning_sentence,
)
from core.degradation.present.tables import aggregation_frame, flipped_items, units_frame
from core.degradation.present.verdict_words import change, test_name, verdict_parts
from core.degradation.stats.verdict_plan import (
    observed_flip_rate,
    plan_verdict_questions,
    verdict_tests,
)
from core.formatting import margin_text, percent, plural, pvalue_tile
from core.text_safety import escape_markdown, neutral_csv, neutral_frame, safe_file_name
from ui.degradation.charts import show_forest_plot, show_planning_curve
from ui.degradation.explanations import render_explanations

_BANNERS = {"degraded": st.error, "not_degraded": st.success, "inconclusive": st.warning}
_ICONS = {"degraded": "🔻", "not_degraded": "✅", "inconclusive": "❔"}


def render_verdict(result: Comparison) -> None:
    """The banner with the verdict and its sentence, the data warnings, then the key figures."""
    title, body = verdict_parts(result)
    _BANNERS[result.verdict](
        f"**{escape_markdown(title)}:** {escape_markdown(body)}", icon=_ICONS[result.verdict]
    )
    render_warnings(result)
    options = result.options
    pooled = result.pooled
    what = "Accuracy" if pooled.binary else "Mean score"
    level = percent(options.confidence_level)
    word, size, low, high = change(pooled)
    label = {"fell": "Drop", "rose": "Rise"}.get(word, "Change")
    interval = f"{level} CI {low * 100:.2f} to {high * 100:.2f} points".replace("-", "−")
    columns = [*st.columns(3), *st.columns(3)]  # six in a row clip "33.33 pts" at 1280 px
    columns[0].metric(f"{what}, baseline", f"{pooled.accuracy_baseline:.2%}")
    columns[1].metric(
        f"{what}, candidate",
        f"{pooled.accuracy_candidate:.2%}",
        delta=f"{-pooled.delta * 100:+.2f} pts",
    )
    columns[2].metric(f"{label} ({level} CI)", f"{size * 100:.2f} pts", help=interval)
    columns[2].caption(interval)
    columns[3].metric(
        "Flip rate",
        f"{pooled.flip_rate:.2%}",
        help="Share of questions answered differently: b worse, c better.",
    )
    columns[3].caption(f"{pooled.b:,} worse · {pooled.c:,} better")
    combined = result.combined
    rule_help = (
        "How often the smallest of the pooled, Max-Drop and Fisher p-values would be this small "
        "if nothing had changed (calibrated min-p; never more than 3 × the smallest)"
        if combined.rule == "calibrated"
        else "3 × the smallest of the pooled, Max-Drop and Fisher p-values (the paper's rule)"
    )
    columns[4].metric(
        "Combined p",
        pvalue_tile(combined.pvalue, combined.log10_pvalue),
        help=f"{rule_help}; degraded when ≤ alpha.",
    )
    other = result.combined_paper if combined.rule == "calibrated" else result.combined_calibrated
    columns[4].caption(
        f"alpha {options.alpha:g} · {'calibrated' if combined.rule == 'calibrated' else 'paper'} "
        f"rule · the {'paper' if combined.rule == 'calibrated' else 'calibrated'} rule gives "
        f"{pvalue_tile(other.pvalue, other.log10_pvalue)}"
    )
    power = percent(options.power)
    if math.isfinite(result.mde):
        columns[5].metric(
            "Detectable drop",
            f"{result.mde * 100:.2f} pts",
            help=f"The smallest drop these data would detect with {power} power at the verdict's "
            f"level ({level_words(options.alternative)}).",
        )
    else:
        columns[5].metric(
            "Detectable drop",
            "not reachable",
            help=f"Too few questions: no drop, however large, would be detected with {power} power.",
        )
    columns[5].caption(f"margin to rule out: {margin_text(options.margin)}")
    if result.route == "permutation":
        st.caption(
            f"Some scores are not 0/1, so pooled and Max-Drop use a sign-flip permutation test with "
            f"{options.n_resamples:,} draws (seed {options.seed}); its p-values cannot go below "
            f"{1 / (options.n_resamples + 1):.1e}."
        )


def render_warnings(result: Comparison) -> None:
    """Data-quality warnings under the verdict: one box per kind with its count and lines."""
    for group in group_warnings(result.pairing.warnings):
        st.warning(escape_markdown(group.summary), icon="⚠️")
        with st.expander(f"Details: {group.title.lower()}"):
            st.markdown("\n".join(f"- {escape_markdown(message)}" for message in group.messages))


def render_evidence(result: Comparison) -> None:
    """Forest plot, per-benchmark table and the aggregation table."""
    show_forest_plot(result)
    table = units_frame(result)
    shown = pd.DataFrame(
        {
            "benchmark": table["unit"],
            "items": table["n"],
            "baseline": table["accuracy_baseline"] * 100,
            "candidate": table["accuracy_candidate"] * 100,
            "drop (pts)": table["delta"] * 100,
            f"{percent(result.options.confidence_level)} CI (pts)": [
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
        # pixel widths: every column, Holm p included, fits the page at a 1280-px window
        column_config={
            "benchmark": st.column_config.TextColumn(width=164),
            "items": st.column_config.NumberColumn(format="localized", width=56),
            "baseline": st.column_config.NumberColumn(format="%.2f%%", width=62),
            "candidate": st.column_config.NumberColumn(format="%.2f%%", width=72),
            "drop (pts)": st.column_config.NumberColumn(format="%+.2f", width=72),
            f"{percent(result.options.confidence_level)} CI (pts)": (
                st.column_config.TextColumn(width=106)
            ),
            # counts with thousands separators (25,282), as everywhere else
            "b (worse)": st.column_config.NumberColumn(format="localized", width=62),
            "c (better)": st.column_config.NumberColumn(format="localized", width=66),
            "p": st.column_config.NumberColumn(format="%.3g", width=50),
            "Holm p": st.column_config.NumberColumn(format="%.3g", width=56),
            "flag": st.column_config.TextColumn(width=54),
        },
    )
    st.caption(
        "b: questions the baseline got right and the candidate wrong; c: the reverse. p: "
        f"{test_name(result)} per benchmark; Holm p adjusts for testing many benchmarks. A negative "
        "drop is a rise; CI is the interval of the drop. The table shows where the change "
        "happened; the verdict above comes from "
        "the combined test."
    )
    st.markdown("**How the verdict was reached**")
    aggregation = aggregation_frame(result)
    aggregation["p-value"] = [
        pvalue_tile(p, lp) for p, lp in zip(aggregation["p_value"], aggregation["log10_p_value"])
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
        f"**{report.matched:,}** question{'' if report.matched == 1 else 's'} paired · "
        f"**{report.only_baseline:,}** only in the baseline · "
        f"**{report.only_candidate:,}** only in the candidate · **{report.duplicates:,}** duplicate "
        f"row{'' if report.duplicates == 1 else 's'} "
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
    units = [row.unit for row in sorted(result.units, key=lambda r: r.pvalue)]
    unit = st.selectbox(
        "Benchmark", units, key="drilldown_unit", help="Sorted by p-value, most suspicious first."
    )
    flips, flips_csv = flipped_table(paired, unit)
    worse = int((flips["direction"] == "worse").sum())
    st.markdown(
        f"{plural(len(flips), 'question')} flipped in **{escape_markdown(unit)}**: {worse:,} got worse, "
        f"{len(flips) - worse:,} got better."
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
        flips_csv,
        file_name=f"flips_{safe_file_name(unit)}.csv",
        mime="text/csv",
        key="download_flips",
    )


#: id(paired) -> (weak reference to it, {unit: (flipped questions, their CSV bytes)}).
_FLIPS: dict[int, tuple[weakref.ref, dict]] = {}


def flipped_table(paired: PairedSamples, unit: str) -> tuple[pd.DataFrame, bytes]:
    """The flipped questions of ``unit`` and their CSV, built once per pairing and unit.

    Pairings are cached and shared (never mutated), so the table is remembered per pairing
    object, held weakly (it goes when the pairing leaves the caches); widget changes that
    keep the pairing do not rebuild it. The frame is shared too: never modify it.
    """
    key = id(paired)
    entry = _FLIPS.get(key)
    if entry is None or entry[0]() is not paired:
        entry = (weakref.ref(paired, lambda _, k=key: _FLIPS.pop(k, None)), {})
        _FLIPS[key] = entry
    frames = entry[1]
    if unit not in frames:
        flips = flipped_items(paired.items, unit, paired.details_baseline, paired.details_candidate)
        frames[unit] = (flips, neutral_csv(flips).encode())
    return frames[unit]


@st.cache_data(max_entries=64, show_spinner=False)
def _plan(flip_rate: float, drop: float, power: float, alpha: float, alternative: str):
    return plan_verdict_questions(flip_rate, drop, power, alpha, alternative)


@st.cache_data(max_entries=64, show_spinner=False)
def _planning_table(flip_rate: float, alpha: float, power: float, tests: int = 3) -> pd.DataFrame:
    return planning_table(flip_rate, alpha=alpha, power=power, tests=tests)


def render_planning(result: Comparison) -> None:
    """How many questions would detect a given drop at the observed flip rate."""
    pooled = result.pooled
    flip_rate = observed_flip_rate(pooled.flip_rate, pooled.binary)
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
        "Power",
        min_value=0.5,
        max_value=0.99,
        value=float(result.options.power),
        step=0.01,
        key="plan_power",
    )
    options = result.options
    plan = _plan(flip_rate, drop_points / 100, power, options.alpha, options.alternative)
    st.markdown(planning_sentence(drop_points, plan, pooled.n))
    show_planning_curve(
        _planning_table(flip_rate, options.alpha, power, verdict_tests(options.alternative)),
        pooled.n,
        flip_rate,
        power,
    )
    st.caption(planning_caption(options.alternative))


def render_comparison(result: Comparison, paired: PairedSamples, render_downloads) -> None:
    """The verdict, its explanations, then the Benchmarks, Pairing, Flipped questions,
    Planning and Downloads tabs; ``render_downloads()`` fills the last one."""
    render_verdict(result)
    render_explanations(result.options)
    evidence, pairing, flips, planning, downloads = st.tabs(
        ["Benchmarks", "Pairing", "Flipped questions", "Planning", "Downloads"]
    )
    with evidence:
        render_evidence(result)
    with pairing:
        render_pairing(paired)
    with flips:
        render_drilldown(result, paired)
    with planning:
        render_planning(result)
    with downloads:
        render_downloads()
