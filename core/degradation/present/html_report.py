"""A standalone HTML report of a comparison: opens offline, charts embedded as SVG.

Every piece of user-supplied text (task names, model names, file names, warnings) is
escaped with :func:`html.escape`; the chart is rendered to SVG by vl-convert, which escapes
its text nodes, so the report carries no script at all.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime

from core.chart_export import chart_svg
from core.degradation.comparison import Comparison
from core.degradation.data.data_warnings import group_warnings
from core.degradation.present.charts import forest_plot
from core.degradation.present.verdict_words import (
    change,
    combined_cell,
    detectable_text,
    test_name,
    verdict_parts,
)
from core.formatting import percent, plural, points_with_minus, pvalue_cell, signed_points

_BANNER = {"degraded": "#c0392b", "not_degraded": "#1e8449", "inconclusive": "#b9770e"}

_STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1100px;margin:2rem auto;
padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}.banner{color:#fff;padding:1rem 1.2rem;border-radius:8px;margin:1rem 0}
.banner h2{margin:0 0 .4rem 0;font-size:1.3rem}.banner p{margin:0;font-size:1.05rem}
table{border-collapse:collapse;margin:.6rem 0 1.4rem 0;font-size:.9rem}
th,td{border-bottom:1px solid #ddd;padding:.3rem .6rem;text-align:right}
th:first-child,td:first-child{text-align:left}tr.flag td{background:#fdecea}
.figures{display:flex;flex-wrap:wrap;gap:1rem}.figure{border:1px solid #ddd;border-radius:6px;padding:.6rem .9rem}
.figure b{display:block;font-size:1.2rem}.muted{color:#666;font-size:.85rem}.warn{color:#8a4b00}
.banner ul.warnings{margin:.6rem 0 0 0;font-size:.9rem}
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def forest_svg(result: Comparison) -> str:
    """The report's forest plot (640 px wide) as SVG."""
    return chart_svg(forest_plot(result).properties(width=640))


def build_html_report(
    result: Comparison,
    *,
    title: str = "Eval Verdict: degradation check",
    note: str = "",
    provenance: object = None,
    chart: str | None = None,
) -> str:
    """Render the comparison as one self-contained HTML page.

    Parameters
    ----------
    result : Comparison
    title : str
        Page heading (escaped).
    note : str
        Optional line under the heading, e.g. "sample data (simulated)" (escaped).
    provenance : core.degradation.data.provenance.Provenance, optional
        Adds a "Reproduce" section: command, input files with SHA-256, settings, version.
    chart : str, optional
        The forest plot at 640 px as SVG (:func:`forest_svg`), when the caller has it
        already; drawn here otherwise.

    Returns
    -------
    str
        The HTML document.
    """
    pooled = result.pooled
    report = result.pairing
    level = percent(result.options.confidence_level)
    word, size, low, high = change(pooled)
    label = {"fell": "Drop", "rose": "Rise"}.get(word, "Change")
    figures = [
        ("Baseline accuracy", f"{pooled.accuracy_baseline:.2%}"),
        ("Candidate accuracy", f"{pooled.accuracy_candidate:.2%}"),
        (
            f"{label} (points)",
            f"{size * 100:.2f} ({level} CI {points_with_minus(low)} to {points_with_minus(high)})",
        ),
        ("Flip rate", f"{pooled.flip_rate:.2%} ({pooled.b:,} worse, {pooled.c:,} better)"),
        ("Combined p", f"{combined_cell(result)} (alpha {result.options.alpha:g})"),
        ("Detectable drop", detectable_text(result)),
    ]
    title_text, body = verdict_parts(result)
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{_e(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f"<p class='muted'>Baseline: {_e(report.model_baseline or report.source_baseline)} ({_e(report.format_baseline)}) · "
        f"Candidate: {_e(report.model_candidate or report.source_candidate)} ({_e(report.format_candidate)}) · "
        f"generated {datetime.now(UTC):%Y-%m-%d %H:%M} UTC</p>",
    ]
    if note:
        parts.append(f"<p class='warn'>{_e(note)}</p>")
    parts += [
        f"<div class='banner' style='background:{_BANNER[result.verdict]}'>",
        f"<h2>{_e(title_text)}</h2><p>{_e(body)}</p>{_warning_list(report.warnings)}</div>",
        "<div class='figures'>",
        *(
            f"<div class='figure'><span class='muted'>{_e(k)}</span><b>{_e(v)}</b></div>"
            for k, v in figures
        ),
        "</div>",
        "<h3>Per benchmark</h3>",
        chart if chart is not None else forest_svg(result),
        _units_table(result),
        "<h3>Aggregation across benchmarks</h3>",
        _aggregation_table(result),
        "<h3>Pairing</h3>",
        f"<p>{plural(report.matched, 'item')} paired; {report.only_baseline:,} only in the baseline, "
        f"{report.only_candidate:,} only in the candidate; {report.duplicates:,} duplicate rows dropped; "
        f"{report.hash_mismatches:,} items left out because their content differs.</p>",
    ]
    rule = (
        "the calibrated min-p: how often the smallest of the three would be this small if "
        "nothing had changed, given each benchmark's number of flips (never more than the "
        "paper's 3 × min)"
        if result.options.combine == "calibrated"
        else "the paper's combined p-value 3 × min(pooled, Max-Drop, Fisher)"
    )
    parts += [
        f"<h3>Method</h3><p class='muted'>Per benchmark the {_e(test_name(result))} (b = baseline "
        "right and candidate wrong, c = the reverse), aggregated by the pooled test, Max-Drop and "
        f"Fisher's method; the verdict compares {rule} with alpha, so the false-positive rate "
        f"stays at or below alpha. Intervals are {level} Tango score intervals for paired "
        "proportions; Holm-adjusted p-values flag benchmarks. Kübler et al., arXiv 2602.10144.</p>",
        *([provenance.to_html()] if provenance is not None else []),
        "</body></html>",
    ]
    return "\n".join(parts)


def _warning_list(warnings) -> str:
    """Grouped data-quality warnings (summary per kind, every line inside), or nothing."""
    groups = group_warnings(warnings)
    if not groups:
        return ""
    items = "".join(
        f"<li>{_e(g.summary)}<ul>" + "".join(f"<li>{_e(m)}</li>" for m in g.messages) + "</ul></li>"
        for g in groups
    )
    return f"<ul class='warnings'>{items}</ul>"


def _units_table(result: Comparison) -> str:
    level = percent(result.options.confidence_level)
    head = (
        "<table><tr><th>benchmark</th><th>items</th><th>baseline</th><th>candidate</th><th>drop (pts)</th>"
        f"<th>{level} CI of the drop</th><th>b</th><th>c</th><th>p</th><th>Holm p</th></tr>"
    )
    rows = []
    for row in result.units:
        flag = ' class="flag"' if row.flagged else ""
        rows.append(
            f"<tr{flag}><td>{_e(row.unit)}</td><td>{row.n:,}</td>"
            f"<td>{row.accuracy_baseline:.2%}</td><td>{row.accuracy_candidate:.2%}</td><td>{signed_points(row.delta)}</td>"
            f"<td>{signed_points(row.ci_low)} to {signed_points(row.ci_high)}</td><td>{row.b:,}</td><td>{row.c:,}</td>"
            f"<td>{pvalue_cell(row.pvalue, row.log10_pvalue)}</td><td>{pvalue_cell(row.pvalue_holm)}</td></tr>"
        )
    return head + "".join(rows) + "</table>"


def _aggregation_table(result: Comparison) -> str:
    rows = [
        ("Pooled", result.pooled.pvalue, result.pooled.log10_pvalue, "damage spread evenly"),
        (
            f"Max-Drop ({result.max_drop_unit or '-'})",
            result.max_drop.pvalue,
            result.max_drop.log10_pvalue,
            "damage in one benchmark",
        ),
        ("Fisher", result.fisher.pvalue, result.fisher.log10_pvalue, "moderate damage in several"),
    ]
    for combined in (result.combined_calibrated, result.combined_paper):
        used = combined.rule == result.options.combine
        rows.append(
            (
                "Combined (calibrated min-p)"
                if combined.rule == "calibrated"
                else "Combined (paper: 3 × smallest)",
                combined.pvalue,
                combined.log10_pvalue,
                f"verdict: degraded when ≤ {result.options.alpha:g}"
                if used
                else "the other rule, for comparison",
            )
        )
    body = "".join(
        f"<tr><td>{_e(name)}</td><td>{pvalue_cell(p, lp)}</td><td>{_e(what)}</td></tr>"
        for name, p, lp, what in rows
    )
    return "<table><tr><th>test</th><th>p-value</th><th>looks for</th></tr>" + body + "</table>"
