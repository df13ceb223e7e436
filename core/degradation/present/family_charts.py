"""The benchmarks x candidates chart of a :class:`~core.degradation.candidates.CandidateFamily`.

One panel per candidate (safest first), one row per benchmark: the drop with its interval,
flagged cells (Holm-adjusted p at most alpha within that candidate) in red. Imported by the
page only; the command line never loads altair or pandas through it.
"""

from __future__ import annotations

from typing import Any

_COLOURS = {"worse (flagged)": "#c0392b", "no clear change": "#7f8c8d", "pooled": "#2c3e50"}


def family_rows(family: Any) -> list[dict[str, Any]]:
    """One row per candidate and benchmark (and the pooled row), in points, safest first.

    Parameters
    ----------
    family : CandidateFamily

    Returns
    -------
    list of dict
        ``candidate``, ``rank``, ``unit``, ``delta``, ``low``, ``high`` (points; positive =
        the candidate is worse), ``flagged`` and ``status``.
    """
    rows = []
    for candidate in family.ranked:
        result = candidate.comparison
        if result is None:
            continue
        for unit in (*result.units, result.pooled):
            pooled = unit is result.pooled
            rows.append(
                {
                    "candidate": candidate.name,
                    "rank": candidate.rank,
                    "unit": "All benchmarks (pooled)" if pooled else unit.unit,
                    "delta": unit.delta * 100,
                    "low": unit.ci_low * 100,
                    "high": unit.ci_high * 100,
                    "flagged": bool(unit.flagged),
                    "status": "pooled"
                    if pooled
                    else ("worse (flagged)" if unit.flagged else "no clear change"),
                }
            )
    return rows


def family_chart(family: Any):
    """The benchmarks x candidates chart (an altair chart)."""
    import altair as alt
    import pandas as pd

    data = pd.DataFrame(family_rows(family))
    level = f"{family.options.confidence_level:.0%}"
    order = list(dict.fromkeys(data["unit"]))
    colour = alt.Color(
        "status:N",
        scale=alt.Scale(domain=list(_COLOURS), range=list(_COLOURS.values())),
        legend=alt.Legend(title=None, orient="bottom"),
    )
    y = alt.Y("unit:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    tooltip = [
        alt.Tooltip("candidate:N"),
        alt.Tooltip("unit:N", title="benchmark"),
        alt.Tooltip("delta:Q", title="drop (points)", format="+.2f"),
        alt.Tooltip("low:Q", title=f"{level} CI low", format=".2f"),
        alt.Tooltip("high:Q", title=f"{level} CI high", format=".2f"),
    ]
    # Every interval whole: an explicit domain, since the x2 end alone did not widen the axis.
    ends = data[["low", "high", "delta"]].to_numpy(dtype=float)
    finite = ends[pd.notna(ends)]
    low, high = (min(0.0, finite.min()), max(0.0, finite.max())) if finite.size else (-1.0, 1.0)
    scale = alt.Scale(domain=[low, high], nice=True)
    base = alt.Chart(data)
    bars = base.mark_rule(strokeWidth=2).encode(
        y=y,
        x=alt.X("low:Q", title=f"drop, points ({level} interval)", scale=scale),
        x2="high:Q",
        color=colour,
    )
    points = base.mark_point(filled=True, size=60).encode(
        y=y, x=alt.X("delta:Q", scale=scale), color=colour, tooltip=tooltip
    )
    zero = base.mark_rule(strokeDash=[4, 4], color="#555").encode(x=alt.datum(0))
    candidates = list(dict.fromkeys(data["candidate"]))
    return (
        (zero + bars + points)
        .properties(width=220, height=alt.Step(22))
        .facet(column=alt.Column("candidate:N", sort=candidates, title=None))
    )
