"""Plain sentences and tables of the saturation, contamination and budget analyses.

Shared by the page and the HTML report: the words, the probe's significance level and the
full-precision saturation table live here, not in the user interface.
"""

from __future__ import annotations

import pandas as pd

from core.formatting import format_flops, percent
from core.frontier.analyses.saturation import SaturationSummary
from core.frontier.data.mapping import benchmark_name
from core.frontier.present.planning_charts import selection_frame
from core.text_safety import escape_markdown

#: Significance level of the contamination probe's sentence (both p-values must be below it).
PROBE_ALPHA = 0.05


def flattening_text(s: SaturationSummary) -> str:
    """Where the boundary flattens: a compute inside the data, or "beyond" it.

    Parameters
    ----------
    s : SaturationSummary

    Returns
    -------
    str
        FLOPs with two digits when the boundary flattens inside the data.
    """
    if s.flattened_in_data:
        return format_flops(10**s.log10_flops_flat, 2)
    return "beyond any compute in the data"


def saturation_sentence(name: str, s: SaturationSummary) -> str:
    """One sentence: saturated or not, with the slope at the largest observed compute.

    Parameters
    ----------
    name : str
        Benchmark name as it should be shown (escaped by the caller where needed).
    s : SaturationSummary

    Returns
    -------
    str
        Markdown sentence.
    """
    top = format_flops(10**s.log10_flops_max, 1)
    if s.flattened_in_data:
        return (
            f"**{name} is saturating:** its boundary reaches {percent(s.flat_share)} of its "
            f"rise at {format_flops(10**s.log10_flops_flat, 1)} FLOPs, inside the data; more "
            f"compute alone could add only {s.remaining_rise:.2f} (ceiling {s.ceiling:.2f})."
        )
    return (
        f"**{name} is not saturated:** its boundary still rises {s.slope_at_max:.2f} per "
        f"decade of compute at the largest models ({top} FLOPs), with {s.remaining_rise:.2f} "
        f"left below its ceiling of {s.ceiling:.2f}."
    )


def saturation_table(summaries: list[SaturationSummary]) -> pd.DataFrame:
    """One full-precision row per benchmark (the page's CSV download).

    Parameters
    ----------
    summaries : list of SaturationSummary

    Returns
    -------
    pandas.DataFrame
        Columns benchmark, ceiling, headroom, slope per decade at max, max FLOPs,
        flattens at FLOPs, flattened in data, remaining rise.
    """
    columns = {
        "benchmark": lambda s: s.task,
        "ceiling": lambda s: s.ceiling,
        "headroom": lambda s: s.headroom,
        "slope per decade at max": lambda s: s.slope_at_max,
        "max FLOPs": lambda s: 10**s.log10_flops_max,
        "flattens at FLOPs": lambda s: 10**s.log10_flops_flat,
        "flattened in data": lambda s: s.flattened_in_data,
        "remaining rise": lambda s: s.remaining_rise,
    }
    return pd.DataFrame({name: [cell(s) for s in summaries] for name, cell in columns.items()})


def saturation_report_table(summaries: list[SaturationSummary]) -> pd.DataFrame:
    """The saturation table as text for the HTML report (three decimals, FLOPs in words)."""
    return pd.DataFrame(
        {
            "benchmark": [s.task for s in summaries],
            "ceiling": [f"{s.ceiling:.3f}" for s in summaries],
            "slope per decade at max": [f"{s.slope_at_max:.3f}" for s in summaries],
            "max FLOPs": [format_flops(10**s.log10_flops_max, 2) for s in summaries],
            "flattens at": [flattening_text(s) for s in summaries],
            "remaining rise": [f"{s.remaining_rise:.3f}" for s in summaries],
        }
    )


def dominance_skipped(size: str | None, date: str | None) -> str:
    """Why frontier dominance was not computed, and what to choose.

    Examples
    --------
    >>> dominance_skipped(None, "date").split(";")[0]
    'no parameter column (choose one above)'
    """
    missing = []
    if not date:
        missing.append("no date column (choose one under Columns)")
    if not size:
        missing.append("no parameter column (choose one above)")
    return (
        " and ".join(missing) + "; it compares large models with the best small model "
        "released before them."
    )


def dominance_sentence(name: str, d) -> str:
    """Share of large models below the best earlier small model, overall and recently.

    Parameters
    ----------
    name : str
        Benchmark name as shown.
    d : DominanceResult
        Its ``monthly`` frame has ``n_dominated`` and ``n_large`` per month.
    """
    last = d.monthly.tail(3)
    recent = last["n_dominated"].sum() / max(last["n_large"].sum(), 1)
    return (
        f"{name}: {d.share_dominated:.0%} of {d.n_large:,} large models score below the "
        f"best small model released by then; {recent:.0%} in the last three months."
    )


def monotonicity_sentence(name: str, cmp) -> str:
    """How often neighbouring pretrained and post-trained models drop as compute grows."""
    return (
        f"{name}: {cmp.adjacent_decrease_pretrained:.0%} of neighbouring official "
        f"pretrained models drop in score as compute grows, against "
        f"{cmp.adjacent_decrease_posttrained:.0%} of post-trained ones."
    )


def contamination_sentence(r, x: str, y: str, alpha: float = PROBE_ALPHA) -> str:
    """Plain reading of the contamination probe.

    A shift is reported when both the t-test and the permutation p-value are below
    ``alpha`` and the estimated shift points the way the alternative asked.

    Parameters
    ----------
    r : ContaminationResult
    x, y : str
        Older and probed benchmark names as shown.
    alpha : float
        Significance level; its words follow it.

    Returns
    -------
    str
        Markdown sentence.
    """
    p = max(r.pvalue, r.pvalue_permutation)
    head = (
        f"Models released on or after {r.cutoff.date()} score {r.gamma:+.2f} logits on {y} "
        f"compared with what their {x} predicts (t-test p = {r.pvalue:.2g}, permutation "
        f"p = {r.pvalue_permutation:.2g}; {r.n_before:,} before, {r.n_after:,} after)."
    )
    if p < alpha and (r.gamma > 0) == (r.alternative == "greater"):
        return head + (
            " **That is a shift** — a probe, not proof: it can be contamination or genuine "
            "progress on the newer benchmark."
        )
    return head + f" **No evidence of a shift** at the {percent(alpha)} level."


def budget_sentence(design, pool, estimate: pd.DataFrame | None) -> str:
    """What the selection costs and, with a backtest, how close it comes to all models.

    Parameters
    ----------
    design : BudgetDesign
    pool : CandidatePool
    estimate : pandas.DataFrame or None
        Backtest summary at the chosen budget (first row) and at the full pool (last row).
    """
    head = (
        f"Evaluating these **{design.n_selected:,} of {pool.n:,} models** "
        f"({design.spent / pool.cost.sum():.0%} of their total cost)"
    )
    if estimate is None or len(estimate) < 2:
        return head + " covers the compute range as evenly as the budget allows."
    at, full = estimate.iloc[0], estimate.iloc[-1]
    return (
        f"{head} should recover the boundary to within {at['pinball'] - full['pinball']:.4f} "
        f"pinball of the full data ({at['pinball']:.4f} vs {full['pinball']:.4f}, "
        f"×{at['pinball_vs_full']:.2f}), judging by earlier periods."
    )


def selection_record(design, pool, fraction: float) -> dict:
    """The one-shot budget selection as a JSON-ready record (the page's JSON download).

    Parameters
    ----------
    design : BudgetDesign
    pool : CandidatePool
    fraction : float
        Budget as a share of the pool's total cost.

    Returns
    -------
    dict
        Planner, cost column, budget, spending, counts and one record per selected model.
    """
    rows = selection_frame(pool, design.selected)
    chosen = rows[rows["status"] == "selected"].drop(columns="status")
    return {
        "planner": "one-shot (balanced I-optimal)",
        "cost_column": pool.cost_column,
        "budget_fraction": fraction,
        "budget": design.budget,
        "spent": design.spent,
        "pool_cost": float(pool.cost.sum()),
        "n_candidates": pool.n,
        "n_selected": design.n_selected,
        "selected": chosen.to_dict("records"),
    }


def reading_notes(prepared) -> list[str]:
    """Markdown sentences on how the rows were read: repeated model names, percent scores.

    Benchmark names come from the file and are escaped; the bold markup is ours.

    Parameters
    ----------
    prepared : PreparedTables

    Returns
    -------
    list of str
        Empty when there is nothing to say.
    """
    notes = []
    repeated = max((t.dropped.get("repeated model name", 0) for t in prepared.tables), default=0)
    if repeated:
        rows = "row" if repeated == 1 else "rows"
        notes.append(
            f"**{repeated:,} {rows} with a repeated model name left out:** the first usable "
            "row of each model is kept (tick *Keep every row of a repeated model name* in the "
            "sidebar to keep them all)."
        )
    elif prepared.duplicates == "all":
        notes.append("**Every row kept**, repeated model names included.")
    scaled = [
        escape_markdown(benchmark_name(t.score_column)) for t in prepared.tables if t.percent_scaled
    ]
    if scaled:
        notes.append(f"**Read as percent** (divided by 100): {', '.join(scaled)}.")
    return notes
