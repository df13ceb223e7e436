"""Over-time tab: one boundary per period, as a table and as overlaid curves.

The paper's central finding is that the math boundary advances every period while the
others stay put; this view shows each period's own boundary at the calculator's compute
for every benchmark, and the focus benchmark's period curves over its models.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from core.frontier.boundary.fit_settings import FitSettings
from core.frontier.history.period_boundaries import PeriodBoundaries, period_boundaries
from core.frontier.history.periods import PeriodScheme
from core.frontier.present.results import BenchmarkBoundary
from core.frontier.present.sentences import format_flops, parse_flops
from ui.frontier.chart_cache import show_chart
from ui.frontier.progress import with_progress


@st.cache_data(max_entries=48, show_spinner="Fitting one boundary per period…")
def _cached_periods(
    z, y, dates, _scheme: PeriodScheme, scheme_key, flops, task, tau, kappa, lambda_b, method, start
) -> PeriodBoundaries:
    settings = FitSettings(tau=tau, kappa=kappa, lambda_b=lambda_b, method=method)
    return period_boundaries(
        z, y, dates, _scheme, [flops], task=task, settings=settings, start=start
    )


def boundaries_by_period(
    result: BenchmarkBoundary, scheme: PeriodScheme, flops: float, settings: FitSettings
) -> PeriodBoundaries | None:
    """Per-period boundaries of one benchmark (None without dates)."""
    t = result.table
    if t.date is None:
        return None
    return _cached_periods(
        t.log10_flops,
        t.score,
        t.date,
        scheme,
        scheme.labels,
        flops,
        result.name,
        settings.tau,
        settings.kappa,
        settings.lambda_b,
        settings.method,
        result.fit,  # warm start of each period's fit
    )


def periods_table(per_benchmark: dict[str, PeriodBoundaries]) -> pd.DataFrame:
    """Benchmarks as rows, periods as columns: each period's boundary at the compute."""
    rows = []
    for name, result in per_benchmark.items():
        row = {"benchmark": name}
        for p in result.periods:
            row[p.label] = p.scores[0]
        row["change, first to last"] = result.change()
        rows.append(row)
    return pd.DataFrame(rows)


def periods_chart(result: BenchmarkBoundary, periods: PeriodBoundaries) -> alt.LayerChart:
    """Each period's boundary over its own compute range, with the models behind it."""
    curves = []
    for p in periods.periods:
        if p.fit is None:
            continue
        z = np.linspace(p.fit.log10_flops_min, p.fit.log10_flops_max, 100)
        curves.append(
            pd.DataFrame({"log10_flops": z, "boundary": p.fit.predict(z), "period": p.label})
        )
    data = (
        pd.concat(curves, ignore_index=True)
        if curves
        else pd.DataFrame(columns=["log10_flops", "boundary", "period"])
    )
    order = [p.label for p in periods.periods if p.fit is not None]
    color = alt.Color("period:N", sort=order, legend=alt.Legend(title="Period", orient="bottom"))
    x = alt.X(
        "log10_flops:Q", title="Pre-training compute (log10 FLOPs)", scale=alt.Scale(zero=False)
    )
    lines = (
        alt.Chart(data)
        .mark_line(strokeWidth=2.5)
        .encode(
            x=x,
            y=alt.Y("boundary:Q", title=f"{result.name} score", scale=alt.Scale(domain=[0, 1])),
            color=color,
            tooltip=["period:N", alt.Tooltip("boundary:Q", format=".3f")],
        )
    )
    return lines.properties(
        title=f"{result.name}: one boundary per period (τ = {periods.tau:g})", height=380
    )


def render_period_boundaries(
    focus: BenchmarkBoundary, results, scheme: PeriodScheme | None, settings: FitSettings
) -> None:
    """The per-period section of the Over-time tab."""
    if scheme is None:
        return
    try:
        flops = parse_flops(str(st.session_state.get("calc_flops", "1e24")))
    except ValueError:
        flops = 1e24
    per = {}
    for r in with_progress(
        results, "Fitting one boundary per period: {done} of {total} benchmarks"
    ):
        found = boundaries_by_period(r, scheme, flops, settings)
        if found is not None:
            per[r.name] = found
    if not per:
        return
    st.markdown(f"**Boundary per period at {format_flops(flops)} FLOPs**")
    table = periods_table(per)
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={c: st.column_config.NumberColumn(format="%.3f") for c in table.columns[1:-1]}
        | {"change, first to last": st.column_config.NumberColumn(format="%+.3f")},
    )
    notes = [f"{name} {p.label}: {p.note}" for name, r in per.items() for p in r.periods if p.note]
    st.caption(
        "Each period's boundary is fitted on that period's models alone and read at the "
        "Calculator's compute (change it there), with the estimator chosen under Advanced: "
        "fit settings (the backtest above always uses the paper's). A boundary that rises "
        "from period to period is advancing."
        + (" No boundary for: " + "; ".join(notes) + "." if notes else "")
    )
    if focus.name in per:
        show_chart(
            lambda: periods_chart(focus, per[focus.name]),
            (focus, per[focus.name]),
            width="stretch",
            key="chart_period_boundaries",
            alt=f"{focus.name} boundaries fitted on each period, overlaid.",
        )
