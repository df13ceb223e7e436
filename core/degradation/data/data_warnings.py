"""Data-quality warnings grouped for display beside the verdict.

Readers and pairing emit one plain sentence per problem (``PairingReport.warnings``, each
prefixed by its side). Eight tasks whose results file disagrees with the samples give eight
near-identical lines; :func:`group_warnings` gathers them into one group per kind of
problem with a count, keeping every original line for the details.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

#: (kind, title, pattern) in display order; the first matching pattern wins.
_KINDS: tuple[tuple[str, str, str], ...] = (
    ("same_inputs", "Both sides may be the same run", r"^both sides "),
    ("one_side", "Items or tasks on one side only", r"one side only|without a samples file"),
    (
        "counts",
        "Results-file counts disagree with the samples",
        r"results file counts|counts \d+ docs",
    ),
    ("prompts", "Different prompts", r"different prompts"),
    ("hashes", "Content-hash mismatches", r"content hash"),
    (
        "skipped",
        "Runs or rows skipped",
        r"runs; the newest|skipped|ended with an error|status is|excluded|no .* value",
    ),
    ("scoring", "Scoring differs or is not 0/1", r"different (metric|filter)|not 0/1|booleans"),
)
_OTHER = ("other", "Other notes")


@dataclass(frozen=True, slots=True)
class WarningGroup:
    """Warnings of one kind.

    Attributes
    ----------
    kind : str
        ``"same_inputs"``, ``"one_side"``, ``"counts"``, ``"prompts"``, ``"hashes"``, ``"skipped"``,
        ``"scoring"`` or ``"other"``.
    title : str
        Plain heading, e.g. "Results-file counts disagree with the samples".
    messages : tuple of str
        Every original line of this kind, in order.
    sides : tuple of str
        Which sides they concern (``"baseline"``, ``"candidate"``, ``"both"``).
    """

    kind: str
    title: str
    messages: tuple[str, ...]
    sides: tuple[str, ...]

    @property
    def count(self) -> int:
        """Number of warnings in the group."""
        return len(self.messages)

    @property
    def summary(self) -> str:
        """One line: the title, the count and the sides, e.g. "… (8 warnings: baseline 8)"."""
        tally: dict[str, int] = {}
        for side in self.sides:
            tally[side] = tally.get(side, 0) + 1
        noun = "warning" if self.count == 1 else "warnings"
        where = ", ".join(f"{side} {n:,}" for side, n in tally.items())
        return f"{self.title} ({self.count:,} {noun}: {where})"


def _side(message: str) -> tuple[str, str]:
    for side in ("baseline", "candidate"):
        if message.startswith(f"{side}: "):
            return side, message[len(side) + 2 :]
    return "both", message


def group_warnings(warnings: Sequence[str]) -> tuple[WarningGroup, ...]:
    """Group warning lines by kind, in a fixed order, keeping every line.

    Parameters
    ----------
    warnings : sequence of str
        ``PairingReport.warnings``.

    Returns
    -------
    tuple of WarningGroup
        Only the kinds that occur; their counts add up to ``len(warnings)``.
    """
    buckets: dict[str, list[tuple[str, str]]] = {}
    for message in warnings:
        side, text = _side(message)
        kind = next(
            (k for k, _, pattern in _KINDS if re.search(pattern, text, re.IGNORECASE)), _OTHER[0]
        )
        buckets.setdefault(kind, []).append((side, message))
    titles = {kind: title for kind, title, _ in _KINDS} | {_OTHER[0]: _OTHER[1]}
    order = [kind for kind, _, _ in _KINDS] + [_OTHER[0]]
    return tuple(
        WarningGroup(
            kind=kind,
            title=titles[kind],
            messages=tuple(m for _, m in buckets[kind]),
            sides=tuple(s for s, _ in buckets[kind]),
        )
        for kind in order
        if kind in buckets
    )
