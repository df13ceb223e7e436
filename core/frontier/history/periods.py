"""Time periods for the temporal backtest (``docs/method-frontier.md`` §6.1).

A :class:`PeriodScheme` is an ordered set of half-open date intervals, built from the
user's cut dates, from calendar quarters, or as the paper's four OLL v2 periods. It is
always an argument; nothing is read from the environment.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.errors import InputError
from core.frontier.data.dates import parse_dates


@dataclass(frozen=True, slots=True)
class Period:
    """Dates in [start, end); ``None`` means unbounded on that side."""

    label: str
    start: pd.Timestamp | None
    end: pd.Timestamp | None


@dataclass(frozen=True, slots=True)
class PeriodScheme:
    """Ordered, non-overlapping periods; dates outside all of them belong to none."""

    periods: tuple[Period, ...]

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(p.label for p in self.periods)

    def assign(self, dates) -> np.ndarray:
        """Index of each date's period (0-based); -1 for missing dates or none."""
        d = pd.Series(parse_dates(dates).values)
        out = np.full(len(d), -1)
        for i, p in enumerate(self.periods):
            m = d.notna().to_numpy().copy()
            if p.start is not None:
                m &= (d >= p.start).to_numpy()
            if p.end is not None:
                m &= (d < p.end).to_numpy()
            out[m & (out < 0)] = i
        return out


def periods_from_cuts(cuts) -> PeriodScheme:
    """Periods split at ``cuts`` (dates at which a new period starts).

    The first period holds everything before the first cut and the last one everything
    from the last cut on; k cuts give k + 1 periods.
    """
    parsed = parse_dates(list(cuts))
    if parsed.n_unreadable or parsed.n_missing:
        raise InputError(f"cut dates must look like 2024-07-01: {parsed.note('the cuts')}")
    stamps = [pd.Timestamp(c) for c in parsed.values]
    if not stamps:
        raise InputError("give at least one cut date, e.g. 2024-07-01")
    if any(b <= a for a, b in zip(stamps, stamps[1:])):
        raise InputError(f"cut dates must be strictly increasing, got {list(cuts)}")
    bounds = [None, *stamps, None]
    periods = []
    for a, b in zip(bounds, bounds[1:]):
        if a is None:
            label = f"before {b.date()}"
        elif b is None:
            label = f"from {a.date()}"
        else:
            label = f"{a.date()} to {(b - pd.Timedelta(days=1)).date()}"
        periods.append(Period(label, a, b))
    return PeriodScheme(tuple(periods))


def paper_oll_periods() -> PeriodScheme:
    """The paper's four OLL v2 periods: up to 2024-06, 2024Q3, 2024Q4, 2025Q1."""
    q = pd.Timestamp
    return PeriodScheme(
        (
            Period("P1 (up to 2024-06)", None, q("2024-07-01")),
            Period("P2 (2024Q3)", q("2024-07-01"), q("2024-10-01")),
            Period("P3 (2024Q4)", q("2024-10-01"), q("2025-01-01")),
            Period("P4 (2025Q1)", q("2025-01-01"), q("2025-04-01")),
        )
    )


def quarterly_periods(dates, min_size: int = 30) -> PeriodScheme:
    """Calendar quarters spanning ``dates``.

    Leading quarters are pooled until the first period holds at least ``min_size``
    dates (early leaderboard data is sparse), so the first label reads "up to 2024Q2".
    Later quarters are kept as they are, however small.
    """
    d = pd.Series(parse_dates(dates).values).dropna()
    if d.empty:
        raise InputError("no valid dates to build quarters from")
    quarters = d.dt.to_period("Q")
    first, last = quarters.min(), quarters.max()
    all_q = pd.period_range(first, last, freq="Q")
    counts = quarters.value_counts().reindex(all_q, fill_value=0).to_numpy()
    k = 0
    while k < len(all_q) - 1 and counts[: k + 1].sum() < min_size:
        k += 1
    periods = [
        Period(
            f"up to {all_q[k]}" if k else str(all_q[k]),
            None,
            all_q[k].end_time.normalize() + pd.Timedelta(days=1),
        )
    ]
    for qq in all_q[k + 1 :]:
        periods.append(
            Period(str(qq), qq.start_time, qq.end_time.normalize() + pd.Timedelta(days=1))
        )
    return PeriodScheme(tuple(periods))
