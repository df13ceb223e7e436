"""Hostile-input cases about options and model tables (the rest of the corpus).

See :mod:`corpus` for what a :class:`Case` promises; these cases bound the numeric options
of every command and feed the frontier commands broken tables.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

from .corpus import _PNG, GOOD_CSV, Case, _write


def _table(name: str, data: bytes, *extra: str) -> Callable[[Path], list[str]]:
    """A frontier case: the table file and the columns to use."""

    def build(folder: Path) -> list[str]:
        path = _write(folder, name, data)
        return ["frontier", str(path), "--flops", "flops", "--score", "score", *extra]

    return build


def _frontier_rows(rows: int = 12, bad: int = 0) -> bytes:
    lines = ["model,flops,score"]
    for i in range(rows):
        flops = "n/a" if i < bad else f"1e{20 + i % 6}"
        score = "high" if bad <= i < 2 * bad else f"{0.2 + 0.05 * (i % 12):.2f}"
        lines.append(f"m{i},{flops},{score}")
    return ("\n".join(lines) + "\n").encode()


def _argv(*argv: str) -> Callable[[Path], list[str]]:
    def build(folder: Path) -> list[str]:
        _write(folder, "good/t.csv", GOOD_CSV)
        table = _write(folder, "table.csv", _frontier_rows())
        return [a.format(good=str(folder / "good"), table=str(table)) for a in argv]

    return build


#: Cases about option values and frontier tables.
OPTION_CASES: tuple[Case, ...] = (
    # argument limits
    Case(
        "resamples-negative",
        _argv("compare", "{good}", "{good}", "--resamples", "-5"),
        2,
        ("--resamples -5", "at least"),
    ),
    Case(
        "resamples-huge",
        _argv("compare", "{good}", "{good}", "--resamples", "1000000000"),
        2,
        ("at most 1,000,000",),
    ),
    Case("seed-negative", _argv("compare", "{good}", "{good}", "--seed", "-1"), 2, ("--seed",)),
    Case("alpha-above-1", _argv("compare", "{good}", "{good}", "--alpha", "2"), 2, ("--alpha",)),
    Case(
        "n-boot-negative",
        _argv("frontier", "{table}", "--flops", "flops", "--score", "score", "--n-boot", "-1"),
        2,
        ("--n-boot",),
    ),
    Case(
        "permutations-zero",
        _argv(
            "contamination",
            "{table}",
            "--x",
            "score",
            "--y",
            "score",
            "--date",
            "d",
            "--cutoff",
            "2024-01-01",
            "--permutations",
            "0",
        ),
        2,
        ("--permutations",),
    ),
    Case(
        "budgets-too-many",
        _argv(
            "budget",
            "{table}",
            "--score",
            "score",
            "--sweep",
            "--budgets",
            ",".join(str(i) for i in range(1, 61)),
        ),
        2,
        ("--budgets", "at most 50"),
    ),
    Case(
        "not-a-number-option",
        _argv("compare", "{good}", "{good}", "--resamples", "many"),
        2,
        ("invalid int",),
    ),
    # frontier tables
    Case(
        "frontier-text-in-numbers",
        _table("table.csv", _frontier_rows(30, bad=3), "--n-boot", "0"),
        0,
        stdout=("dropped 6", "missing compute: 3", "missing score: 3"),
    ),
    Case("frontier-png", _table("table.csv", _PNG), 2, ("png image",)),
    Case(
        "frontier-latin1",
        _table("table.csv", "model,flops,score\nm\xe9,1e20,0.5\n".encode("latin-1")),
        2,
        ("not utf-8", "line 2"),
        absent=("codec", "can't decode"),
    ),
    Case("frontier-empty", _table("table.csv", b""), 2, ("empty",)),
    Case(
        "frontier-gzip", _table("table.csv", gzip.compress(_frontier_rows(), mtime=0)), 2, ("gzip",)
    ),
    Case("frontier-xlsx", _table("table.xlsx", b"PK\x03\x04"), 2, ("unknown table format",)),
    Case(
        "frontier-too-few-rows",
        _table("table.csv", b"model,flops,score\na,1e20,0.5\nb,abc,0.6\n"),
        2,
        ("only 1 usable row;", "missing compute 1"),
    ),
    Case(
        "frontier-semicolon",
        _table("table.csv", _frontier_rows(24).replace(b",", b";"), "--n-boot", "0"),
        0,
        stdout=("n = 24",),
    ),
)
