"""Altair charts of capability boundaries (pages display them; the HTML report embeds them).

x is log10 pre-training FLOPs, y the benchmark score in [0, 1]. Models are points coloured
by period; the fitted boundary is a line, its bootstrap band a shaded area, baselines are
dashed lines.
"""

from __future__ import annotations

import math
import textwrap

import altair as alt
import numpy as np
import pandas as pd

from core.frontier.present.results import (
    NO_DATE,
    NO_PERIOD,
    BenchmarkBoundary,
    curve_frame,
    period_labels,
    points_frame,
)

_BOUNDARY = "#c0392b"
_GREY = "#bdbdbd"
_UNDATED = "#2e6f9e"
_BASELINES = {
    "constant (null)": "#7f8c8d",
    "per-bin constant": "#2e86c1",
    "linear quantile regression": "#8e44ad",
}
_X_TITLE = "Pre-training compute (FLOPs, log scale)"


def wrapped_title(text: str, subtitle: str = "", width: int = 60) -> dict:
    """A chart title whose lines are at most ``width`` characters, so none is clipped."""
    out = {"text": textwrap.wrap(text, width) or [""], "anchor": "start"}
    if subtitle:
        out["subtitle"] = textwrap.wrap(subtitle, width + 15)
    return out


def titled(chart, title: str, subtitle: str, height: int = 300):
    """``chart`` at ``height`` pixels under a wrapped title and subtitle."""
    return chart.properties(height=height, title=wrapped_title(title, subtitle))


def scatter(data: pd.DataFrame, size: int, opacity: float, **encoding) -> alt.Chart:
    """Dots of ``data`` (``encoding``: x, y, color, tooltip as for ``alt.Chart.encode``).

    ``aria=False``: otherwise Vega-Lite has the browser build an accessibility description
    string for every dot, used only by SVG output; Streamlit draws on a canvas, and the
    strings for the page's ~25,000 dots cost about 0.04 s of each redraw.
    """
    return alt.Chart(data).mark_circle(size=size, opacity=opacity, aria=False).encode(**encoding)


def flops_axis(title: str = _X_TITLE) -> alt.Axis:
    """An x axis over log10 FLOPs labelled like the sentences: 1e22, 1e23, ..."""
    return alt.Axis(title=title, tickMinStep=1, labelExpr="'1e' + format(datum.value, 'd')")


def _period_scale(results) -> alt.Scale:
    labels = []
    for r in results:
        if r.periods is not None:
            labels = list(r.periods.labels)
            break
    present = set()
    for r in results:
        present.update(period_labels(r.table.date, r.periods, r.table.n))
    extra = [x for x in (NO_PERIOD, NO_DATE) if x in present]
    colours = _palette(len(labels)) + [_GREY] * len(extra)
    if not labels and extra == [NO_DATE]:
        colours = [_UNDATED]  # no dates at all: the points need a colour of their own
    return alt.Scale(domain=labels + extra, range=colours)


def _palette(n: int) -> list[str]:
    if n == 0:
        return []
    base = ["#440154", "#3b528b", "#21918c", "#5ec962", "#b5de2b", "#fde725"]
    if n <= len(base):
        return (
            base[-n:] if n < 3 else [base[round(i * (len(base) - 1) / (n - 1))] for i in range(n)]
        )
    return [base[min(len(base) - 1, int(i * len(base) / n))] for i in range(n)]


def _layers(
    result: BenchmarkBoundary,
    scale: alt.Scale,
    baselines: bool,
    height: int,
    width: int | None,
    title: str,
    hover: bool = True,
):
    columns = ["model", "date", "period", "log10_flops", "flops", "score"]
    points = points_frame(result)[columns if hover else ["period", "log10_flops", "score"]]
    # The x domain is the models' compute range (what Vega would take from the data: the
    # boundary spans the same range), given explicitly so that it does not depend on the
    # fit: then a new boundary line (another τ) leaves the scale, and so the thousands of
    # dots placed by it, untouched in the browser; only the lines are drawn anew.
    z = result.table.log10_flops
    domain = [float(np.min(z)), float(np.max(z))]
    x = alt.X("log10_flops:Q", axis=flops_axis(), scale=alt.Scale(zero=False, domain=domain))
    y = alt.Y(
        "score:Q",
        title=f"{result.name} score",
        scale=alt.Scale(domain=[0, 1]),
        axis=alt.Axis(format=".1f", values=[0, 0.2, 0.4, 0.6, 0.8, 1.0]),
    )
    legend = None if list(scale.domain) == [NO_DATE] else alt.Legend(title="Upload period")
    tooltip = [
        alt.Tooltip("model:N"),
        alt.Tooltip("date:N"),
        alt.Tooltip("score:Q", format=".3f"),
        alt.Tooltip("flops:Q", title="FLOPs", format=".2e"),
        alt.Tooltip("period:N"),
    ]
    dots = scatter(
        points,
        18,
        0.55,
        x=x,
        y=y,
        color=alt.Color("period:N", scale=scale, legend=legend),
        tooltip=tooltip if hover else alt.Undefined,
    )
    curve = curve_frame(result)
    tau = f"τ = {result.fit.tau:g}"
    layers = []
    if "band_low" in curve:
        level = f"{result.band.confidence_level:.0%}"
        layers.append(
            alt.Chart(curve)
            .mark_area(opacity=0.25, color=_BOUNDARY, aria=False)
            .encode(
                x="log10_flops:Q",
                y="band_low:Q",
                y2="band_high:Q",
                tooltip=[
                    alt.Tooltip(
                        "band_low:Q", title=f"{level} band of the boundary, low", format=".3f"
                    ),
                    alt.Tooltip(
                        "band_high:Q", title=f"{level} band of the boundary, high", format=".3f"
                    ),
                ],
            )
        )
    layers.append(dots)
    if baselines and result.baselines is not None:
        layers.append(_baseline_lines(result, curve["log10_flops"].to_numpy()))
    layers.append(
        alt.Chart(curve)
        .mark_line(color=_BOUNDARY, strokeWidth=2.5, aria=False)
        .encode(
            x="log10_flops:Q",
            y="boundary:Q",
            tooltip=[
                alt.Tooltip("flops:Q", title="FLOPs", format=".2e"),
                alt.Tooltip("boundary:Q", title=f"boundary ({tau})", format=".3f"),
            ],
        )
    )
    props = {"height": height, "title": title}
    if width is not None:
        props["width"] = width
    return alt.layer(*layers).properties(**props)


def _baseline_lines(result: BenchmarkBoundary, z: np.ndarray) -> alt.Chart:
    b = result.baselines
    frames = [
        pd.DataFrame({"log10_flops": z, "value": model.predict(z), "baseline": label})
        for label, model in zip(_BASELINES, (b.constant, b.per_bin, b.linear))
    ]
    return (
        alt.Chart(pd.concat(frames, ignore_index=True))
        .mark_line(strokeDash=[5, 4], strokeWidth=1.5, interpolate="step-after")
        .encode(
            x="log10_flops:Q",
            y="value:Q",
            strokeDash=alt.StrokeDash("baseline:N", legend=alt.Legend(title="Baselines")),
            detail="baseline:N",
            tooltip=[alt.Tooltip("baseline:N"), alt.Tooltip("value:Q", format=".3f")],
        )
    )


def boundary_chart(
    result: BenchmarkBoundary,
    *,
    baselines: bool = False,
    height: int = 420,
    levels=None,
    width: int | None = None,
    tau_in_title: bool = True,
) -> alt.LayerChart:
    """One benchmark: models, fitted boundary, its band (when computed), optional baselines.

    ``levels`` (a :class:`~core.frontier.boundary.several_taus.FrontierFamily`) adds the non-crossing
    boundaries at other levels as dashed lines. ``tau_in_title=False`` leaves τ out of the
    title, for a page that says it in a heading above the chart (so that the chart's spec
    is the same at every τ; see :mod:`ui.frontier.chart_cache`).
    """
    at = f": boundary at τ = {result.fit.tau:g}" if tau_in_title else ""
    title = f"{result.name}{at} ({result.table.n:,} models)"
    chart = _layers(result, _period_scale([result]), baselines, height, width, title)
    if levels is None:
        return chart
    return alt.layer(chart, _level_lines(result, levels))


def _level_lines(result: BenchmarkBoundary, family) -> alt.Chart:
    fit = result.fit
    z = np.linspace(fit.log10_flops_min, fit.log10_flops_max, 150)
    values = family.predict(z)
    data = pd.concat(
        [
            pd.DataFrame({"log10_flops": z, "value": v, "level": f"τ = {t:g}"})
            for t, v in zip(family.taus, values)
            if not math.isclose(t, fit.tau)
        ],
        ignore_index=True,
    )
    return (
        alt.Chart(data)
        .mark_line(strokeWidth=1.8, color="#34495e")
        .encode(
            x="log10_flops:Q",
            y="value:Q",
            strokeDash=alt.StrokeDash("level:N", legend=alt.Legend(title="Other levels")),
            tooltip=[alt.Tooltip("level:N"), alt.Tooltip("value:Q", format=".3f")],
        )
    )


def small_multiples(results, columns: int = 3, width: int = 190) -> alt.ConcatChart:
    """All benchmarks side by side, each with its own boundary, shared period colours."""
    scale = _period_scale(results)
    panels = [
        _layers(r, scale, False, 200, width, f"{r.name} (n = {r.table.n:,})", hover=False)
        for r in results
    ]
    return alt.concat(*panels, columns=columns).resolve_scale(color="shared")


def backtest_boundaries_chart(result: BenchmarkBoundary) -> alt.LayerChart:
    """The boundary fitted on each period, overlaid: does the curve move up over time?"""
    rows = []
    report = result.backtest
    for p in report.periods:
        if p.train_fit is None:
            continue
        f = p.train_fit
        z = np.linspace(f.log10_flops_min, f.log10_flops_max, 120)
        rows.append(
            pd.DataFrame(
                {"log10_flops": z, "boundary": f.predict(z), "fitted on": p.train, "n": p.n_train}
            )
        )
    last = report.periods[-1] if report.periods else None
    data = (
        pd.concat(rows, ignore_index=True)
        if rows
        else pd.DataFrame(columns=["log10_flops", "boundary", "fitted on", "n"])
    )
    order = list(dict.fromkeys(data["fitted on"]))
    chart = (
        alt.Chart(data)
        .mark_line(strokeWidth=2)
        .encode(
            x=alt.X("log10_flops:Q", axis=flops_axis(), scale=alt.Scale(zero=False)),
            y=alt.Y("boundary:Q", title=f"{result.name} boundary", scale=alt.Scale(domain=[0, 1])),
            color=alt.Color(
                "fitted on:N",
                sort=order,
                scale=alt.Scale(range=_palette(len(order))),
                legend=alt.Legend(title="Fitted on period"),
            ),
            tooltip=[
                "fitted on:N",
                alt.Tooltip("n:Q", title="models"),
                alt.Tooltip("boundary:Q", format=".3f"),
            ],
        )
    )
    subtitle = f"latest test period: {last.test}" if last else ""
    return chart.properties(
        height=360,
        title=wrapped_title(f"{result.name}: boundary fitted on each period", subtitle),
    )


def coverage_chart(results, tau: float) -> alt.LayerChart:
    """Signed coverage error of each period's boundary on the next period, per benchmark."""
    rows = []
    for r in results:
        if r.backtest is None:
            continue
        for p in r.backtest.periods:
            if math.isfinite(p.signed_coverage_error):
                rows.append(
                    {
                        "benchmark": r.name,
                        "test period": p.test,
                        "train": p.train,
                        "error": p.signed_coverage_error * 100,
                        "n_test": p.n_test,
                    }
                )
    data = pd.DataFrame(rows, columns=["benchmark", "test period", "train", "error", "n_test"])
    order = list(dict.fromkeys(p.test for r in results if r.backtest for p in r.backtest.periods))
    x = alt.X("test period:N", sort=order, title="Tested on period (fitted on the one before)")
    line = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=x,
            y=alt.Y("error:Q", title="Signed coverage error (points)"),
            color=alt.Color("benchmark:N", legend=alt.Legend(title="Benchmark")),
            tooltip=[
                "benchmark:N",
                "train:N",
                "test period:N",
                alt.Tooltip("error:Q", title="error (points)", format="+.1f"),
                alt.Tooltip("n_test:Q", title="models tested"),
            ],
        )
    )
    band = (
        alt.Chart(pd.DataFrame({"low": [-2.0], "high": [2.0]}))
        .mark_rect(color="#27ae60", opacity=0.12)
        .encode(y="low:Q", y2="high:Q")
    )
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#555").encode(y="y:Q")
    return alt.layer(band, zero, line).properties(
        height=320,
        title=wrapped_title(
            "Do newer models beat the previous period's boundary?",
            f"below 0: newer models beat it (advancing); green: within ±2 points of τ = {tau:g}",
        ),
    )
