"""Bounds on the numeric options of ``python -m core``, checked before any work starts.

A value outside its bounds (a negative count, a seed numpy refuses, more draws than any
question needs) is an :class:`~core.errors.InputError`: one line on stderr, exit status 2.
A value inside the bounds but large enough to run for a long time gets one ``note:`` line
on stderr with a rough duration before the work starts, so that nobody waits for hours
without knowing why.

The limits live in one table (:data:`LIMITS`) keyed by the argparse destination, so a new
command that reuses an option name (``--seed``, ``--resamples``) is bounded without code.
Durations are measured on the project's CI machine (one core) and stated with their
assumptions; they are estimates, not promises.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from dataclasses import dataclass

from core.errors import InputError


@dataclass(frozen=True)
class Limit:
    """The allowed range of one option and when it gets slow.

    Attributes
    ----------
    option : str
        The option as typed, e.g. ``"--resamples"``.
    low, high : float
        Smallest and largest allowed value (inclusive unless ``open_low``/``open_high``).
    open_low, open_high : bool
        Whether the bound itself is excluded.
    meaning : str
        What the value is, for the message ("sign-flip draws").
    slow_above : float or None
        Values above this get a note with the expected duration.
    seconds_each : float
        Seconds per unit of the value under the stated assumption.
    assumption : str
        What ``seconds_each`` assumes ("per 10,000 questions").
    allow_zero : bool
        Whether 0 is allowed in addition to ``[low, high]`` (e.g. ``--n-boot 0``: none).
    """

    option: str
    low: float
    high: float
    meaning: str
    open_low: bool = False
    open_high: bool = False
    slow_above: float | None = None
    seconds_each: float = 0.0
    assumption: str = ""
    allow_zero: bool = False

    def check(self, value: float, times: int = 1) -> str | None:
        """Raise InputError when ``value`` is out of range; return a note when it is slow.

        ``times`` multiplies the duration (e.g. the number of score columns to fit).
        """
        if self.allow_zero and value == 0:
            return None
        if not math.isfinite(value):
            raise InputError(f"{self.option} must be a finite number, got {value}")
        below = value <= self.low if self.open_low else value < self.low
        above = value >= self.high if self.open_high else value > self.high
        if below or above:
            raise InputError(
                f"{self.option} {_number(value)} is out of range: {self.meaning} must lie "
                f"{_range_text(self)}"
            )
        if self.slow_above is not None and value > self.slow_above:
            return (
                f"note: {self.option} {_number(value)} ({self.meaning}) may take about "
                f"{_duration(value * self.seconds_each * times)} {self.assumption}"
                f"{f' ({times} of them)' if times > 1 else ''}; "
                "press Ctrl-C to stop, or choose a smaller value."
            )
        return None


def _number(value: float) -> str:
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:g}"


def _range_text(limit: Limit) -> str:
    low = f"above {_number(limit.low)}" if limit.open_low else f"at least {_number(limit.low)}"
    high = f"below {_number(limit.high)}" if limit.open_high else f"at most {_number(limit.high)}"
    zero = " (or be 0)" if limit.allow_zero else ""
    return f"{low} and {high}{zero}"


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:,.0f} seconds"
    if seconds < 90 * 60:
        return f"{seconds / 60:,.0f} minutes"
    return f"{seconds / 3600:,.1f} hours"


#: numpy accepts seeds from 0 to 2**32 - 1 for the legacy generator, any non-negative int
#: for the new one; the common range is used everywhere.
_SEED_MAX = 2**32 - 1

#: Bounds by argparse destination. Timings: measured on 2 shared cores (see
#: docs/engineering-notes.md, i12-hostile): sign-flip draws cost about 25 us per draw per
#: 10,000 questions; a bootstrap refit about 20 ms per score column of 5,000 models; a
#: contamination permutation about 2 ms per 1,000 models.
LIMITS: dict[str, Limit] = {
    "resamples": Limit(
        "--resamples",
        99,
        1_000_000,
        "sign-flip draws",
        slow_above=200_000,
        seconds_each=25e-6,
        assumption="per 10,000 questions with non-binary scores",
    ),
    "n_boot": Limit(
        "--n-boot",
        10,
        100_000,
        "bootstrap resamples",
        allow_zero=True,
        slow_above=2_000,
        seconds_each=0.02,
        assumption="for score columns of 5,000 models",
    ),
    "permutations": Limit(
        "--permutations",
        99,
        1_000_000,
        "permutations",
        slow_above=100_000,
        seconds_each=0.002,
        assumption="per 1,000 models",
    ),
    "strata": Limit("--strata", 1, 100, "date strata"),
    "batches": Limit("--batches", 1, 100, "batches of the adaptive planner"),
    "seed": Limit("--seed", 0, _SEED_MAX, "the seed"),
    "alpha": Limit("--alpha", 0, 1, "the false-positive rate", open_low=True, open_high=True),
    "margin": Limit("--margin", 0, 1, "the margin (a fraction; 0.01 = 1 point)", open_high=True),
    "eps": Limit("--eps", 0, 1, "the tolerance"),
    "params_scale": Limit("--params-scale", 0, 1e30, "the scale", open_low=True),
    "tokens_scale": Limit("--tokens-scale", 0, 1e30, "the scale", open_low=True),
    "flops_scale": Limit("--flops-scale", 0, 1e30, "the scale", open_low=True),
}

#: Comma-separated lists: destination -> (option, largest count, per-item check).
_MAX_LIST_ITEMS = 50


def _budget_list(text: str) -> None:
    parts = [p for p in str(text).split(",") if p.strip()]
    if len(parts) > _MAX_LIST_ITEMS:
        raise InputError(
            f"--budgets lists {len(parts):,} budgets; give at most {_MAX_LIST_ITEMS} "
            "(each sweeps a full backtest)"
        )


def _at_list(values: list[float] | None) -> None:
    if values and len(values) > 1000:
        raise InputError(f"--at lists {len(values):,} values; give at most 1,000")
    for value in values or ():
        if not math.isfinite(value) or value <= 0:
            raise InputError(f"--at takes positive FLOPs such as 1e24, got {value:g}")


_LIST_CHECKS: dict[str, Callable[[object], None]] = {"budgets": _budget_list, "at": _at_list}


def check_arguments(args: argparse.Namespace) -> list[str]:
    """Check every bounded option the command was given.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line.

    Returns
    -------
    list of str
        Notes about slow values (one line each), to print on stderr before starting.

    Raises
    ------
    InputError
        The first option out of its range, as one line naming the option and the range.
    """
    notes = []
    for name, value in vars(args).items():
        if value is None or isinstance(value, bool):
            continue
        if name in _LIST_CHECKS:
            _LIST_CHECKS[name](value)
            continue
        limit = LIMITS.get(name)
        if limit is None or not isinstance(value, int | float):
            continue
        scores = getattr(args, "score", None)
        times = len(scores) if name == "n_boot" and isinstance(scores, list) else 1
        note = limit.check(float(value), times)
        if note:
            notes.append(note)
    return notes
