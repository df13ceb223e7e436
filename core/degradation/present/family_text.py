"""Renderings of several candidates against one baseline: JSON object, text and Markdown.

:class:`~core.degradation.candidates.CandidateFamily` renders itself through these
(``to_dict``, ``to_text``, ``to_markdown``); the HTML report is in
:mod:`~core.degradation.present.family_report`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from core.degradation.candidates import FAMILY_VERDICT_TITLES
from core.degradation.present.report import json_ready
from core.degradation.present.report import to_dict as comparison_dict
from core.degradation.present.verdict_words import change
from core.formatting import percent, points_with_minus, pvalue_cell
from core.text_safety import escape_markdown, markdown_cell, plain_text

if TYPE_CHECKING:
    from core.degradation.candidate_checks import BrokenQuestion
    from core.degradation.candidates import CandidateFamily


def family_dict(
    family: CandidateFamily, provenance: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The JSON object of ``compare BASELINE CANDIDATE CANDIDATE ...`` (full precision)."""
    m = len(family.compared)
    rows = []
    for candidate in family.candidates:
        if candidate.comparison is None:
            rows.append(
                {
                    "candidate": candidate.name,
                    "source": candidate.source,
                    "verdict": None,
                    "problem": candidate.problem,
                    "p_value_adjusted": None,
                    "rank": None,
                }
            )
            continue
        row = comparison_dict(candidate.comparison)
        title, body = candidate.sentence(m, family.options.alpha)
        row = {
            "candidate": candidate.name,
            "source": candidate.source,
            **row,
            "verdict": candidate.verdict,
            "verdict_unadjusted": candidate.comparison.verdict,
            "sentence": f"{title}: {body}",
            "p_value_adjusted": candidate.pvalue_adjusted,
            "rank": candidate.rank,
        }
        rows.append(row)
    payload: dict[str, Any] = {
        "baseline": {"name": family.baseline, "source": family.baseline_source},
        "candidates": rows,
        "alpha": family.options.alpha,
        "adjustment": "holm",
        "n_compared": m,
        "summary": family.summary(),
        "warnings": list(family.warnings),
        "broken_by_several": [
            {
                "task": q.task,
                "item_id": q.item_id,
                "unit": q.unit,
                "count": q.count,
                "candidates": list(q.candidates),
            }
            for q in family.broken
        ],
    }
    if provenance is not None:
        payload["provenance"] = dict(provenance)
    return json_ready(payload)


def table_rows(family: CandidateFamily) -> list[tuple[str, ...]]:
    level = percent(family.options.confidence_level)
    rows = []
    for c in family.ranked:
        result = c.comparison
        if result is None:
            rows.append(("-", c.name, "-", "-", "-", "-", f"no verdict: {c.problem}"))
            continue
        word, size, low, high = change(result.pooled)
        what = "" if result.pooled.binary else " (mean score)"
        change_cell = (
            f"{word}{what} {points_with_minus(size)} ({level} CI {points_with_minus(low)} to {points_with_minus(high)})"
            if word != "did not change"
            else f"no change{what} ({level} CI {points_with_minus(low)} to {points_with_minus(high)})"
        )
        flips = f"{result.pooled.b:,} / {result.pooled.c:,}"
        rows.append(
            (
                str(c.rank),
                c.name,
                change_cell,
                flips,
                pvalue_cell(result.combined.pvalue),
                pvalue_cell(c.pvalue_adjusted),
                FAMILY_VERDICT_TITLES[c.verdict].lower()
                + (" (after Holm)" if c.downgraded else ""),
            )
        )
    return rows


def family_text(family: CandidateFamily) -> str:
    """The terminal report: summary, one table, then the verdict sentences."""
    header = (
        "rank",
        "candidate",
        "accuracy change, points",
        "flips b / c",
        "combined p",
        "adjusted p",
        "verdict",
    )
    rows = [header, *((r[0], plain_text(r[1]), *r[2:]) for r in table_rows(family))]
    widths = [min(max(len(r[i]) for r in rows), 48) for i in range(len(header) - 1)]
    lines = [plain_text(family.summary()), ""]
    for row in rows:
        cells = [row[i][:48].ljust(widths[i]) for i in range(len(widths))]
        lines.append("  " + "  ".join(cells) + "  " + plain_text(row[-1]))
    lines += [
        "",
        "  b = baseline right, candidate wrong; c = the reverse. Adjusted p: Holm across "
        "the compared candidates.",
        "",
    ]
    m = len(family.compared)
    for c in family.ranked:
        title, body = c.sentence(m, family.options.alpha)
        lines.append(f"{plain_text(c.name)} — {title.upper()}: {plain_text(body)}")
    lines += [f"warning: {plain_text(w)}" for w in family.warnings]
    lines += broken_lines(family.broken, plain_text)
    return "\n".join(lines) + "\n"


def family_markdown(family: CandidateFamily) -> str:
    """The Markdown report (a pull-request comment): summary, one table, the sentences."""
    out = [
        "### Candidates against the baseline",
        "",
        escape_markdown(family.summary()),
        "",
        "| rank | candidate | accuracy change, points | flips b / c | combined p "
        "| adjusted p (Holm) | verdict |",
        "|---:|---|---|---:|---:|---:|---|",
    ]
    for row in table_rows(family):
        cells = [row[0], markdown_cell(row[1]), *row[2:6], markdown_cell(row[6])]
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    m = len(family.compared)
    for c in family.ranked:
        title, body = c.sentence(m, family.options.alpha)
        out.append(f"- **{markdown_cell(c.name)}** — {title}: {escape_markdown(body)}")
    out += [f"- ⚠ {escape_markdown(w)}" for w in family.warnings]
    broken = broken_lines(family.broken, markdown_cell)
    if broken:
        out += ["", *broken]
    return "\n".join(out) + "\n"


def broken_lines(broken: Sequence[BrokenQuestion], escape, limit: int = 10) -> list[str]:
    if not broken:
        return []
    lines = [
        "",
        f"Questions that several candidates got wrong but the baseline got right "
        f"({len(broken):,}; most-broken first):",
    ]
    for q in broken[:limit]:
        lines.append(
            f"  {escape(q.task)} #{escape(q.item_id)}: {q.count} candidates "
            f"({', '.join(escape(name) for name in q.candidates)})"
        )
    if len(broken) > limit:
        lines.append(f"  … and {len(broken) - limit:,} more (all under broken_by_several in JSON)")
    return lines
