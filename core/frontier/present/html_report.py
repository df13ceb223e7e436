"""A standalone HTML report of capability boundaries: opens offline, charts embedded as PNG.

All user-supplied text (benchmark and column names, notes, table cells) is escaped with
:func:`html.escape`; the charts are rendered to PNG images by vl-convert at a width that
reads at 1,000 px, with legends never truncated, so the report carries no script at all.
PNG rather than SVG keeps a report of thousands of models small (one SVG element per
model made the sample's report 10.9 MB).
"""

from __future__ import annotations

import base64
import html
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import altair as alt
import pandas as pd

from core.chart_export import chart_png
from core.frontier.boundary.questions import attainable_score, compute_needed
from core.frontier.present.charts import boundary_chart, coverage_chart, small_multiples
from core.frontier.present.sentences import (
    attainable_sentence,
    compute_needed_sentence,
    parse_flops,
    trend_sentence,
)

_STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1200px;margin:2rem auto;
padding:0 1rem;color:#222;line-height:1.45}h1{font-size:1.6rem;margin-bottom:.2rem}
.answer{font-size:1.15rem;background:#f4f6f7;border-left:4px solid #c0392b;padding:.6rem 1rem;margin:.6rem 0}
table{border-collapse:collapse;margin:.6rem 0 1.4rem 0;font-size:.9rem}
th,td{border-bottom:1px solid #ddd;padding:.3rem .6rem;text-align:right}
th:first-child,td:first-child{text-align:left}.muted{color:#666;font-size:.85rem}.warn{color:#8a4b00}
"""


@dataclass(frozen=True, slots=True)
class ReportSection:
    """A computed result the page adds to the report (saturation, probe, budget).

    Attributes
    ----------
    title : str
    sentences : tuple of str
        Plain sentences; ``**bold**`` Markdown is kept as bold.
    table : pandas.DataFrame or None
        Shown with numbers as given (format them before).
    chart : altair chart or None
    """

    title: str
    sentences: tuple[str, ...] = ()
    table: pd.DataFrame | None = None
    chart: alt.TopLevelMixin | None = None


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _md(text: str) -> str:
    """Escaped text with ``**bold**`` as <strong>."""
    return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", _e(text))


def _img(chart: alt.TopLevelMixin, alt_text: str) -> str:
    """The chart as an embedded PNG, legends and titles whole."""
    configured = chart.configure_legend(labelLimit=0, titleLimit=0).configure_title(limit=0)
    data = base64.b64encode(chart_png(configured, scale=1.5)).decode("ascii")
    return (
        f"<p><img alt='{_e(alt_text)}' style='max-width:100%;height:auto' "
        f"src='data:image/png;base64,{data}'></p>"
    )


def _table(frame: pd.DataFrame) -> str:
    head = "".join(f"<th>{_e(c)}</th>" for c in frame.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{_e(v)}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return f"<table><tr>{head}</tr>{rows}</table>"


def _section(section: ReportSection) -> list[str]:
    parts = [f"<h2>{_e(section.title)}</h2>"]
    parts += [f"<p>{_md(s)}</p>" for s in section.sentences]
    if section.chart is not None:
        parts.append(_img(section.chart, section.title))
    if section.table is not None and len(section.table):
        parts.append(_table(section.table))
    return parts


def _f(value: float, digits: int = 3) -> str:
    return f"{value:.{digits}f}" if math.isfinite(value) else "–"


#: Width (CSS px) of every chart in the report; images are rendered at 1.5 times that.
REPORT_WIDTH = 960


def build_html_report(
    results,
    focus: str,
    *,
    note: str = "",
    flops_text: str = "1e24",
    target: float = 0.70,
    title: str = "Eval Verdict: capability boundaries",
    sections: Sequence[ReportSection] = (),
) -> str:
    """Render the boundaries, the calculator answers and the history as one HTML page.

    Parameters
    ----------
    results : sequence of BenchmarkBoundary
        The benchmarks shown; the one named ``focus`` is drawn large with its band.
    focus : str
        Display name of the benchmark in focus.
    note : str
        Line under the heading, e.g. the data source (escaped).
    flops_text, target : str, float
        The calculator's question: compute (as typed) and target score.
    title : str
        Page heading (escaped).
    sections : sequence of ReportSection
        Further results computed on the page (saturation, contamination probe, budget).

    Returns
    -------
    str
        The HTML document.
    """
    results = list(results)
    main = next((r for r in results if r.name == focus), results[0])
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{_e(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f"<p class='muted'>τ = {main.fit.tau:g} · {len(results)} benchmark(s) · generated "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC</p>",
    ]
    if note:
        parts.append(f"<p class='warn'>{_e(note)}</p>")
    parts.append(f"<h2>{_e(main.name)}</h2>")
    try:
        flops = parse_flops(flops_text)
        (answer,) = attainable_score(main.fit, flops, main.band)
        parts.append(f"<p class='answer'>{_e(attainable_sentence(main.name, answer))}</p>")
    except ValueError:
        parts.append(f"<p class='warn'>Compute {_e(flops_text)!s} could not be read.</p>")
    needed = compute_needed(main.fit, float(target), main.band)
    sentence = compute_needed_sentence(
        main.name, needed, main.fit.ceiling, main.fit.log10_flops_min
    )
    parts.append(f"<p class='answer'>{_e(sentence)}</p>")
    width = REPORT_WIDTH - 120  # room for the legend beside the plot
    parts.append(_img(boundary_chart(main, width=width), f"{main.name} boundary"))
    if len(results) > 1:
        panel = (REPORT_WIDTH - 100) // 3 - 40
        parts += [
            "<h2>All benchmarks</h2>",
            _img(small_multiples(results, width=panel), "One boundary chart per benchmark"),
        ]
    parts += ["<h2>Fitted boundaries</h2>", _params_table(results)]
    tested = [r for r in results if r.backtest is not None]
    if tested:
        parts.append("<h2>Over time</h2><ul>")
        parts += [f"<li>{_e(trend_sentence(r.name, r.backtest))}</li>" for r in tested]
        history = coverage_chart(tested, main.fit.tau).properties(width=width)
        parts += ["</ul>", _img(history, "Signed coverage error per period")]
    for section in sections:
        parts += _section(section)
    parts += [
        "<h2>Method</h2><p class='muted'>The boundary is a monotone, saturating sigmoid "
        "q(z) = y0 + L·σ(b(z − z*)) in z = log10 pre-training FLOPs, fitted as the τ-quantile "
        "by a smoothed pinball loss (Zhang, Jin, Kakade, Syrgkanis, arXiv 2602.15327). The band "
        "is a bootstrap band (a product addition): it measures sampling variability only, not "
        "the bias of the sigmoid shape, the smoothing or the slope penalty, nor errors in the "
        "compute estimates. The history fits each period's boundary and checks it on the next "
        "period's models (signed coverage error; below 0 the boundary is advancing).</p>",
        "</body></html>",
    ]
    return "\n".join(parts)


def _params_table(results) -> str:
    head = (
        "<table><tr><th>benchmark</th><th>models</th><th>y0</th><th>L</th>"
        "<th>ceiling</th><th>z* (log10 FLOPs)</th><th>b (per decade)</th>"
        "<th>compute range</th></tr>"
    )
    rows = [
        f"<tr><td>{_e(r.name)}</td><td>{r.table.n:,}</td><td>{_f(r.fit.y0)}</td>"
        f"<td>{_f(r.fit.L)}</td><td>{_f(r.fit.ceiling)}</td><td>{_f(r.fit.z_star, 2)}</td>"
        f"<td>{_f(r.fit.b, 2)}</td><td>1e{r.fit.log10_flops_min:.1f} – "
        f"1e{r.fit.log10_flops_max:.1f}</td></tr>"
        for r in results
    ]
    return head + "".join(rows) + "</table>"
