"""Read a model table into the arrays a boundary fit needs, counting every dropped row.

Input: a CSV or Parquet file (or a DataFrame) with one row per model, one or more score
columns, and compute given either as a FLOPs column or as parameter and token columns
(FLOPs = 6 * N * D). Units are read from column names such as ``#Params (B)`` and
``Pretraining tokens (T)`` or given explicitly. Scores in percent are detected (95th
percentile in (1, 100], the reference code's rule) and divided by 100.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd

from core.errors import InputError
from core.frontier.data.column_guesses import guess_family, guess_model
from core.frontier.data.compute import log10_flops, numeric_column
from core.frontier.data.dates import parse_dates
from core.frontier.data.table_read import PARQUET_SUFFIXES, TEXT_SUFFIXES, read_table_data

#: Drop reasons, in the order they are checked; each row counts under its first reason.
DROP_REASONS = (
    "missing compute",
    "non-positive compute",
    "missing or unreadable date",
    "missing score",
    "score outside [0, 1]",
    "repeated model name",
)
#: A boundary (four parameters) needs at least this many usable rows; CLI and page alike.
MIN_ROWS = 20
#: How repeated model names are handled: keep the first usable row, or keep every row.
DUPLICATE_RULES = ("first", "all")


@dataclass(frozen=True, slots=True)
class BoundaryTable:
    """The usable rows of one score column, ready for fitting.

    Attributes
    ----------
    source : str
        File name (or "<DataFrame>").
    score_column : str
        Column the scores come from.
    model, log10_flops, score : numpy.ndarray
        Model name, log10 pre-training FLOPs and score in [0, 1] of each kept row.
    date : numpy.ndarray or None
        ``datetime64[ns]`` upload/release dates when a date column was used.
    family : numpy.ndarray or None
        Base model (cluster) of each row when a family column was used.
    n_rows : int
        Rows in the input, kept or not.
    dropped : Mapping[str, int]
        Rows not used, by reason (see ``DROP_REASONS``); zero counts included.
    percent_scaled : bool
        True when the scores looked like percentages and were divided by 100.
    compute_description : str
        How FLOPs were obtained, e.g. ``6 * #Params (B)*1e9 * Pretraining tokens (T)*1e12``.
    date_note : str
        A sentence on date cells that could not be read ("" when all were read).
    duplicates : str
        The rule for repeated model names (see ``DUPLICATE_RULES``); the rows it removed
        are counted under "repeated model name".
    """

    source: str
    score_column: str
    model: np.ndarray
    log10_flops: np.ndarray
    score: np.ndarray
    date: np.ndarray | None
    family: np.ndarray | None
    n_rows: int
    dropped: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    percent_scaled: bool = False
    compute_description: str = ""
    date_note: str = ""
    duplicates: str = "all"

    @property
    def n(self) -> int:
        """Rows kept."""
        return int(self.score.size)

    @property
    def n_dropped(self) -> int:
        """Rows not used, all reasons together."""
        return int(sum(self.dropped.values()))


def drop_repeated_models(table: BoundaryTable, names=None) -> BoundaryTable:
    """Keep the first usable row of each model name; count the others as dropped.

    Parameters
    ----------
    table : BoundaryTable
    names : numpy.ndarray, optional
        Model names aligned with the table's rows (default: ``table.model``).
    """
    names = table.model if names is None else np.asarray(names)
    repeated = pd.Series(names.astype(str)).duplicated(keep="first").to_numpy()
    dropped = dict(table.dropped)
    dropped["repeated model name"] = dropped.get("repeated model name", 0) + int(repeated.sum())
    keep = ~repeated

    def cut(values):
        return None if values is None else values[keep]

    return replace(
        table,
        model=table.model[keep],
        log10_flops=table.log10_flops[keep],
        score=table.score[keep],
        date=cut(table.date),
        family=cut(table.family),
        dropped=MappingProxyType(dropped),
        duplicates="first",
    )


def fittable_problem(table: BoundaryTable, min_rows: int = MIN_ROWS) -> str:
    """Why a boundary cannot be fitted to these rows, in plain words ("" when it can).

    Too few usable rows, one compute value for every model, or one score for every model.
    """
    if table.n < min_rows:
        unusable = ", ".join(f"{k} {v:,}" for k, v in table.dropped.items() if v) or "none"
        return (
            f"only {table.n:,} usable row{'' if table.n == 1 else 's'}; a boundary needs at least {min_rows} "
            f"(unusable rows: {unusable})"
        )
    if np.ptp(table.log10_flops) < 1e-9:
        flops = f"{10 ** table.log10_flops[0]:.2g}".replace("e+", "e")
        return (
            f"every model has the same compute ({flops} FLOPs); "
            "a boundary needs models of different compute"
        )
    if np.ptp(table.score) < 1e-12:
        return f"every model has the same score ({table.score[0]:.4g}); there is no boundary to fit"
    return ""


def check_fittable(table: BoundaryTable, min_rows: int = MIN_ROWS) -> None:
    """Raise :class:`InputError` naming the file and column when :func:`fittable_problem` finds one."""
    problem = fittable_problem(table, min_rows)
    if problem:
        raise InputError(f"{table.source}: score {table.score_column!r}: {problem}")


def mixed_scale_problem(values: np.ndarray) -> str:
    """A message when a score column mixes fractions and percentages ("" otherwise)."""
    finite = values[np.isfinite(values)]
    if not finite.size:
        return ""
    fraction = float(np.mean((finite > 0) & (finite <= 1)))
    percent = float(np.mean((finite > 1) & (finite <= 100)))
    if fraction >= 0.2 and percent >= 0.05:
        small = finite[(finite > 0) & (finite <= 1)][0]
        large = finite[(finite > 1) & (finite <= 100)][0]
        return (
            f"mixes fractions and percentages ({fraction:.0%} of values in (0, 1] such as "
            f"{small:g}, {percent:.0%} in (1, 100] such as {large:g}); write every score on "
            "one scale"
        )
    return ""


def read_table(path) -> pd.DataFrame:
    """Read a CSV, TSV or Parquet file; raise :class:`InputError` with what to do otherwise."""
    p = Path(path)
    if p.suffix.lower() not in (*TEXT_SUFFIXES, *PARQUET_SUFFIXES):
        raise InputError(
            f"{p}: unknown table format {p.suffix.lower()!r}; give a .csv, .tsv or .parquet file"
        )
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if not p.is_file():
        raise InputError(f"{p}: not a file (a folder, device or pipe); give the table file")
    try:
        data = p.read_bytes()
    except OSError as error:
        raise InputError(f"{p}: cannot read it ({error.strerror or 'read error'})") from None
    return read_table_data(str(p), data)


def table_frame(source, name: str | None = None) -> tuple[pd.DataFrame, str]:
    """The DataFrame of ``source`` (a path or a DataFrame) and the name messages give it."""
    if isinstance(source, pd.DataFrame):
        return source, name or "<DataFrame>"
    return read_table(source), name or Path(source).name


def row_names(frame: pd.DataFrame, model: str | None) -> np.ndarray:
    """The model name of each row, or "row 1", "row 2", … without a model column."""
    if model:
        return frame[model].astype(str).to_numpy()
    return np.array([f"row {i + 1}" for i in range(len(frame))], dtype=object)


def load_boundary_tables(
    source,
    scores: Sequence[str],
    *,
    flops: str | None = None,
    params: str | None = None,
    tokens: str | None = None,
    params_scale: float | None = None,
    tokens_scale: float | None = None,
    flops_scale: float | None = None,
    date: str | None = None,
    model: str | None = None,
    family: str | None = None,
    duplicates: str = "first",
    name: str | None = None,
) -> tuple[BoundaryTable, ...]:
    """Load one :class:`BoundaryTable` per score column.

    Parameters
    ----------
    source : path-like or pandas.DataFrame
        A .csv/.tsv/.parquet file or a DataFrame.
    scores : sequence of str
        Score columns (accuracies in [0, 1], or percentages, which are scaled).
    flops : str, optional
        Column with pre-training FLOPs. Its unit comes from the name ("(1E21)", "zflops",
        "log10 ...") or ``flops_scale``.
    params, tokens : str, optional
        Parameter and pre-training token columns; FLOPs = 6 * N * D. Units come from
        names such as ``#Params (B)`` and ``Pretraining tokens (T)`` or from
        ``params_scale`` / ``tokens_scale`` (multipliers to plain counts).
        With none of ``flops``, ``params``, ``tokens`` the columns are guessed.
    date : str, optional
        Date column; rows without a readable date are then dropped and counted.
    model : str, optional
        Model name column (guessed from names like ``fullname`` or ``model``).
    family : str, optional
        Base-model column used to resample fine-tunes of one base together in the
        bootstrap (guessed from names like ``Identified base model``).
    duplicates : {"first", "all"}
        Repeated model names: keep the first usable row of each (default; the others
        are counted under "repeated model name"), or keep every row (the paper fits
        every row of the leaderboard, where one model can appear at two precisions).
    name : str, optional
        The file name messages and tables give for a DataFrame source.

    Returns
    -------
    tuple of BoundaryTable
        One per score column, each with its own drop counts.

    Raises
    ------
    InputError
        When a column is missing, units cannot be told, a score column mixes fractions
        and percentages, or no usable row is left.
    """
    if duplicates not in DUPLICATE_RULES:
        raise InputError(f"duplicates must be one of {DUPLICATE_RULES}, got {duplicates!r}")
    frame, name = table_frame(source, name)
    if not scores:
        raise InputError(f"{name}: name at least one score column with --score")
    z, description, raw = log10_flops(
        frame, name, flops, params, tokens, params_scale, tokens_scale, flops_scale
    )
    bad_compute = ~np.isfinite(raw)
    nonpositive = np.isfinite(raw) & ((raw <= 0) | ~np.isfinite(z))
    names = row_names(frame, model or guess_model(frame.columns))
    if family is not None and family not in frame.columns:
        raise InputError(f"{name}: no family column {family!r}; columns are {list(frame.columns)}")
    family = family or guess_family(frame.columns)
    families = frame[family].astype(str).to_numpy() if family else None
    dates, date_note = None, ""
    bad_date = np.zeros(len(frame), bool)
    if date is not None:
        if date not in frame.columns:
            raise InputError(f"{name}: no date column {date!r}; columns are {list(frame.columns)}")
        parsed = parse_dates(frame[date])
        dates = parsed.values
        bad_date = np.isnat(dates)
        date_note = parsed.note(date)

    tables = []
    for column in scores:
        y = numeric_column(frame, column, name)
        mixed = mixed_scale_problem(y)
        if mixed:
            raise InputError(f"{name}: score column {column!r} {mixed}")
        finite = y[np.isfinite(y)]
        scaled = bool(finite.size and 1.0 + 1e-9 < np.percentile(finite, 95) <= 100.0 + 1e-9)
        if scaled:
            y = y / 100.0
        missing = ~np.isfinite(y)
        outside = ~missing & ((y < 0) | (y > 1))
        reasons = [bad_compute, nonpositive, bad_date, missing, outside, np.zeros_like(missing)]
        used = np.zeros(len(frame), bool)
        counts = {}
        for reason, mask in zip(DROP_REASONS, reasons):
            counts[reason] = int(np.count_nonzero(mask & ~used))
            used |= mask
        keep = ~used
        if np.count_nonzero(keep) == 0:
            raise InputError(
                f"{name}: no usable row for score {column!r} "
                f"({', '.join(f'{k}: {v}' for k, v in counts.items() if v)})"
            )
        table = BoundaryTable(
            source=name,
            score_column=column,
            model=names[keep],
            log10_flops=z[keep],
            score=y[keep],
            date=None if dates is None else dates[keep],
            family=None if families is None else families[keep],
            n_rows=len(frame),
            dropped=MappingProxyType(counts),
            percent_scaled=scaled,
            compute_description=description,
            date_note=date_note,
        )
        tables.append(drop_repeated_models(table) if duplicates == "first" else table)
    return tuple(tables)
