"""Tables of a comparison for display and CSV export (full precision; pages format them)."""

from __future__ import annotations

import pandas as pd

from core.degradation.comparison import Comparison
from core.samples import detail_rows

#: Column order of the per-unit table.
UNIT_COLUMNS = [
    "unit",
    "n",
    "accuracy_baseline",
    "accuracy_candidate",
    "delta",
    "ci_low",
    "ci_high",
    "b",
    "c",
    "flip_rate",
    "p_value",
    "p_value_holm",
    "flagged",
    "test",
    "p_value_floor",
]


def units_frame(result: Comparison) -> pd.DataFrame:
    """One row per unit (benchmark or subtask), in the order of :data:`UNIT_COLUMNS`."""
    rows = [
        {column: getattr(row, column.replace("p_value", "pvalue")) for column in UNIT_COLUMNS}
        for row in result.units
    ]
    return pd.DataFrame(rows, columns=UNIT_COLUMNS)


def aggregation_frame(result: Comparison) -> pd.DataFrame:
    """The three aggregate tests and both combination rules (calibrated, paper), one row each."""
    pooled, max_drop, fisher = result.pooled, result.max_drop, result.fisher
    rows = [
        {
            "test": "Pooled",
            "statistic": pooled.b - pooled.c,
            "detail": f"B = {pooled.b:,}, C = {pooled.c:,} over {pooled.n:,} items",
            "p_value": pooled.pvalue,
            "log10_p_value": pooled.log10_pvalue,
            "looks_for": "damage spread evenly over all items",
        },
        {
            "test": "Max-Drop",
            "statistic": max_drop.statistic,
            "detail": f"largest z in {result.max_drop_unit or '-'} ({max_drop.n_units:,} "
            f"unit{'' if max_drop.n_units == 1 else 's'} with flips)",
            "p_value": max_drop.pvalue,
            "log10_p_value": max_drop.log10_pvalue,
            "looks_for": "damage concentrated in one benchmark",
        },
        {
            "test": "Fisher",
            "statistic": fisher.statistic,
            "detail": f"chi² with {fisher.df} df"
            + (" (approximate)" if fisher.approximate else ""),
            "p_value": fisher.pvalue,
            "log10_p_value": fisher.log10_pvalue,
            "looks_for": "moderate damage in several benchmarks",
        },
        _combined_row(result, result.combined_calibrated),
        _combined_row(result, result.combined_paper),
    ]
    return pd.DataFrame(rows)


def _combined_row(result: Comparison, combined) -> dict:
    """One row per combination rule; the one the verdict used says so."""
    used = combined.rule == result.options.combine
    smallest = combined.decisive_test.replace("_", "-")
    if combined.rule == "paper":
        test = "Combined (paper: 3 × smallest)"
        detail = f"3 × smallest ({smallest}), capped at 1"
    else:
        test = "Combined (calibrated min-p)"
        detail = {
            "single-unit": "one unit with flips: its own p-value",
            "exact": "exact: every outcome of the flips enumerated",
            "monte-carlo": (
                f"{combined.n_draws:,} simulated data sets (seed {result.options.seed}); "
                f"Monte Carlo error ± {combined.mc_error:.1g}"
            ),
            "bound": "below what the simulation resolves: 3 × smallest used",
            "none": "no flips: nothing to test",
        }.get(combined.method, combined.method)
        if combined.capped:
            detail = (
                "capped at 3 × smallest: the simulation "
                f"({combined.n_draws:,} data sets) cannot resolve a smaller value"
            )
            if combined.lower_bound > 0:
                detail += f"; exactly at least {combined.lower_bound:.3g}"
    verdict = f"verdict: degraded when ≤ alpha = {result.options.alpha:g}"
    return {
        "test": test,
        "statistic": float("nan"),
        "detail": detail,
        "p_value": combined.pvalue,
        "log10_p_value": combined.log10_pvalue,
        "looks_for": verdict if used else "the other rule, for comparison (not used)",
    }


def flipped_items(
    result_items: pd.DataFrame, unit: str, details_baseline, details_candidate
) -> pd.DataFrame:
    """The items of ``unit`` whose scores differ, with text from both runs where available.

    Parameters
    ----------
    result_items : pandas.DataFrame
        ``PairedSamples.items``.
    unit : str
        The unit to list.
    details_baseline, details_candidate : pandas.DataFrame, DetailSource or None
        Reader details (task, item_id, prompt, target, response); a ``DetailSource`` is
        asked only for the rows of the listed items.

    Returns
    -------
    pandas.DataFrame
        Columns task, item_id, baseline, candidate, direction (``"worse"``/``"better"``),
        and prompt, target, response_baseline, response_candidate where known; worse first.
    """
    items = result_items.loc[
        (result_items["unit"] == unit) & (result_items["baseline"] != result_items["candidate"])
    ].copy()
    items["direction"] = (items["baseline"] > items["candidate"]).map(
        {True: "worse", False: "better"}
    )
    keys = ["task", "item_id"]
    wanted = items[keys]
    baseline = detail_rows(details_baseline, wanted)
    candidate = detail_rows(details_candidate, wanted)
    if baseline is not None:
        text = baseline[[*keys, "prompt", "target", "response"]].drop_duplicates(keys)
        items = items.merge(
            text.rename(columns={"response": "response_baseline"}), on=keys, how="left"
        )
    if candidate is not None:
        text = candidate[[*keys, "response"]].drop_duplicates(keys)
        items = items.merge(
            text.rename(columns={"response": "response_candidate"}), on=keys, how="left"
        )
    items = items.drop(columns=["unit"])
    return items.sort_values(
        ["direction", "task", "item_id"], ascending=[False, True, True], kind="stable"
    ).reset_index(drop=True)
