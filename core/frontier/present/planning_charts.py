"""Altair charts of the planning analyses: budget sweep, selection, saturation, contamination.

Built from the result objects of :mod:`core.frontier.planning.budget_sweep`,
:mod:`core.frontier.planning.budget_design`, :mod:`core.frontier.analyses.saturation` and
:mod:`core.frontier.analyses.contamination`; pages display them. Data stay at full precision;
only tooltips and axes format numbers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import numpy as np
import pandas as pd

from core.frontier.analyses.contamination import ContaminationResult
from core.frontier.analyses.saturation import DominanceResult, PretrainedComparison
from core.frontier.data.budget_pool import CandidatePool
from core.frontier.planning.budget_sweep import PAPER_FIGURE_6B, SweepResult
from core.frontier.present.charts import flops_axis, scatter, titled, wrapped_title

_X_FLOPS = "Pre-training compute (FLOPs, log scale)"
_PLANNERS = {"one-shot": "#2e86c1", "adaptive": "#27ae60", "paper Figure 6b": "#7f8c8d"}
_SELECTED = {"selected": "#c0392b", "not selected": "#bdbdbd"}
_GROUPS = {"before cut-off": "#2e86c1", "after cut-off": "#e67e22"}


def sweep_frame(sweep: SweepResult, paper: Mapping[float, float] | None = None) -> pd.DataFrame:
    """Mean pinball per planner and budget (percent), plus the paper's points when given."""
    s = sweep.summary
    frame = pd.DataFrame(
        {
            "planner": s["planner"],
            "budget_percent": 100 * s["budget"],
            "pinball": s["pinball"],
            "pinball_vs_full": s["pinball_vs_full"],
            "coverage_error": s["coverage_error"],
        }
    )
    if paper:
        ref = pd.DataFrame(
            {
                "planner": "paper Figure 6b",
                "budget_percent": [100 * b for b in paper],
                "pinball": list(paper.values()),
                "pinball_vs_full": np.nan,
                "coverage_error": np.nan,
            }
        )
        frame = pd.concat([frame, ref], ignore_index=True)
    return frame


def budget_sweep_chart(
    sweep: SweepResult, paper: Mapping[float, float] | None = PAPER_FIGURE_6B
) -> alt.Chart:
    """Out-of-period pinball against the budget, one line per planner (and the paper's points).

    Parameters
    ----------
    sweep : SweepResult
        From :func:`core.frontier.planning.budget_sweep.budget_sweep`.
    paper : mapping of float to float, optional
        Budget fraction -> the paper's pinball (Figure 6b); None to leave it out (it only
        applies to the six OLL v2 tasks with the paper's periods).
    """
    data = sweep_frame(sweep, paper)
    domain = [p for p in _PLANNERS if p in set(data["planner"])]
    return (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=60))
        .encode(
            x=alt.X(
                "budget_percent:Q",
                title="Budget (% of the pool's total cost)",
                scale=alt.Scale(type="log"),
                axis=alt.Axis(values=sorted(set(data["budget_percent"]))),
            ),
            y=alt.Y(
                "pinball:Q",
                title="Out-of-period pinball loss (lower is better)",
                scale=alt.Scale(zero=False),
            ),
            color=alt.Color(
                "planner:N",
                scale=alt.Scale(domain=domain, range=[_PLANNERS[p] for p in domain]),
                legend=alt.Legend(title="Planner"),
            ),
            strokeDash=alt.condition(
                alt.datum.planner == "paper Figure 6b", alt.value([4, 3]), alt.value([1, 0])
            ),
            tooltip=[
                "planner:N",
                alt.Tooltip("budget_percent:Q", title="budget %", format=".0f"),
                alt.Tooltip("pinball:Q", format=".5f"),
                alt.Tooltip("pinball_vs_full:Q", title="x full data", format=".2f"),
                alt.Tooltip("coverage_error:Q", title="coverage error", format=".3f"),
            ],
        )
        .properties(
            height=320,
            title=wrapped_title(
                "How much does a smaller budget cost in boundary quality?",
                "fit on the chosen models of period t, scored on all of period t+1",
            ),
        )
    )


def selection_frame(pool: CandidatePool, selected: Sequence[int]) -> pd.DataFrame:
    """One row per candidate: model, log10 FLOPs, cost and whether it was selected."""
    chosen = np.zeros(pool.n, bool)
    chosen[np.asarray(list(selected), dtype=int)] = True
    return pd.DataFrame(
        {
            "model": pool.model,
            "log10_flops": pool.log10_flops,
            "flops": 10.0**pool.log10_flops,
            "cost": pool.cost,
            "status": np.where(chosen, "selected", "not selected"),
        }
    )


def selection_chart(pool: CandidatePool, selected: Sequence[int]) -> alt.Chart:
    """Candidates on the log-FLOPs axis, selected vs not, sized by cost (a jittered strip)."""
    data = selection_frame(pool, selected)
    order = list(_SELECTED)
    return (
        alt.Chart(data)
        .transform_calculate(jitter="random()")
        .mark_circle(opacity=0.6)
        .encode(
            x=alt.X("log10_flops:Q", axis=flops_axis(_X_FLOPS), scale=alt.Scale(zero=False)),
            y=alt.Y("status:N", sort=order, title=None),
            yOffset=alt.YOffset("jitter:Q"),
            size=alt.Size("cost:Q", title="Cost", scale=alt.Scale(range=[8, 400])),
            color=alt.Color(
                "status:N",
                scale=alt.Scale(domain=order, range=list(_SELECTED.values())),
                legend=None,
            ),
            tooltip=[
                "model:N",
                alt.Tooltip("flops:Q", title="FLOPs", format=".2e"),
                alt.Tooltip("cost:Q", format=".4g"),
                "status:N",
            ],
        )
        .properties(height=220, title="Which models to evaluate")
    )


def dominance_frame(results: Mapping[str, DominanceResult]) -> pd.DataFrame:
    """Monthly share of dominated large models, one block of rows per benchmark."""
    frames = [r.monthly.assign(benchmark=name) for name, r in results.items() if len(r.monthly)]
    columns = ["benchmark", "month", "n_large", "n_dominated", "share_dominated"]
    if not frames:
        return pd.DataFrame(columns=columns)
    data = pd.concat(frames, ignore_index=True)[columns]
    data["month"] = pd.PeriodIndex(data["month"], freq="M").to_timestamp()
    return data


#: Title and subtitle of the dominance chart and of the monotonicity chart (Figure 4c).
_DOMINANCE_TITLE = (
    "Frontier dominance: do small models catch up?",
    "large (> 13B) models scoring below the best small model so far",
)
_MONOTONICITY_TITLE = (
    "How monotone is score in compute?",
    "share of neighbouring models (sorted by compute) whose score drops; lower: more monotone",
)


def dominance_chart(results: Mapping[str, DominanceResult]) -> alt.Chart:
    """Share of large models below the best small model so far, per month and benchmark."""
    data = dominance_frame(results)
    chart = (
        alt.Chart(data)
        .mark_line(point=True, opacity=0.85)
        .encode(
            x=alt.X("month:T", title="Month", axis=alt.Axis(format="%b %Y", labelAngle=-30)),
            y=alt.Y(
                "share_dominated:Q",
                title="Share of large models dominated",
                scale=alt.Scale(domain=[0, 1]),
            ),
            color=alt.Color("benchmark:N", legend=alt.Legend(title="Benchmark")),
            tooltip=[
                "benchmark:N",
                alt.Tooltip("month:T", format="%Y-%m"),
                alt.Tooltip("share_dominated:Q", title="share", format=".2f"),
                alt.Tooltip("n_dominated:Q", title="dominated"),
                alt.Tooltip("n_large:Q", title="large models"),
            ],
        )
    )
    return titled(chart, *_DOMINANCE_TITLE)


def monotonicity_frame(comparisons: Sequence[PretrainedComparison]) -> pd.DataFrame:
    """Adjacent decrease rate per benchmark and group (pretrained, post-trained)."""
    rows = []
    for c in comparisons:
        for group, rate, n in (
            ("pretrained", c.adjacent_decrease_pretrained, c.n_pretrained),
            ("post-trained", c.adjacent_decrease_posttrained, c.n_posttrained),
        ):
            rows.append({"benchmark": c.task, "group": group, "rate": rate, "n": n, "eps": c.eps})
    return pd.DataFrame(rows, columns=["benchmark", "group", "rate", "n", "eps"])


def monotonicity_chart(comparisons: Sequence[PretrainedComparison]) -> alt.Chart:
    """Pretrained vs post-trained adjacent decrease rates per benchmark (Figure 4c)."""
    data = monotonicity_frame(comparisons)
    groups = ["pretrained", "post-trained"]
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("benchmark:N", title=None, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("group:N", sort=groups),
            y=alt.Y("rate:Q", title="Adjacent decrease rate"),
            color=alt.Color(
                "group:N",
                sort=groups,
                scale=alt.Scale(domain=groups, range=["#8e44ad", "#27ae60"]),
                legend=alt.Legend(title="Models"),
            ),
            tooltip=[
                "benchmark:N",
                "group:N",
                alt.Tooltip("rate:Q", format=".3f"),
                alt.Tooltip("n:Q", title="models"),
            ],
        )
    )
    return titled(chart, *_MONOTONICITY_TITLE)


def contamination_lines(result: ContaminationResult, n: int = 50) -> pd.DataFrame:
    """The before, after (with the shift gamma) and pooled fits on the common x-range."""
    x = np.linspace(*result.support, n)
    a, b, g = result.intercept, result.slope, result.gamma
    fits = {
        "before cut-off": a + b * x,
        "after cut-off": a + g + b * x,
        "pooled (no indicator)": result.pooled_intercept + result.pooled_slope * x,
    }
    return pd.concat(
        [pd.DataFrame({"logit_x": x, "logit_y": y, "fit": k}) for k, y in fits.items()],
        ignore_index=True,
    )


def contamination_chart(
    result: ContaminationResult, x_label: str = "x", y_label: str = "y"
) -> alt.LayerChart:
    """Logit-logit scatter of both groups with the pre/post cut-off fits and the pooled fit."""
    if result.points is None:
        raise ValueError("the contamination result carries no points to draw")
    cut = str(result.cutoff.date())
    points = result.points.assign(date=result.points["date"].dt.strftime("%Y-%m-%d"))
    scale = alt.Scale(domain=list(_GROUPS), range=list(_GROUPS.values()))
    colour = alt.Color("group:N", scale=scale, legend=alt.Legend(title=f"Released (cut-off {cut})"))
    x = alt.X("logit_x:Q", title=f"logit {x_label}", scale=alt.Scale(zero=False))
    y = alt.Y("logit_y:Q", title=f"logit {y_label}", scale=alt.Scale(zero=False))
    tooltip = ["model:N", "date:N", "group:N", alt.Tooltip("logit_y:Q", format=".2f")]
    dots = scatter(points, 22, 0.5, x=x, y=y, color=colour, tooltip=tooltip)
    lines = contamination_lines(result)
    fits = (
        alt.Chart(lines[lines["fit"] != "pooled (no indicator)"])
        .mark_line(strokeWidth=2.5)
        .encode(x="logit_x:Q", y="logit_y:Q", color=alt.Color("fit:N", scale=scale))
    )
    pooled = (
        alt.Chart(lines[lines["fit"] == "pooled (no indicator)"])
        .mark_line(strokeWidth=1.5, strokeDash=[5, 4], color="#333")
        .encode(x="logit_x:Q", y="logit_y:Q", tooltip=["fit:N"])
    )
    return alt.layer(dots, fits, pooled).properties(
        height=380,
        title=wrapped_title(
            f"{y_label} against {x_label}, before and after {cut}",
            f"solid: fits with the post-cut-off shift γ = {result.gamma:+.2f} "
            "(logit units); dashed: pooled fit",
        ),
    )
