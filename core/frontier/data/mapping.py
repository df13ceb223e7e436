"""Column mapping for the frontier page: guess which columns hold what, then build the tables.

A user's model table has its own column names. :func:`guess_mapping` proposes a
:class:`ColumnMapping` (model, date, compute as FLOPs or as parameters and tokens, score
columns, base-model family, yes/no columns that can exclude models); the page shows it and
lets the user edit it; :func:`prepare_benchmarks` then builds one
:class:`~core.frontier.data.table.BoundaryTable` per score column and says, per benchmark, why a
benchmark cannot be fitted instead of failing the whole table.

Dates do not filter the boundary fit: every row with compute and a score is fitted (as in
the paper's 1e24 values); rows without a readable date are kept, carry ``NaT`` and simply
belong to no period in the backtest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from core.errors import InputError
from core.frontier.data.column_guesses import (
    NUMERIC_SHARE,
    compute_candidates,
    guess_compute,
    guess_date,
    guess_family,
    guess_model,
    guess_scores,
    is_flag_column,
    numeric_share,
)
from core.frontier.data.column_guesses import flag_columns as flag_columns  # the page's import
from core.frontier.data.dates import parse_dates
from core.frontier.data.table import (
    MIN_ROWS,
    BoundaryTable,
    drop_repeated_models,
    fittable_problem,
    load_boundary_tables,
    mixed_scale_problem,
    row_names,
)
from core.frontier.data.table_read import read_table_data

#: The column that carries each kept row's position, passed as the model name so that a
#: fitted table maps back to the frame's rows (``table.model.astype(int)``).
ROW_ID = "__eval_verdict_row__"


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Which column holds what. Empty strings and ``None`` mean "not used".

    Attributes
    ----------
    model, date, family : str or None
        Model name, upload/release date, base model (clusters of the bootstrap).
    flops : str or None
        Pre-training FLOPs column; used instead of ``params`` and ``tokens`` when given.
    params, tokens : str or None
        Parameter and pre-training token columns (FLOPs = 6 * N * D).
    flops_scale, params_scale, tokens_scale : float or None
        Multipliers to plain counts; None reads the unit from the column name.
    scores : tuple of str
        Score columns, one benchmark each.
    exclude : tuple of str
        Yes/no columns: rows where any of them is true are left out.
    """

    model: str | None = None
    date: str | None = None
    flops: str | None = None
    params: str | None = None
    tokens: str | None = None
    scores: tuple[str, ...] = ()
    family: str | None = None
    flops_scale: float | None = None
    params_scale: float | None = None
    tokens_scale: float | None = None
    exclude: tuple[str, ...] = ()

    @property
    def has_compute(self) -> bool:
        """A FLOPs column, or both a parameter and a token column."""
        return bool(self.flops) or bool(self.params and self.tokens)

    def compute_options(self) -> dict:
        """The compute keywords of :func:`~core.frontier.data.table.load_boundary_tables`:
        the FLOPs column when chosen, otherwise the parameter and token columns."""
        return {
            "flops": self.flops or None,
            "params": None if self.flops else self.params,
            "tokens": None if self.flops else self.tokens,
            "params_scale": self.params_scale,
            "tokens_scale": self.tokens_scale,
            "flops_scale": self.flops_scale,
        }


@dataclass(frozen=True, slots=True)
class BenchmarkProblem:
    """Why one score column cannot be fitted.

    Attributes
    ----------
    column, name : str
        The score column and its display name (:func:`benchmark_name`).
    message : str
        The reason in plain words, e.g. "only 12 usable rows; a boundary needs at least 20".
    """

    column: str
    name: str
    message: str


@dataclass(frozen=True, slots=True)
class PreparedTables:
    """Tables ready to fit, problems per benchmark, and what was left out.

    Attributes
    ----------
    tables : tuple of BoundaryTable
        One per fittable score column; ``model`` holds names, ``date`` may hold ``NaT``.
    problems : tuple of BenchmarkProblem
        Score columns that cannot be fitted, with the reason in plain words.
    n_rows : int
        Rows in the uploaded table.
    n_excluded : int
        Rows left out by the ``exclude`` columns.
    date_problem : str
        Non-empty when a date column was chosen but its values do not parse.
    n_undated : int
        Rows (after exclusion) without a readable date; fitted, but in no period.
    date_note : str
        A sentence on date cells that could not be read ("" when all were read).
    duplicates : str
        ``"first"`` (one row per model name) or ``"all"``.
    """

    tables: tuple[BoundaryTable, ...]
    problems: tuple[BenchmarkProblem, ...]
    n_rows: int
    n_excluded: int
    date_problem: str
    n_undated: int
    date_note: str = ""
    duplicates: str = "first"


def benchmark_name(column: str) -> str:
    """Display name of a score column: ``"MATH Lvl 5 Raw"`` -> ``"MATH Lvl 5"``."""
    name = re.sub(r"[\s_-]*raw$", "", column.strip(), flags=re.IGNORECASE)
    return name or column


_GENERIC_SCORES = {"score", "value", "accuracy", "acc", "result", "y"}


def display_names(columns, source: str) -> list[str]:
    """Display names of score columns; a lone generic one ("score") is named after the file.

    ``points_GPQA_diamond.csv`` with the column ``score`` gives ``GPQA_diamond``.
    """
    names = [benchmark_name(c) for c in columns]
    if len(names) == 1 and names[0].strip().lower() in _GENERIC_SCORES and source:
        stem = re.sub(r"^(points|scores?|results?)[_\s-]+", "", Path(source).stem, flags=re.I)
        return [stem or names[0]]
    return names


def read_table_bytes(name: str, data: bytes) -> pd.DataFrame:
    """Read an uploaded CSV, TSV or Parquet file; :class:`InputError` says what went wrong."""
    frame = read_table_data(name, data)
    if frame.empty or frame.shape[1] < 2:
        raise InputError(f"{name}: the table is empty or has a single column")
    return frame


def guess_mapping(frame: pd.DataFrame) -> ColumnMapping:
    """Propose a mapping from column names and values (the user checks and edits it).

    Every guess is :mod:`core.frontier.data.column_guesses`'s, as on the command line.
    Compute: parameter and token columns (names with "param" / "token") win over a FLOPs
    column (names with "flop" or "compute"). Scores: columns whose name ends in "Raw" when
    there are any (the Open LLM Leaderboard's accuracies), otherwise numeric columns whose
    values all lie in [0, 1]. Without a column named like a model, the first text column
    is proposed as the model (the page shows it; the command line numbers the rows).
    """
    columns = [str(c) for c in frame.columns]
    numeric = [c for c in columns if numeric_share(frame[c]) > NUMERIC_SHARE]
    flops, params, tokens = guess_compute(frame, numeric)
    named = [c for group in compute_candidates(frame, numeric) for c in group]
    strings = [c for c in columns if c not in numeric and not is_flag_column(frame[c])]
    return ColumnMapping(
        model=guess_model(columns) or (strings[0] if strings else None),
        date=guess_date(frame, numeric),
        flops=flops,
        params=params,
        tokens=tokens,
        scores=tuple(guess_scores(frame, numeric, {flops, params, tokens}, named)),
        family=guess_family(columns),
        exclude=(),  # the paper fits all rows; excluding flagged models is the user's call
    )


def truthy(series: pd.Series) -> np.ndarray:
    """True where a yes/no column says yes (a boolean True or the text "true")."""
    if pd.api.types.is_bool_dtype(series):
        return series.fillna(False).to_numpy(dtype=bool)
    return series.astype(str).str.lower().eq("true").to_numpy()


def excluded_rows(frame: pd.DataFrame, mapping: ColumnMapping) -> np.ndarray:
    """Rows that any of the mapping's ``exclude`` columns marks as yes."""
    excluded = np.zeros(len(frame), bool)
    for column in mapping.exclude:
        excluded |= truthy(frame[column])
    return excluded


def with_row_ids(frame: pd.DataFrame, row_id: str = ROW_ID) -> pd.DataFrame:
    """A copy of ``frame`` with each row's position as text in column ``row_id``.

    Tables built from it with ``model=row_id`` carry row positions as model names, which map
    each row back to the frame (``table.model.astype(int)``).
    """
    return frame.assign(**{row_id: np.arange(len(frame)).astype(str)})


def kept_rows(frame: pd.DataFrame, mapping: ColumnMapping, row_id: str = ROW_ID) -> pd.DataFrame:
    """The rows not excluded, renumbered, with their position in column ``row_id``."""
    data = frame.loc[~excluded_rows(frame, mapping)].reset_index(drop=True)
    return with_row_ids(data, row_id)


def _score_problem(frame: pd.DataFrame, column: str) -> str:
    if column not in frame.columns:
        return f"there is no column {column!r}"
    present = frame[column].dropna()
    if present.empty:
        return f"column {column!r} is empty"
    parsed = pd.to_numeric(present, errors="coerce")
    if parsed.notna().mean() < 0.5:
        example = present[parsed.isna()].astype(str).iloc[0]
        return (
            f"column {column!r} is not numeric (values such as {example[:40]!r}); "
            "choose a column of accuracies in [0, 1] or percentages"
        )
    mixed = mixed_scale_problem(parsed.to_numpy(dtype=float))
    if mixed:
        return f"column {column!r} {mixed}"
    return ""


def prepare_benchmarks(
    frame: pd.DataFrame,
    mapping: ColumnMapping,
    min_rows: int = MIN_ROWS,
    duplicates: str = "first",
) -> PreparedTables:
    """Build one table per score column; per-benchmark problems instead of one failure.

    Repeated model names keep their first usable row unless ``duplicates="all"``; too few
    rows, one compute value for all, one score for all, or a column mixing fractions and
    percentages make a per-benchmark problem.

    Raises
    ------
    InputError
        When there is no usable compute column (nothing can be fitted): no FLOPs column
        and no parameter and token columns, a compute column that is not numeric, or a
        unit that cannot be told from the column name.
    """
    if not mapping.has_compute:
        raise InputError(
            "no compute column: choose a FLOPs column, or a parameter column and a "
            "token column (compute = 6 x parameters x tokens)"
        )
    for column in (mapping.flops, mapping.params, mapping.tokens):
        if column and numeric_share(frame[column]) < 0.5:
            raise InputError(
                f"the compute column {column!r} is not numeric; choose a column of "
                "FLOPs, parameter counts or token counts"
            )
    excluded = excluded_rows(frame, mapping)
    data = kept_rows(frame, mapping, ROW_ID)
    names = row_names(data, mapping.model)
    dates, date_problem, date_note = None, "", ""
    if mapping.date:
        parsed = parse_dates(data[mapping.date])
        if parsed.n_read == 0 and parsed.n_unreadable:
            example = parsed.examples[0]
            date_problem = (
                f"the dates in {mapping.date!r} do not parse (e.g. {example!r}); "
                "boundaries are fitted without dates, but the history needs them"
            )
        else:
            dates = parsed.values
            date_note = parsed.note(mapping.date)
    problems, tables = [], []
    for column in mapping.scores:
        name = benchmark_name(column)
        problem = _score_problem(data, column)
        if not problem:
            try:
                (table,) = load_boundary_tables(
                    data,
                    [column],
                    model=ROW_ID,
                    family=mapping.family,
                    **mapping.compute_options(),
                )
            except InputError as error:
                if "no usable row" not in str(error):
                    raise
                problem = "no usable row (" + str(error).rsplit("(", 1)[-1]
        if not problem:
            rows = table.model.astype(int)
            table = replace(
                table,
                model=names[rows],
                source="table",
                date=None if dates is None else dates[rows],
            )
            if duplicates == "first" and mapping.model:
                table = drop_repeated_models(table)
            problem = fittable_problem(table, min_rows)
        if problem:
            problems.append(BenchmarkProblem(column, name, problem))
            continue
        tables.append(table)
    n_undated = (
        len(data)
        if mapping.date and dates is None
        else (int(np.isnat(dates).sum()) if dates is not None else 0)
    )
    return PreparedTables(
        tuple(tables),
        tuple(problems),
        len(frame),
        int(excluded.sum()),
        date_problem,
        n_undated,
        date_note,
        duplicates,
    )


def _dropped_text(table: BoundaryTable) -> str:
    parts = [f"{k} {v:,}" for k, v in table.dropped.items() if v]
    return ", ".join(parts) or "none"
