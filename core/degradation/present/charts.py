"""Altair charts of a comparison (pages display them; the HTML report embeds them)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from core.degradation.comparison import Comparison

_COLOURS = {"worse (flagged)": "#c0392b", "no clear change": "#7f8c8d", "pooled": "#2c3e50"}


def forest_plot(result: Comparison) -> alt.Chart:
    """Per-unit accuracy drops with their intervals, and the pooled drop, in points.

    Points right of zero mean the candidate is worse. Flagged units (Holm-adjusted p at most
    alpha) are red.
    """
    rows = [
        {
            "unit": row.unit,
            "delta": row.delta * 100,
            "low": row.ci_low * 100,
            "high": row.ci_high * 100,
            "n": row.n,
            "p": row.pvalue,
            "holm": row.pvalue_holm,
            "status": "worse (flagged)" if row.flagged else "no clear change",
        }
        for row in result.units
    ]
    pooled = result.pooled
    rows.append(
        {
            "unit": "All benchmarks (pooled)",
            "delta": pooled.delta * 100,
            "low": pooled.ci_low * 100,
            "high": pooled.ci_high * 100,
            "n": pooled.n,
            "p": pooled.pvalue,
            "holm": float("nan"),
            "status": "pooled",
        }
    )
    data = pd.DataFrame(rows)
    order = [r["unit"] for r in rows]
    level = f"{result.options.confidence_level:.0%}"
    y = alt.Y("unit:N", sort=order, title=None, axis=alt.Axis(labelLimit=320))
    colour = alt.Color(
        "status:N",
        scale=alt.Scale(domain=list(_COLOURS), range=list(_COLOURS.values())),
        legend=alt.Legend(title=None, orient="bottom"),
    )
    tooltip = [
        alt.Tooltip("unit:N", title="unit"),
        alt.Tooltip("delta:Q", title="drop (points)", format="+.2f"),
        alt.Tooltip("low:Q", title=f"{level} CI low", format=".2f"),
        alt.Tooltip("high:Q", title=f"{level} CI high", format=".2f"),
        alt.Tooltip("n:Q", title="items", format=","),
        alt.Tooltip("p:Q", title="p-value", format=".3g"),
        alt.Tooltip("holm:Q", title="Holm p", format=".3g"),
    ]
    base = alt.Chart(data)
    bars = base.mark_rule(strokeWidth=2).encode(
        y=y,
        x=alt.X("low:Q", title=f"Accuracy drop, baseline − candidate (points; {level} interval)"),
        x2="high:Q",
        color=colour,
        tooltip=tooltip,
    )
    points = base.mark_point(filled=True, size=70).encode(
        y=y, x="delta:Q", color=colour, tooltip=tooltip
    )
    zero = (
        alt.Chart(pd.DataFrame({"x": [0.0]}))
        .mark_rule(strokeDash=[4, 4], color="#555")
        .encode(x="x:Q")
    )
    # A step height (not a fixed one): Streamlit squeezes a fixed-height layered chart.
    return (zero + bars + points).properties(
        height=alt.Step(26),
        title="Which benchmarks moved? (right of the dashed line = candidate worse)",
    )


def planning_table(
    flip_rate: float, *, alpha: float, power: float = 0.8, tests: int = 3
) -> pd.DataFrame:
    """Questions needed to detect drops of 0.1 to 5 points at this flip rate.

    Uses :func:`core.degradation.stats.power.required_items` at level alpha / tests (exact below
    500 expected flips, the corrected normal form above, for speed); a drop larger than the
    flip rate is planned at a flip rate equal to the drop.

    Returns
    -------
    pandas.DataFrame
        Columns ``drop`` (points), ``needed`` (questions) and ``flip`` (the flip rate used).
    """
    from core.degradation.stats.power import required_items

    rows = []
    for drop in (round(0.1 * k, 1) for k in range(1, 51)):
        rate = max(flip_rate, drop / 100)
        rows.append(
            {
                "drop": drop,
                "needed": required_items(drop / 100, rate, alpha / tests, power, exact_limit=500),
                "flip": rate,
            }
        )
    return pd.DataFrame(rows)


def planning_curve(
    table: pd.DataFrame, n_items: int, *, flip_rate: float, power: float = 0.8
) -> alt.Chart:
    """The :func:`planning_table` curve (log scale) with a rule at the questions these runs have.

    Drops whose curve lies below the rule could have been detected.
    """
    line = (
        alt.Chart(table)
        .mark_line(point=True, color="#2c3e50")
        .encode(
            x=alt.X("drop:Q", title="Drop to detect (points)"),
            y=alt.Y("needed:Q", title="Questions needed", scale=alt.Scale(type="log")),
            tooltip=[
                alt.Tooltip("drop:Q", title="drop (points)", format=".1f"),
                alt.Tooltip("needed:Q", title="questions needed", format=",.0f"),
            ],
        )
    )
    have = (
        alt.Chart(pd.DataFrame({"n": [n_items], "label": [f"you have {n_items:,}"]}))
        .mark_rule(strokeDash=[4, 4], color="#c0392b")
        .encode(y="n:Q", tooltip=[alt.Tooltip("label:N", title="")])
    )
    return (line + have).properties(
        height=260, title=f"Questions needed for {power:.0%} power at a {flip_rate:.2%} flip rate"
    )
