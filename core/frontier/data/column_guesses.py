"""Every guess of which column of a model table holds what, in one place.

The command line (:func:`core.frontier.data.table.load_boundary_tables` when a column is
not named), the candidate pool, and the page's editable mapping
(:func:`core.frontier.data.mapping.guess_mapping`) all guess through this module, so that
they pick the same columns of the same table. No other module keeps a list of column names.

Names are compared case-insensitively after stripping spaces; the first name of a list
that the table has wins. Compute guesses need the column to be numeric (more than 90% of
its non-empty cells read as numbers), so a text column named "compute notes" is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

import pandas as pd

from core.frontier.data.dates import parse_dates

#: Model name columns, most specific first (the Open LLM Leaderboard's ``fullname``).
MODEL_NAMES = ("fullname", "model", "model_id", "model_name", "name", "eval_name")
#: Base-model (family) columns, most specific first; the bootstrap resamples families.
FAMILY_NAMES = (
    "identified base model",
    "base model family",
    "base_model",
    "base model",
    "family",
    "model family",
)
#: Patterns of parameter, token and FLOPs column names (FLOPs = 6 * N * D from the first two).
PARAMS_PATTERN = r"param|model size"
TOKENS_PATTERN = r"token|data size"
FLOPS_PATTERN = r"flop|compute"
#: Words of date column names; among several dates, upload/release dates come first.
DATE_WORDS = ("date", "release", "modified", "created", "published", "timestamp")
PREFERRED_DATE_WORDS = ("upload", "release")
#: Score columns: names ending like this are the leaderboard's accuracies.
RAW_SCORE_SUFFIXES = (" raw", "_raw")
#: Words of numeric columns in 0-100 that are not scores (averages, likes, ranks, sizes).
NOT_SCORE_WORDS = (
    "average",
    "avg",
    "like",
    "heart",
    "❤",
    "download",
    "cost",
    "year",
    "rank",
    "size",
)
#: Words of yes/no columns that can exclude models.
FLAG_WORDS = ("flag", "merged", "moe", "deleted", "contaminat", "not available")
#: The paper's evaluation cost column, and the names a cost column may have.
COST_COLUMN = "#Params (B)"
SIZE_NAMES = (COST_COLUMN, "params (B)", "parameters (B)")
COST_NAMES = (*SIZE_NAMES, "cost")
#: Model type and official-provider columns of the Open LLM Leaderboard (Figure 4c).
TYPE_NAMES = ("Type",)
OFFICIAL_NAMES = ("Official Providers", "official")
#: Release date columns of a probe table (the contamination probe).
PROBE_DATE_NAMES = ("date", "release date")
#: Share of a column's non-empty cells that must read as numbers for a compute or score guess.
NUMERIC_SHARE = 0.9


def find_column(columns: Iterable, names: Iterable[str]) -> str | None:
    """The first of ``names`` (any case, spaces stripped) that ``columns`` has, or None."""
    lower = {str(c).lower().strip(): c for c in columns}
    return next((lower[n.lower()] for n in names if n.lower() in lower), None)


def guess_model(columns: Iterable) -> str | None:
    """The model name column (see :data:`MODEL_NAMES`), or None."""
    return find_column(columns, MODEL_NAMES)


def guess_family(columns: Iterable) -> str | None:
    """The base-model (family) column (see :data:`FAMILY_NAMES`), or None."""
    return find_column(columns, FAMILY_NAMES)


def numeric_share(series: pd.Series) -> float:
    """Share of the non-empty cells that read as numbers (0 for yes/no columns)."""
    present = series.dropna()
    if present.empty or pd.api.types.is_bool_dtype(series):
        return 0.0
    return float(pd.to_numeric(present, errors="coerce").notna().mean())


def is_flag_column(series: pd.Series) -> bool:
    """True for yes/no columns (booleans, or the strings "true"/"false")."""
    if pd.api.types.is_bool_dtype(series):
        return True
    if pd.api.types.is_numeric_dtype(series):
        return False
    present = series.dropna()
    if present.empty or present.nunique() > 2:
        return False
    return set(present.astype(str).str.lower().unique()) <= {"true", "false"}


def compute_candidates(frame: pd.DataFrame, numeric: Collection[str] | None = None):
    """Numeric columns named like FLOPs, parameters and tokens, in table order.

    ``numeric`` (the numeric columns, when already known) spares reading the values again.
    Returns three lists: flops, params, tokens.
    """
    columns = [str(c) for c in frame.columns]

    def named(pattern):
        found = [c for c in columns if re.search(pattern, c.lower())]
        if numeric is not None:
            return [c for c in found if c in numeric]
        return [c for c in found if numeric_share(frame[c]) > NUMERIC_SHARE]

    return named(FLOPS_PATTERN), named(PARAMS_PATTERN), named(TOKENS_PATTERN)


def guess_compute(frame: pd.DataFrame, numeric: Collection[str] | None = None):
    """``(flops, params, tokens)`` columns: parameters and tokens win over a FLOPs column.

    Unused entries are None; all three are None when the table has no compute column.
    """
    flops, params, tokens = compute_candidates(frame, numeric)
    if params and tokens:
        return None, params[0], tokens[0]
    if flops:
        return flops[0], None, None
    return None, None, None


def guess_scores(
    frame: pd.DataFrame, numeric: list[str], compute: Collection, named: Collection = ()
) -> list[str]:
    """Score columns: "… Raw" columns if any, else columns in [0, 1], else in 0-100.

    ``numeric`` lists the numeric columns; ``compute`` the chosen compute columns (never
    scores); ``named`` every column named like compute (never a percent score). Yes/no
    columns and averages, likes, ranks and sizes are skipped.
    """
    low = {c: c.lower() for c in numeric}
    scores = [c for c in numeric if low[c].endswith(RAW_SCORE_SUFFIXES)]
    if scores:
        return scores
    for c in numeric:
        values = pd.to_numeric(frame[c], errors="coerce").dropna()
        if c not in compute and values.size and values.between(0.0, 1.0).all():
            if not is_flag_column(frame[c]):
                scores.append(c)
    if scores:
        return scores
    for c in numeric:  # percentages (0-100), as on the Open LLM Leaderboard v1
        values = pd.to_numeric(frame[c], errors="coerce").dropna()
        if (
            c not in compute
            and c not in named
            and not any(w in low[c] for w in NOT_SCORE_WORDS)
            and values.size
            and values.between(0.0, 100.0).all()
            and values.quantile(0.95) > 1.0
            and not is_flag_column(frame[c])
        ):
            scores.append(c)
    return scores


def _dates_share(series: pd.Series) -> float:
    """Share of the first 200 non-empty cells that read as dates."""
    present = series.dropna().head(200)
    if present.empty:
        return 0.0
    return parse_dates(present).n_read / len(present)


def guess_date(frame: pd.DataFrame, numeric: Collection[str]) -> str | None:
    """A text column named like a date whose cells mostly read as dates; upload dates first."""
    dates = [
        str(c)
        for c in frame.columns
        if any(w in str(c).lower() for w in DATE_WORDS)
        and str(c) not in numeric
        and _dates_share(frame[c]) > 0.5
    ]
    dates.sort(key=lambda c: 0 if any(w in c.lower() for w in PREFERRED_DATE_WORDS) else 1)
    return dates[0] if dates else None


def flag_columns(frame: pd.DataFrame) -> tuple[str, ...]:
    """Yes/no columns that can exclude models (e.g. ``Flagged``, ``Merged``, ``MoE``)."""
    found = []
    for c in frame.columns:
        name = str(c)
        if is_flag_column(frame[c]) and any(w in name.lower() for w in FLAG_WORDS):
            found.append(name)
    return tuple(found)
