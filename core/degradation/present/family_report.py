"""A standalone HTML report of several candidates against one baseline.

The ranked table, the verdict sentences, the warnings, the questions several candidates
broke, the benchmarks x candidates chart (SVG, when it can be rendered) and the provenance
record (every input's SHA-256, the settings, the command, the version and the date). Every
name taken from files is escaped with :func:`html.escape`; the report carries no script.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from core.degradation.candidates import CandidateFamily
from core.degradation.present.verdict_words import change
from core.formatting import percent, points_with_minus, pvalue_cell

_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:1200px;margin:2rem auto;padding:0 1rem;"
    "color:#222;line-height:1.45}table{border-collapse:collapse;margin:.6rem 0 1.4rem 0;"
    "font-size:.9rem}th,td{border-bottom:1px solid #ddd;padding:.3rem .6rem;text-align:left}"
    "tr.degraded td{background:#fdecea}.muted{color:#666;font-size:.85rem}.warn{color:#8a4b00}"
)


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def build_family_html(
    family: CandidateFamily, record: Mapping[str, Any], chart_svg: str | None = None
) -> str:
    """The HTML report of ``family`` with its provenance ``record`` (``CandidateFamily.to_dict``'s).

    Parameters
    ----------
    family : CandidateFamily
    record : mapping
        The provenance record: ``command``, ``settings``, ``inputs`` (``baseline`` and
        ``candidates``), ``app_version``, ``created``.
    chart_svg : str, optional
        The benchmarks x candidates chart as SVG, embedded as given (vl-convert escapes its
        text nodes).
    """
    level = percent(family.options.confidence_level)
    m = len(family.compared)
    rows = []
    for c in family.ranked:
        result = c.comparison
        if result is None:
            rows.append(
                f"<tr><td>—</td><td>{_e(c.name)}</td><td colspan='5'>no verdict: "
                f"{_e(c.problem)}</td></tr>"
            )
            continue
        word, size, low, high = change(result.pooled)
        rows.append(
            f"<tr class='{_e(c.verdict)}'><td>{c.rank}</td><td>{_e(c.name)}</td>"
            f"<td>{_e(word)} {points_with_minus(size)} ({level} CI {points_with_minus(low)} to {points_with_minus(high)})</td>"
            f"<td>{result.pooled.b:,} / {result.pooled.c:,}</td>"
            f"<td>{pvalue_cell(result.combined.pvalue)}</td><td>{pvalue_cell(c.pvalue_adjusted)}</td>"
            f"<td>{_e(c.verdict.replace('_', ' '))}</td></tr>"
        )
    sentences = "".join(
        f"<li><b>{_e(c.name)}</b> — {_e(title)}: {_e(body)}</li>"
        for c in family.ranked
        for title, body in [c.sentence(m, family.options.alpha)]
    )
    warnings = "".join(f"<li class='warn'>{_e(w)}</li>" for w in family.warnings)
    broken = "".join(
        f"<tr><td>{_e(q.task)}</td><td>{_e(q.item_id)}</td><td>{q.count}</td>"
        f"<td>{_e(', '.join(q.candidates))}</td></tr>"
        for q in family.broken[:200]
    )
    inputs = record.get("inputs", {})
    files = [("baseline", f) for f in inputs.get("baseline", [])] + [
        (entry["source"], f) for entry in inputs.get("candidates", []) for f in entry["files"]
    ]
    file_rows = "".join(
        f"<tr><td>{_e(side)}</td><td>{_e(f['name'])}</td><td><code>{_e(f['sha256'])}</code></td>"
        f"<td>{f['size']:,}</td></tr>"
        for side, f in files
    )
    settings = ", ".join(f"{_e(k)} = {_e(v)}" for k, v in record.get("settings", {}).items())
    more = f" (first 200 of {len(family.broken):,})" if len(family.broken) > 200 else ""
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>Candidates against {_e(family.baseline)}</title><style>{_STYLE}</style></head>"
        f"<body><h1>Which candidates may ship?</h1><p>{_e(family.summary())}</p>"
        "<table><tr><th>rank</th><th>candidate</th><th>accuracy change, points</th>"
        "<th>flips b / c</th><th>combined p</th><th>adjusted p (Holm)</th><th>verdict</th></tr>"
        f"{''.join(rows)}</table><ul>{sentences}{warnings}</ul>"
        f"{chart_svg or ''}"
        + (
            f"<h3>Questions several candidates got wrong but the baseline got right{more}</h3>"
            f"<table><tr><th>task</th><th>item</th><th>candidates</th><th>which</th></tr>{broken}"
            "</table>"
            if broken
            else ""
        )
        + f"<h3>Reproduce</h3><p><code>{_e(record.get('command', ''))}</code></p>"
        "<table><tr><th>side</th><th>file</th><th>SHA-256</th><th>bytes</th></tr>"
        f"{file_rows}</table><p class='muted'>Settings: {settings}. Eval Verdict "
        f"{_e(record.get('app_version', ''))}, {_e(record.get('created', ''))}.</p>"
        "</body></html>"
    )
