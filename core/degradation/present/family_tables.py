"""Tables of several candidates against one baseline, as the page shows and downloads them:
the ranked table (full precision) and the questions several candidates broke."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from core.formatting import percent

if TYPE_CHECKING:
    from core.degradation.candidates import CandidateFamily

#: A verdict as the page's tables and sentences write it.
VERDICT_LABELS = {
    "degraded": "🔻 degraded",
    "inconclusive": "❔ inconclusive",
    "not_degraded": "✅ no evidence",
    "no_verdict": "🚫 no verdict",
}


def ranked_frame(family: CandidateFamily) -> pd.DataFrame:
    """The ranked table, safest first: one row per candidate (full precision numbers)."""
    level = percent(family.options.confidence_level)
    rows = []
    m = len(family.compared)
    for c in family.ranked:
        result = c.comparison
        title, body = c.sentence(m, family.options.alpha)
        row = {"rank": c.rank, "candidate": c.name, "verdict": VERDICT_LABELS[c.verdict]}
        if result is None:
            row["sentence"] = body
        else:
            pooled = result.pooled
            row |= {
                "drop (points)": pooled.delta * 100,
                f"CI low ({level})": pooled.ci_low * 100,
                f"CI high ({level})": pooled.ci_high * 100,
                "b (worse)": pooled.b,
                "c (better)": pooled.c,
                "combined p": result.combined.pvalue,
                "adjusted p (Holm)": c.pvalue_adjusted,
                "sentence": f"{title}: {body}",
            }
        rows.append(row)
    return pd.DataFrame(rows)


def broken_frame(family: CandidateFamily) -> pd.DataFrame:
    """Questions broken by several candidates: task, item, benchmark, how many, which."""
    return pd.DataFrame(
        [
            {
                "task": q.task,
                "item": q.item_id,
                "benchmark": q.unit,
                "candidates": q.count,
                "which": ", ".join(q.candidates),
            }
            for q in family.broken
        ]
    )
