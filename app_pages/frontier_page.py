"""Capability boundary: compute budget in, attainable score out, with its history."""

import streamlit as st

from core.errors import InputError
from core.frontier.data.mapping import display_names
from core.frontier.present.results import BenchmarkBoundary
from core.text_safety import escape_markdown
from ui.frontier import fit_options as fit_options
from ui.frontier import new_models as new_models
from ui.frontier import periods_view as periods_view
from ui.frontier import planning_view as planning
from ui.frontier import view as view
from ui.frontier.loading import (
    cached_prepare,
    digest,
    period_scheme,
    read_frame,
    sample_bytes,
)
from ui.frontier.mapping import describe, render_mapping, table_identity, table_widget_key
from ui.frontier.progress import with_progress

# The page's tabs, in order. This is the ONE place to add tabs (issue 7 appends
# "Saturation", "Contamination probe" and "Evaluation budget" here, and a matching
# `elif label == ...` branch in the loop at the bottom). Tabs run lazily: only the open one.
TABS = ["Boundary", "Calculator", "Over time", "Downloads"]
TABS += ["Saturation", "Contamination probe", "Evaluation budget"]
SAMPLE_NOTE = (
    "Sample data: Open LLM Leaderboard v2 (final table, uploads up to 2025-03) with pre-training "
    "tokens per base model; scraped by fboulnois/llm-leaderboard-csv, MPL-2.0; tokens from "
    "Zhang et al., arXiv 2602.15327."
)

st.title("What can this compute buy?")
INTRO = (
    "For each benchmark: the boundary of what models of a given pre-training compute reach, "
    "its value at your budget, and whether it has been moving."
)

with st.sidebar:
    st.header("Options")
    tau = st.select_slider(
        "Boundary level (τ)",
        [0.5, 0.75, 0.9, 0.95, 0.98, 0.99],
        0.98,
        key="tau",
        help="0.98: the score only the best 2% of models of a given "
        "compute exceed (the paper's choice).",
    )
    periods_kind = st.radio(
        "Periods",
        ["Calendar quarters", "Custom cut dates", "The paper's OLL periods"],
        key="periods_kind",
    )
    cuts_text = ""
    if periods_kind == "Custom cut dates":
        cuts_text = st.text_input(
            "Cut dates (a new period starts on each)",
            "2024-07-01, 2024-10-01, 2025-01-01",
            key="cuts",
        )
    cumulative = st.checkbox("Fit on all earlier periods (cumulative)", key="cumulative")
    show_baselines = st.checkbox("Show baseline curves", key="show_baselines")
    extra_taus = st.multiselect(
        "More boundary levels on the chart",
        [0.5, 0.75, 0.9, 0.95, 0.99],
        key="extra_taus",
        help="Fitted together with τ and sorted at each compute, so the curves never cross.",
    )
    keep_duplicates = st.checkbox(
        "Keep every row of a repeated model name",
        key="keep_duplicates",
        help="By default a model listed twice counts once: its first usable row is kept.",
    )
    n_boot = st.select_slider(
        "Band resamples",
        [20, 40, 100, 200],
        20,
        key="n_boot",
        help="More resamples: a steadier band, a slower page.",
    )
    fit_settings = fit_options.render_fit_options(tau)

upload = st.file_uploader(
    "Model table (CSV or Parquet, one row per model)",
    type=["csv", "tsv", "parquet"],
    key="frontier_table",
)
if upload is None:
    name, data, note = "oll_v2_with_tokens_reconstructed.csv", sample_bytes(), SAMPLE_NOTE
    source = "sample"
    st.info(
        f"**You are looking at the bundled sample.** {note} Upload your own table above.", icon="🧪"
    )
else:
    name, data, note = upload.name, upload.getvalue(), f"Table: {upload.name}"
    source = f"upload {upload.file_id}"
st.caption(f"{INTRO} {note}")
try:
    key = digest(data)
    # Widgets that belong to this table are keyed by its identity, upload included, so that a
    # new upload never reuses the previous table's widget state (issue 11; ui/frontier_mapping).
    identity = table_identity(key, name, source)
    frame = read_frame(key, name, data)
    mapping = render_mapping(frame, key, identity)
    st.caption(describe(mapping))
    prepared = cached_prepare(key, mapping, frame, "all" if keep_duplicates else "first")
except InputError as error:
    st.error(f"**This table cannot be used.** {escape_markdown(error)}.", icon="🚫")
    st.stop()

view.render_data_notes(prepared)
if not prepared.tables:
    st.info("No benchmark can be fitted yet; choose score columns under Columns.", icon="⬆️")
    st.stop()
names = display_names([t.score_column for t in prepared.tables], name)
benchmarks_key = table_widget_key("benchmarks", identity)
focus_key = table_widget_key("focus", identity)
if st.session_state.get("frontier_names") != (identity, names):
    # A new table or new score columns: offer every benchmark again, focus on the first.
    # The state is set, not deleted, so that the browser shows (and sends back) the new values.
    st.session_state[benchmarks_key] = names
    st.session_state[focus_key] = names[0]
# Written back on every run so that the browser always shows the current choice (see
# ui/frontier/mapping.py); restored from the saved copy if Streamlit dropped the key.
saved = st.session_state.get("frontier_saved", {})
st.session_state[benchmarks_key] = [
    n for n in st.session_state.get(benchmarks_key, saved.get(benchmarks_key, names)) if n in names
]
chosen = st.sidebar.multiselect("Benchmarks", names, key=benchmarks_key) or names
focus_now = st.session_state.get(focus_key, saved.get(focus_key))
st.session_state[focus_key] = focus_now if focus_now in chosen else chosen[0]
focus_name = st.selectbox("Benchmark", chosen, key=focus_key)
st.session_state["frontier_names"] = (identity, names)  # after the widgets: see render_mapping
st.session_state["frontier_saved"] = {benchmarks_key: list(chosen), focus_key: focus_name}
spec = (
    ("cuts", tuple(c.strip() for c in cuts_text.split(",") if c.strip()))
    if cuts_text
    else (("paper", ()) if periods_kind.startswith("The paper") else ("quarters", ()))
)
dates = next((t.date for t in prepared.tables if t.date is not None), None)
try:
    scheme, period_error = period_scheme(spec, dates), ""
except ValueError as error:
    scheme, period_error = None, f"**Cut dates not usable.** {error}."

fits = {
    n: fit_options.fit_for(t, fit_settings) for n, t in zip(names, prepared.tables) if n in chosen
}
results = [
    BenchmarkBoundary(n, t, fits[n][0], periods=scheme)
    for n, t in zip(names, prepared.tables)
    if n in chosen
]
focus = next(r for r in results if r.name == focus_name)


for label, tab in zip(TABS, st.tabs(TABS, key="frontier_tab", on_change="rerun")):
    if not tab.open:
        continue
    with tab, view.data_problems_as_messages():
        if label in ("Boundary", "Calculator", "Downloads"):
            focus = fit_options.with_band(focus, n_boot, fit_settings)
            if show_baselines:
                focus = view.with_baselines(focus)
        if label in ("Over time", "Downloads") and scheme is not None:
            mode = "cumulative" if cumulative else "single"
            text = "Backtesting the boundaries period by period: {done} of {total} benchmarks"
            results = [view.with_backtest(r, spec, mode) for r in with_progress(results, text)]
            focus = view.with_backtest(focus, spec, mode)
        if period_error and label in ("Boundary", "Over time"):
            st.error(period_error, icon="📅")
        if label == "Boundary":
            view.render_boundary(focus, results, show_baselines, view.levels(focus, extra_taus))
            fit_options.render_settings_caption(
                focus.fit, fits[focus.name][1], fit_settings.lambda_b is None
            )
            new_models.render_new_models(focus)
        elif label == "Calculator":
            view.render_calculator(focus, results)
        elif label == "Over time":
            view.render_history(focus, results, tau)
            periods_view.render_period_boundaries(focus, results, scheme, fit_settings)
        elif label == "Downloads":
            shown = [focus if r.name == focus.name else r for r in results]
            view.render_downloads(
                focus,
                shown,
                note,
                st.session_state.get("calc_flops", "1e24"),
                st.session_state.get("calc_target", 0.70),
                [planning.saturation_section(results), *planning.remembered_sections(key)],
            )
        elif label == "Saturation":
            planning.render_saturation(frame, key, mapping, results, tau)
        elif label == "Contamination probe":
            planning.render_contamination(frame, key, mapping)
        elif label == "Evaluation budget":
            planning.render_budget(frame, key, mapping, tau, spec)
