"""Layout of the frontier page: the sidebar's options, the table (sample or upload), the
benchmark choice and the tabs. ``app_pages/frontier_page.py`` calls these in order."""

from __future__ import annotations

from dataclasses import dataclass, replace

import streamlit as st

from core.errors import InputError
from core.frontier.data.mapping import display_names
from core.frontier.present.results import BenchmarkBoundary
from core.text_safety import escape_markdown
from ui.frontier import budget_view, fit_options, new_models, periods_view, view
from ui.frontier import planning_view as planning
from ui.frontier.loading import cached_prepare, digest, period_scheme, read_frame, sample_bytes
from ui.frontier.mapping import describe, render_mapping, table_identity, table_widget_key
from ui.frontier.progress import with_progress

# The page's tabs, in order. This is the ONE place to add tabs (with a matching
# `elif label == ...` branch in render_tabs). Tabs run lazily: only the open one, and
# KEPT_DRAWN, which runs on every run.
TABS = ["Boundary", "Calculator", "Over time", "Downloads"]
TABS += ["Saturation", "Contamination probe", "Evaluation budget"]
# The Boundary tab's 7 charts (~25,000 points) take the browser 0.5 s to draw from scratch.
# Run on every run, its elements stay in the page while another tab is open, and with the
# style below its hidden panel keeps its width (Streamlit hides a tab with display: none,
# its charts then measure a width of 0 and Streamlit discards their Vega views), so its
# charts stay drawn and going back to it only shows them (issue 13).
KEPT_DRAWN = "Boundary"
KEEP_DRAWN_STYLE = """<style>
.st-key-frontier_tab [data-testid="stTabPanel"][data-st-inactive] {
  display: block !important; visibility: hidden; height: 0; overflow: hidden; padding: 0;
}
</style>"""
SAMPLE_NOTE = (
    "Sample data: Open LLM Leaderboard v2 (final table, uploads up to 2025-03) with pre-training "
    "tokens per base model; scraped by fboulnois/llm-leaderboard-csv, MPL-2.0; tokens from "
    "Zhang et al., arXiv 2602.15327."
)
INTRO = (
    "For each benchmark: the boundary of what models of a given pre-training compute reach, "
    "its value at your budget, and whether it has been moving."
)


@dataclass(frozen=True)
class PageOptions:
    """The sidebar's choices."""

    tau: float
    periods_kind: str
    cuts_text: str
    cumulative: bool
    show_baselines: bool
    extra_taus: list
    keep_duplicates: bool
    n_boot: int
    fit_settings: object

    def at_tau(self, tau: float) -> PageOptions:
        """These options at boundary level ``tau`` (chosen above the chart, in the fragment)."""
        return replace(self, tau=tau, fit_settings=replace(self.fit_settings, tau=tau))

    @property
    def spec(self) -> tuple:
        """The period choice as the cached loaders take it: (kind, cut dates)."""
        if self.cuts_text:
            return ("cuts", tuple(c.strip() for c in self.cuts_text.split(",") if c.strip()))
        return ("paper", ()) if self.periods_kind.startswith("The paper") else ("quarters", ())


def render_sidebar_options() -> PageOptions:
    """The sidebar's Options: periods, display and fit settings (the boundary level τ is
    chosen above the chart: :func:`choose_tau`)."""
    with st.sidebar:
        st.header("Options")
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
        fit_settings = fit_options.render_fit_options()
    return PageOptions(
        fit_settings.tau,
        periods_kind,
        cuts_text,
        cumulative,
        show_baselines,
        extra_taus,
        keep_duplicates,
        n_boot,
        fit_settings,
    )


@dataclass(frozen=True)
class LoadedTable:
    """The table shown: its name, content key, identity, frame, mapping and prepared fits."""

    name: str
    note: str
    key: str
    identity: str
    frame: object
    mapping: object
    prepared: object


def render_table_input(keep_duplicates: bool) -> LoadedTable:
    """The uploader (or the bundled sample), the column mapping and the prepared tables.

    Stops the page with one clear line when the table cannot be used.
    """
    upload = st.file_uploader(
        "Model table (CSV or Parquet, one row per model)",
        type=["csv", "tsv", "parquet"],
        key="frontier_table",
    )
    if upload is None:
        name, data, note = "oll_v2_with_tokens_reconstructed.csv", sample_bytes(), SAMPLE_NOTE
        source = "sample"
        st.info(
            f"**You are looking at the bundled sample.** {note} Upload your own table above.",
            icon="🧪",
        )
    else:
        name, data, note = upload.name, upload.getvalue(), f"Table: {upload.name}"
        source = f"upload {upload.file_id}"
    st.caption(f"{INTRO} {note}")
    try:
        key = digest(data)
        # Widgets that belong to this table are keyed by its identity, upload included, so
        # that a new upload never reuses the previous table's widget state (issue 11).
        identity = table_identity(key, name, source)
        frame = read_frame(key, name, data)
        mapping = render_mapping(frame, key, identity)
        st.caption(describe(mapping))
        prepared = cached_prepare(key, mapping, frame, "all" if keep_duplicates else "first")
    except InputError as error:
        st.error(f"**This table cannot be used.** {escape_markdown(error)}.", icon="🚫")
        st.stop()
    return LoadedTable(name, note, key, identity, frame, mapping, prepared)


def choose_shown_benchmarks(table: LoadedTable) -> tuple[list[str], list[str]]:
    """All benchmark names and the chosen ones (the sidebar's Benchmarks)."""
    names = display_names([t.score_column for t in table.prepared.tables], table.name)
    benchmarks_key = table_widget_key("benchmarks", table.identity)
    focus_key = table_widget_key("focus", table.identity)
    if st.session_state.get("frontier_names") != (table.identity, names):
        # A new table or new score columns: offer every benchmark again, focus on the first.
        # The state is set, not deleted, so that the browser shows (and sends back) the new values.
        st.session_state[benchmarks_key] = names
        st.session_state[focus_key] = names[0]
    # Written back on every run so that the browser always shows the current choice (see
    # ui/frontier/mapping.py); restored from the saved copy if Streamlit dropped the key.
    saved = st.session_state.get("frontier_saved", {})
    remembered = st.session_state.get(benchmarks_key, saved.get(benchmarks_key, names))
    st.session_state[benchmarks_key] = [n for n in remembered if n in names]
    chosen = st.sidebar.multiselect("Benchmarks", names, key=benchmarks_key) or names
    return names, chosen


def choose_focus(table: LoadedTable, names: list[str], chosen: list[str]) -> str:
    """The benchmark in focus (main area), one of ``chosen``."""
    benchmarks_key = table_widget_key("benchmarks", table.identity)
    focus_key = table_widget_key("focus", table.identity)
    saved = st.session_state.get("frontier_saved", {})
    focus_now = st.session_state.get(focus_key, saved.get(focus_key))
    st.session_state[focus_key] = focus_now if focus_now in chosen else chosen[0]
    focus_name = st.selectbox("Benchmark", chosen, key=focus_key)
    st.session_state["frontier_names"] = (table.identity, names)  # after the widgets
    st.session_state["frontier_saved"] = {benchmarks_key: list(chosen), focus_key: focus_name}
    return focus_name


def choose_tau() -> float:
    """The boundary level τ, next to the benchmark in focus.

    It is inside the fragment with the charts and tabs it changes, so that a new τ reruns
    only them: not the sidebar, the table and its column mapping, which the browser would
    otherwise draw again (about 0.15 s of a τ change).
    """
    return st.select_slider(
        "Boundary level (τ)",
        list(fit_options.TAU_CHOICES),
        0.98,
        key="tau",
        help="0.98: the score only the best 2% of models of a given "
        "compute exceed (the paper's choice).",
    )


def fitted_results(table: LoadedTable, options: PageOptions, names, chosen):
    """Fits of the chosen benchmarks, their results, and the periods (or why not)."""
    dates = next((t.date for t in table.prepared.tables if t.date is not None), None)
    try:
        scheme, period_error = period_scheme(options.spec, dates), ""
    except ValueError as error:
        scheme, period_error = None, f"**Cut dates not usable.** {error}."
    fits = {
        n: fit_options.fit_for(t, options.fit_settings)
        for n, t in zip(names, table.prepared.tables)
        if n in chosen
    }
    results = [
        BenchmarkBoundary(n, t, fits[n][0], periods=scheme)
        for n, t in zip(names, table.prepared.tables)
        if n in chosen
    ]
    return fits, results, scheme, period_error


@st.fragment
def render_focus_and_tabs(table: LoadedTable, options: PageOptions, names, chosen) -> None:
    """The benchmark in focus, the fits and the open tab: a fragment.

    A change made in here (the benchmark in focus, τ, a tab, the Calculator's inputs, a
    download) reruns only this part, not the sidebar, the table and its column mapping;
    a change of those (options, benchmarks, upload) reruns the whole page, which runs
    this again with the new arguments.
    """
    benchmark_column, level_column = st.columns(2)
    with benchmark_column:
        focus_name = choose_focus(table, names, chosen)
    with level_column:
        options = options.at_tau(choose_tau())
    fits, results, scheme, period_error = fitted_results(table, options, names, chosen)
    focus = next(r for r in results if r.name == focus_name)
    render_tabs(table, options, fits, results, focus, scheme, period_error)


def render_boundary_tab(options: PageOptions, fits, results, focus, error) -> None:
    """The Boundary tab: the benchmark in focus (with its band), then every benchmark.

    The parts below the chart in focus are drawn first, into their place, and the band is
    bootstrapped after them: the browser draws the small multiples while the server is
    still bootstrapping, instead of after it (the band of a new benchmark/τ pair takes
    0.1-0.2 s). What the tab shows, and in which order, is unchanged.
    """
    o = options
    if error:
        st.error(error, icon="📅")
    top, below = st.container(), st.container()
    with below:
        view.render_small_multiples(results)
        fit_options.render_settings_caption(
            focus.fit, fits[focus.name][1], o.fit_settings.lambda_b is None
        )
        new_models.render_new_models(focus)
    with top:
        focus = fit_options.with_band(focus, o.n_boot, o.fit_settings)
        if o.show_baselines:
            focus = view.with_baselines(focus)
        view.render_focus_boundary(focus, o.show_baselines, view.levels(focus, o.extra_taus))


def render_tabs(table: LoadedTable, options: PageOptions, fits, results, focus, scheme, error):
    """The page's tabs; only the open one runs, and the Boundary tab (see KEPT_DRAWN)."""
    o, spec, key = options, options.spec, table.key
    st.html(KEEP_DRAWN_STYLE)
    for label, tab in zip(TABS, st.tabs(TABS, key="frontier_tab", on_change="rerun")):
        if not tab.open and label != KEPT_DRAWN:
            continue
        with tab, view.data_problems_as_messages():
            if label == "Boundary":
                render_boundary_tab(options, fits, results, focus, error)
                continue
            if label in ("Calculator", "Downloads"):
                focus = fit_options.with_band(focus, o.n_boot, o.fit_settings)
                if o.show_baselines:
                    focus = view.with_baselines(focus)
            if label in ("Over time", "Downloads") and scheme is not None:
                mode = "cumulative" if o.cumulative else "single"
                text = "Backtesting the boundaries period by period: {done} of {total} benchmarks"
                results = [view.with_backtest(r, spec, mode) for r in with_progress(results, text)]
                focus = view.with_backtest(focus, spec, mode)
            if error and label == "Over time":
                st.error(error, icon="📅")
            if label == "Calculator":
                view.render_calculator(focus, results)
            elif label == "Over time":
                view.render_history(focus, results, o.tau)
                periods_view.render_period_boundaries(focus, results, scheme, o.fit_settings)
            elif label == "Downloads":
                shown = [focus if r.name == focus.name else r for r in results]
                view.render_downloads(
                    focus,
                    shown,
                    table.note,
                    st.session_state.get("calc_flops", "1e24"),
                    st.session_state.get("calc_target", 0.70),
                    [planning.saturation_section(results), *planning.remembered_sections(key)],
                )
            elif label == "Saturation":
                planning.render_saturation(table.frame, key, table.mapping, results, o.tau)
            elif label == "Contamination probe":
                planning.render_contamination(table.frame, key, table.mapping)
            elif label == "Evaluation budget":
                budget_view.render_budget(table.frame, key, table.mapping, o.tau, spec)
