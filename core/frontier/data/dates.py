"""Dates as people write them: the ONE date parser of the frontier commands and page.

Accepted, mixed freely in one column: ISO dates with or without a time, with "Z" or a
UTC offset or neither ("2024-07-03", "2024-07-03T10:00:00Z", "2024-07-03 10:00+02:00"),
a month alone ("2024-07", read as its first day), written-out months ("3 Jul 2024"), and
slashed or dotted dates ("31/07/2024", "07/31/2024"). Times with a zone are converted to
UTC and the zone is then dropped, so every value is a naive UTC timestamp and comparisons
never mix aware and naive values.

Slashed dates are read day-first only when the column shows it (some first field above
12 and none of the second fields), month-first only when the column shows that; when the
column cannot tell (every value like 03/04/2024) or contradicts itself, those values are
not guessed but counted as unreadable, with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.errors import InputError

_SLASHED = re.compile(r"^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})(?:[ T].*)?$")
_MISSING = {"", "nan", "nat", "none", "null", "n/a", "na", "-", "—"}


@dataclass(frozen=True, slots=True)
class ParsedDates:
    """A date column read into naive UTC timestamps, with what could not be read.

    Attributes
    ----------
    values : numpy.ndarray
        ``datetime64[ns]``; ``NaT`` where the cell was empty or unreadable.
    n_missing : int
        Empty cells.
    n_unreadable : int
        Non-empty cells that are not a date (or an ambiguous day/month order).
    examples : tuple of str
        Up to three unreadable values, as written.
    order : str
        How slashed dates were read: ``"day first"``, ``"month first"``, ``"ambiguous"``
        or ``""`` when there were none.
    """

    values: np.ndarray
    n_missing: int
    n_unreadable: int
    examples: tuple[str, ...] = ()
    order: str = ""

    @property
    def n_read(self) -> int:
        """Cells read as dates."""
        return int(np.count_nonzero(~np.isnat(self.values)))

    def note(self, column: str) -> str:
        """One plain sentence on unreadable dates ("" when all non-empty cells were read)."""
        if not self.n_unreadable:
            return ""
        shown = ", ".join(repr(e) for e in self.examples)
        word = "date" if self.n_unreadable == 1 else "dates"
        why = (
            "; day and month cannot be told apart (write them as 2024-07-03)"
            if self.order == "ambiguous"
            else ""
        )
        return f"{self.n_unreadable:,} {word} in {column!r} could not be read (e.g. {shown}){why}"


def _naive_utc(parsed: pd.Series) -> pd.Series:
    if getattr(parsed.dt, "tz", None) is not None:
        return parsed.dt.tz_convert("UTC").dt.tz_localize(None)
    return parsed


def _slashed_order(matches: list[re.Match]) -> str:
    first = [int(m.group(1)) for m in matches]
    second = [int(m.group(2)) for m in matches]
    day_first = any(a > 12 for a in first)
    month_first = any(b > 12 for b in second)
    if day_first and not month_first:
        return "day first"
    if month_first and not day_first:
        return "month first"
    return "ambiguous"


def parse_dates(values) -> ParsedDates:
    """Read a column of dates (strings, datetimes or a mix) into naive UTC timestamps.

    Parameters
    ----------
    values : array-like
        One value per row: strings as people write them, ``datetime`` or
        ``pandas.Timestamp`` objects (aware or naive), or missing values.

    Returns
    -------
    ParsedDates
        Never raises for bad cells: they become ``NaT`` and are counted.
    """
    series = pd.Series(values, dtype=object).reset_index(drop=True)
    if pd.api.types.is_datetime64_any_dtype(pd.Series(values)):
        parsed = _naive_utc(pd.Series(values).reset_index(drop=True))
        n_missing = int(parsed.isna().sum())
        return ParsedDates(parsed.to_numpy(dtype="datetime64[ns]"), n_missing, 0)
    out = pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")
    text = series.map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else v)
    is_stamp = text.map(lambda v: isinstance(v, pd.Timestamp | np.datetime64) or hasattr(v, "year"))
    for i in np.flatnonzero(is_stamp.to_numpy()):
        stamp = pd.Timestamp(text.iloc[i])
        if stamp is not pd.NaT and stamp.tzinfo is not None:
            stamp = stamp.tz_convert("UTC").tz_localize(None)
        out.iloc[i] = stamp
    text = text.where(~is_stamp, "").astype(str).str.strip()
    missing = text.str.lower().isin(_MISSING) & ~is_stamp
    todo = ~missing & ~is_stamp
    # 1. ISO 8601 in all its forms (date, month, time, "Z", offsets), mixed zones allowed.
    iso = pd.to_datetime(text.where(todo), format="ISO8601", utc=True, errors="coerce")
    done = todo & iso.notna()
    out[done] = _naive_utc(iso[done])
    todo &= ~done
    # 2. Slashed/dotted dates: day or month first, decided by the whole column.
    matches = {i: _SLASHED.match(text.iloc[i]) for i in np.flatnonzero(todo.to_numpy())}
    slashed = {i: m for i, m in matches.items() if m}
    order = _slashed_order(list(slashed.values())) if slashed else ""
    if slashed and order != "ambiguous":
        index = list(slashed)
        parsed = pd.to_datetime(
            text.iloc[index], dayfirst=order == "day first", format="mixed", errors="coerce"
        )
        parsed = pd.Series(parsed, index=index)
        good = parsed.notna()
        out[parsed.index[good]] = parsed[good].to_numpy()
        todo[parsed.index[good]] = False
    # 3. Anything else with words ("3 Jul 2024", "July 2024"); slashed ones are not guessed.
    rest = [
        i
        for i in np.flatnonzero(todo.to_numpy())
        if i not in slashed and re.search(r"\d", text.iloc[i])  # a date has digits
    ]
    for i in rest:
        try:
            stamp = pd.to_datetime(text.iloc[i], format="mixed", utc=True)
        except (ValueError, TypeError, OverflowError):
            continue
        if stamp is not pd.NaT and re.search(r"[A-Za-z]{3,}", text.iloc[i]):
            out.iloc[i] = stamp.tz_convert("UTC").tz_localize(None)
            todo.iloc[i] = False
    unreadable = np.flatnonzero(todo.to_numpy())
    examples = tuple(dict.fromkeys(text.iloc[unreadable].str.slice(0, 40)))[:3]
    return ParsedDates(
        out.to_numpy(dtype="datetime64[ns]"),
        int(missing.sum()),
        int(unreadable.size),
        examples,
        order,
    )


def parse_date(text, what: str = "date") -> pd.Timestamp:
    """One date typed by a person (a cut date, a cut-off): naive UTC, or InputError."""
    parsed = parse_dates([text])
    if parsed.n_read != 1:
        raise InputError(f"{what}: cannot read {str(text)!r} as a date; write it as 2024-07-01")
    return pd.Timestamp(parsed.values[0])
