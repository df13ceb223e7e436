"""Checks across several candidates: shown names, the same run twice, questions broken by several.

Used by :mod:`core.degradation.candidates`. No pandas import at module level: the frames
handled here come from :class:`~core.degradation.data.pairing.PairedSamples`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from core.degradation.data.pairing_checks import compare_digests


@dataclass(frozen=True)
class BrokenQuestion:
    """A question that several candidates got wrong (scored lower) but the baseline got right.

    Attributes
    ----------
    task, item_id, unit : str
        Where the question lives (``unit`` is the benchmark it is tested in).
    candidates : tuple of str
        The candidates that scored lower than the baseline on it, in the order given.
    """

    task: str
    item_id: str
    unit: str
    candidates: tuple[str, ...]

    @property
    def count(self) -> int:
        """How many candidates broke this question."""
        return len(self.candidates)


def broken_questions(
    paired: Mapping[str, Any], min_candidates: int = 2
) -> tuple[BrokenQuestion, ...]:
    """Questions that at least ``min_candidates`` candidates scored lower on than the baseline.

    Parameters
    ----------
    paired : mapping of str to PairedSamples
        Each candidate's pairing with the baseline, by its shown name.
    min_candidates : int, default 2

    Returns
    -------
    tuple of BrokenQuestion
        Most candidates first, then by task and item id.
    """
    found: dict[tuple[str, str], tuple[str, list[str]]] = {}
    for name, samples in paired.items():
        items = samples.items
        worse = items.loc[items["baseline"] > items["candidate"], ["unit", "task", "item_id"]]
        for unit, task, item_id in worse.itertuples(index=False):
            key = (str(task), str(item_id))
            found.setdefault(key, (str(unit), []))[1].append(name)
    rows = [
        BrokenQuestion(task, item_id, unit, tuple(names))
        for (task, item_id), (unit, names) in found.items()
        if len(names) >= min_candidates
    ]
    return tuple(sorted(rows, key=lambda q: (-q.count, q.task, _natural(q.item_id))))


def _natural(item_id: str) -> tuple[int, int | str]:
    return (0, int(item_id)) if item_id.isdigit() else (1, item_id)


def same_candidates(runs: Mapping[str, Any], paired: Mapping[str, Any]) -> list[str]:
    """Warnings for two candidates that are the same run.

    Parameters
    ----------
    runs : mapping of str to SampleScores
        Each candidate as read, by shown name.
    paired : mapping of str to PairedSamples
        Each candidate's pairing with the baseline, by shown name.

    Returns
    -------
    list of str
        One line per pair: the same files (identical SHA-256), or the same model name with
        the same score on every paired item.
    """
    names = list(runs)
    warnings = []
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            a, b = runs[first], runs[second]
            same_files, _ = compare_digests(a.file_digests, b.file_digests)
            if same_files:
                warnings.append(
                    f"candidates {first} and {second} are the same file(s) (identical "
                    "SHA-256): the same run was given twice."
                )
            elif a.model and a.model == b.model and _same_scores(paired[first], paired[second]):
                warnings.append(
                    f"candidates {first} and {second} carry the same model name ({a.model}) "
                    "and the same score on every paired item: probably the same run twice."
                )
    return warnings


def _same_scores(first: Any, second: Any) -> bool:
    columns = ["task", "item_id", "candidate"]
    a = first.items[columns].reset_index(drop=True)
    b = second.items[columns].reset_index(drop=True)
    return len(a) > 0 and a.equals(b)


def shown_names(
    baseline_model: str | None, candidates: Sequence[tuple[str, str | None]]
) -> list[str]:
    """The name each candidate is shown by: its model name when that tells it apart, else its file.

    Parameters
    ----------
    baseline_model : str or None
    candidates : sequence of (source, model)
        The path or upload name as given, and the model name read (None if unreadable).

    Returns
    -------
    list of str
        Unique names, in the order given. A model name is used when no other candidate and
        not the baseline carries it; otherwise the file name (its last path part), and the
        full source when even that repeats.
    """
    models = [model for _, model in candidates]
    files = [source.rstrip("/\\").replace("\\", "/").rsplit("/", 1)[-1] for source, _ in candidates]
    names = []
    for (source, model), file_name in zip(candidates, files):
        if model and models.count(model) == 1 and model != baseline_model:
            names.append(model)
        elif files.count(file_name) == 1:
            names.append(file_name)
        else:
            names.append(source)
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return unique
