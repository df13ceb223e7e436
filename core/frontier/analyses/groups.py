"""Saturation analyses over groups of models of a mapped table: pretrained against
post-trained neighbours (the paper's Figure 4c) and frontier dominance of small models."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.frontier.analyses.saturation import (
    DominanceResult,
    PretrainedComparison,
    frontier_dominance,
    is_official_pretrained,
    pretrained_vs_posttrained,
)
from core.frontier.data.dates import parse_dates
from core.frontier.data.mapping import ROW_ID, ColumnMapping, benchmark_name, kept_rows
from core.frontier.data.table import load_boundary_tables


@dataclass(frozen=True, slots=True)
class GroupAnalyses:
    """Per benchmark: pretrained vs post-trained comparison and frontier dominance.

    Attributes
    ----------
    comparisons : tuple of PretrainedComparison
        One per benchmark when a model type and an official provider column were given.
    dominance : dict of str to DominanceResult
        Per benchmark name, when a size column and dates were given.
    problems : tuple of str
        "benchmark: why" for each benchmark whose dominance could not be computed.
    """

    comparisons: tuple[PretrainedComparison, ...]
    dominance: dict[str, DominanceResult]
    problems: tuple[str, ...]


def group_analyses(
    frame: pd.DataFrame,
    mapping: ColumnMapping,
    scores: tuple[str, ...],
    tau: float,
    type_column: str | None,
    official_column: str | None,
    size_column: str | None,
    eps: float,
) -> GroupAnalyses:
    """Figure 4c comparisons (with type and official columns) and dominance (with sizes).

    Parameters
    ----------
    frame : pandas.DataFrame
        The table as read; rows the mapping excludes are left out.
    mapping : ColumnMapping
        Compute, date and exclusion columns.
    scores : tuple of str
        Score columns to analyse.
    tau : float
        Boundary level of the comparison's fits.
    type_column, official_column : str or None
        Model type and official-provider columns; both are needed for the comparison.
    size_column : str or None
        Parameter count in billions; with the mapping's dates it gives the dominance.
    eps : float
        Score decrease that counts as a drop between neighbours.

    Returns
    -------
    GroupAnalyses
    """
    data = kept_rows(frame, mapping, ROW_ID)
    dates = parse_dates(data[mapping.date]).values if mapping.date else None
    comparisons, dominance, problems = [], {}, []
    for column in scores:
        (t,) = load_boundary_tables(data, [column], model=ROW_ID, **mapping.compute_options())
        rows = t.model.astype(int)
        name = benchmark_name(column)
        if type_column and official_column:
            pre = is_official_pretrained(
                data[type_column].to_numpy()[rows], data[official_column].to_numpy()[rows]
            )
            comparisons.append(
                pretrained_vs_posttrained(t.log10_flops, t.score, pre, task=name, tau=tau, eps=eps)
            )
        if size_column and dates is not None:
            try:
                dominance[name] = frontier_dominance(
                    pd.to_numeric(data[size_column], errors="coerce").to_numpy()[rows],
                    t.score,
                    dates[rows],
                )
            except ValueError as error:
                problems.append(f"{name}: {error}")
    return GroupAnalyses(tuple(comparisons), dominance, tuple(problems))
