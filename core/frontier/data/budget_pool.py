"""The pool of candidate models for budget planning: compute, cost, optional scores.

A planning pool differs from a :class:`core.frontier.data.table.BoundaryTable` in that scores
may be unknown (the models are not evaluated yet) and every model has a cost. Rows are
read with the engine's own loader, so units, percent scores and drop reasons are the
same as for a boundary fit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd

from core.errors import InputError
from core.frontier.data.column_guesses import COST_COLUMN, guess_model
from core.frontier.data.mapping import ROW_ID, with_row_ids
from core.frontier.data.table import load_boundary_tables, row_names, table_frame

#: Column options passed on to the table reader.
COLUMN_OPTIONS = (
    "flops",
    "params",
    "tokens",
    "params_scale",
    "tokens_scale",
    "flops_scale",
    "date",
)
_ZERO = "__eval_verdict_zero__"


@dataclass(frozen=True, slots=True)
class CandidatePool:
    """Candidate models with compute and cost; scores where known (NaN otherwise).

    Attributes
    ----------
    source : str
        File name or "<DataFrame>".
    model, log10_flops, cost : numpy.ndarray
        Name, log10 pre-training FLOPs and evaluation cost of each kept model.
    cost_column : str
        Where the cost came from.
    date : numpy.ndarray or None
        ``datetime64[ns]`` dates when a date column was given.
    scores : Mapping[str, numpy.ndarray]
        Score column -> scores in [0, 1] aligned with ``model``; NaN when missing.
    n_rows : int
        Rows in the input.
    dropped : Mapping[str, int]
        Rows not in the pool, by reason.
    """

    source: str
    model: np.ndarray
    log10_flops: np.ndarray
    cost: np.ndarray
    cost_column: str
    date: np.ndarray | None
    scores: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    n_rows: int = 0
    dropped: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))

    @property
    def n(self) -> int:
        return int(self.log10_flops.size)

    def subset(self, mask) -> CandidatePool:
        """The pool restricted to ``mask`` (boolean or indices)."""
        m = np.asarray(mask)
        return CandidatePool(
            self.source,
            self.model[m],
            self.log10_flops[m],
            self.cost[m],
            self.cost_column,
            None if self.date is None else self.date[m],
            MappingProxyType({k: v[m] for k, v in self.scores.items()}),
            self.n_rows,
            self.dropped,
        )


def load_candidate_pool(
    source,
    *,
    cost: str | None = COST_COLUMN,
    scores: Sequence[str] = (),
    model: str | None = None,
    **columns,
) -> CandidatePool:
    """Read a pool of candidates from a CSV/Parquet file or a DataFrame.

    Parameters
    ----------
    source : path-like or pandas.DataFrame
        One row per candidate model.
    cost : str or None
        Cost column (default ``#Params (B)``, the paper's cost); None gives every model
        cost 1 (a budget then counts models).
    scores : sequence of str
        Score columns known for some or all rows (used to estimate boundary quality).
    model : str, optional
        Model name column (guessed from names like ``fullname`` or ``model``).
    **columns
        ``flops``, ``params``, ``tokens``, ``params_scale``, ``tokens_scale``,
        ``flops_scale`` and ``date``, as in
        :func:`core.frontier.data.table.load_boundary_tables`.

    Raises
    ------
    InputError
        A missing column, unreadable units, or no candidate with compute and cost.
    """
    unknown = sorted(set(columns) - set(COLUMN_OPTIONS))
    if unknown:
        raise TypeError(f"load_candidate_pool() got unexpected keyword arguments {unknown}")
    frame, name = table_frame(source)
    frame = with_row_ids(frame)  # a copy, with each row's position as its model name
    if cost is not None and cost not in frame.columns:
        raise InputError(
            f"{name}: no cost column {cost!r}; pass --cost with one of "
            f"{list(frame.columns)} (or --cost none to count models)"
        )
    names = row_names(frame, model or guess_model(frame.columns))
    frame[_ZERO] = 0.0
    common = dict(columns, model=ROW_ID)
    (base,) = load_boundary_tables(frame, [_ZERO], **common)
    rows = base.model.astype(int)
    c = (
        np.ones(len(frame))
        if cost is None
        else pd.to_numeric(frame[cost], errors="coerce").to_numpy(dtype=float)
    )[rows]
    good_cost = np.isfinite(c) & (c > 0)
    dropped = {
        k: v for k, v in base.dropped.items() if k not in ("missing score", "score outside [0, 1]")
    }
    dropped["missing or non-positive cost"] = int(np.count_nonzero(~good_cost))
    rows = rows[good_cost]
    if rows.size == 0:
        raise InputError(
            f"{name}: no candidate has both compute and a positive cost "
            f"({', '.join(f'{k}: {v}' for k, v in dropped.items() if v)})"
        )
    position = np.full(len(frame), -1)
    position[rows] = np.arange(rows.size)
    score_arrays = {}
    for column in scores:
        try:
            (table,) = load_boundary_tables(frame, [column], **common)
        except InputError as error:
            if column not in frame.columns:
                raise
            if "no usable row" not in str(error):
                raise
            score_arrays[column] = np.full(rows.size, np.nan)
            continue
        y = np.full(rows.size, np.nan)
        at = position[table.model.astype(int)]
        y[at[at >= 0]] = table.score[at >= 0]
        score_arrays[column] = y
    keep = good_cost
    return CandidatePool(
        source=name,
        model=names[rows],
        log10_flops=base.log10_flops[keep],
        cost=c[keep],
        cost_column=cost or "(1 per model)",
        date=None if base.date is None else base.date[keep],
        scores=MappingProxyType(score_arrays),
        n_rows=len(frame),
        dropped=MappingProxyType(dropped),
    )
