"""Boundary tab: upload new models and see whether each sits above or below the boundary.

This is how the paper checks its newly evaluated Proteus-2k fine-tunes against the
leaderboard boundaries: each new model is read against the boundary at its own compute;
the margin says by how much it is above or below, and the share above is compared with
the 1 - tau the boundary leaves above it.
"""

from __future__ import annotations

import html

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from core.errors import InputError
from core.formatting import format_flops
from core.frontier.boundary.position import PositionReport, position_models
from core.frontier.data.mapping import read_table_bytes
from core.frontier.data.table import load_boundary_tables
from core.frontier.present.results import BenchmarkBoundary


def positions_frame(report: PositionReport) -> pd.DataFrame:
    """One row per new model, largest margin first (full precision)."""
    rows = [
        {
            "model": p.model,
            "compute (FLOPs)": format_flops(10.0**p.log10_flops),
            "log10_flops": p.log10_flops,
            "score": p.score,
            "boundary": p.boundary,
            "margin": p.margin,
            "position": "above" if p.above else "below",
            "outside the fit's compute": p.extrapolated,
        }
        for p in report.positions
    ]
    frame = pd.DataFrame(rows)
    return frame.sort_values("margin", ascending=False, ignore_index=True) if rows else frame


def positions_chart(focus: BenchmarkBoundary, frame: pd.DataFrame) -> alt.LayerChart:
    """The boundary over the fit's and the new models' compute, with the new models marked."""
    fit = focus.fit
    lo = min(fit.log10_flops_min, frame["log10_flops"].min())
    hi = max(fit.log10_flops_max, frame["log10_flops"].max())
    z = np.linspace(lo, hi, 200)
    curve = pd.DataFrame({"log10_flops": z, "boundary": fit.predict(z)})
    x = alt.X(
        "log10_flops:Q", title="Pre-training compute (log10 FLOPs)", scale=alt.Scale(zero=False)
    )
    line = (
        alt.Chart(curve)
        .mark_line(color="#c0392b", strokeWidth=2.5)
        .encode(
            x=x, y=alt.Y("boundary:Q", title=f"{focus.name} score", scale=alt.Scale(domain=[0, 1]))
        )
    )
    points = (
        alt.Chart(frame)
        .mark_point(filled=True, size=70, shape="diamond")
        .encode(
            x=x,
            y="score:Q",
            color=alt.Color(
                "position:N",
                scale=alt.Scale(domain=["above", "below"], range=["#e67e22", "#2c7fb8"]),
                legend=alt.Legend(title="New model", orient="bottom"),
            ),
            tooltip=[
                "model:N",
                "compute (FLOPs):N",
                alt.Tooltip("score:Q", format=".3f"),
                alt.Tooltip("boundary:Q", format=".3f"),
                alt.Tooltip("margin:Q", format="+.3f"),
            ],
        )
    )
    return alt.layer(line, points).properties(
        title=f"New models against the {focus.name} boundary (τ = {fit.tau:g})", height=380
    )


def render_new_models(focus: BenchmarkBoundary) -> None:
    """Second upload ("new models") and their positions against the boundary in focus."""
    st.markdown("**Place new models against this boundary**")
    upload = st.file_uploader(
        "New models (CSV or Parquet: model name, compute, a score column)",
        type=["csv", "tsv", "parquet"],
        key="frontier_new_models",
    )
    if upload is None:
        st.caption(
            "Upload models evaluated later or elsewhere to see which beat the boundary at "
            "their compute — the paper's check of its new fine-tunes."
        )
        return
    try:
        frame = read_table_bytes(upload.name, upload.getvalue())
        numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]
        if not numeric:
            raise InputError(f"{upload.name}: no numeric column to read scores from")
        wanted = focus.table.score_column
        column = st.selectbox(
            f"Score column of the new models for {focus.name}",
            numeric,
            index=numeric.index(wanted) if wanted in numeric else 0,
            key="new_models_score",
        )
        (table,) = load_boundary_tables(frame, [column])
    except InputError as error:
        message = html.escape(str(error).replace("<DataFrame>", upload.name), quote=False)
        st.error(f"**The new-models table cannot be used.** {message}.", icon="🚫")
        return
    report = position_models(focus.fit, focus.name, table.model, table.log10_flops, table.score)
    st.markdown(html.escape(report.sentence(), quote=False))
    if table.n_dropped:
        reasons = ", ".join(f"{k}: {v:,}" for k, v in table.dropped.items() if v)
        name = html.escape(upload.name, quote=False)
        st.caption(f"{table.n_dropped:,} rows of {name} not used ({reasons}).")
    shown = positions_frame(report)
    if shown.empty:
        return
    st.altair_chart(
        positions_chart(focus, shown),
        width="stretch",
        key="chart_new_models",
        alt=f"New models and the {focus.name} boundary.",
    )
    st.dataframe(
        shown.drop(columns="log10_flops"),
        hide_index=True,
        width="stretch",
        column_config={
            "score": st.column_config.NumberColumn(format="%.3f"),
            "boundary": st.column_config.NumberColumn(format="%.3f"),
            "margin": st.column_config.NumberColumn(format="%+.3f"),
        },
    )
