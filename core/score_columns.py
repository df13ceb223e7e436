"""Score tables as plain columns (numpy arrays and lists), with the DataFrame built on demand.

``python -m core compare`` is a CI gate whose floor is decoding the files (issue 13): importing
pandas (and the Arrow library its string columns load) alone cost about as much as reading
two 25,282-doc lm-eval runs. Readers that can (lm-eval JSON Lines) therefore hand the engine a
:class:`ScoreColumns`; pairing and the tests work on its arrays, and the pandas frame that the
rest of the project knows (``SampleScores.scores``) is built only when someone reads it
(:class:`LazyFrame`), identical to the one the reader used to build.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from core.errors import InputError
from core.formatting import plural

__all__ = ["Columns", "LazyFrame", "ScoreColumns", "check_score_columns"]


class Columns:
    """Base of the column stores that a :class:`LazyFrame` turns into a DataFrame."""

    def to_frame(self):  # pragma: no cover - every subclass defines it
        """The pandas DataFrame these columns stand for."""
        raise NotImplementedError


class LazyFrame:
    """A dataclass field that holds a DataFrame or :class:`Columns`, and reads as a DataFrame.

    Assigning columns keeps them; the first read builds ``columns.to_frame()`` once and keeps
    it beside them. :meth:`raw` gives what was assigned without building anything (the
    compare path's way in). Declared as a field's class attribute, it raises
    ``AttributeError`` on class access, so the dataclass field has no default.
    """

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        self.cache = f"_{name}_frame"

    def __get__(self, obj: object, owner: type | None = None):
        if obj is None:
            raise AttributeError(self.name)
        state = obj.__dict__
        value = state[self.name]
        if not isinstance(value, Columns):
            return value
        frame = state.get(self.cache)
        if frame is None:
            frame = state[self.cache] = value.to_frame()
        return frame

    def __set__(self, obj: object, value: object) -> None:
        obj.__dict__[self.name] = value
        obj.__dict__.pop(self.cache, None)

    def raw(self, obj: object):
        """What was assigned: a DataFrame or :class:`Columns` (nothing is built)."""
        return obj.__dict__[self.name]


@dataclass(frozen=True, eq=False)
class ScoreColumns(Columns):
    """A ``SampleScores.scores`` table as columns: one entry per (task, item_id, run) row.

    Attributes
    ----------
    task_names, group_names : tuple of str
        The distinct task and group names.
    task, group : numpy.ndarray
        Per row, the position of its task in ``task_names`` / its group in ``group_names``.
    item_id : list of str
    run : numpy.ndarray
        int64 rerun index.
    score : numpy.ndarray
        float64 scores.
    item_hash, prompt_hash : list of str or None, or None
        The optional hash columns (``None``: the column is absent; a ``None`` entry: no hash).
    """

    task_names: tuple[str, ...]
    task: np.ndarray
    group_names: tuple[str, ...]
    group: np.ndarray
    item_id: list[str]
    run: np.ndarray
    score: np.ndarray
    item_hash: list[str | None] | None = None
    prompt_hash: list[str | None] | None = None

    def __len__(self) -> int:
        return len(self.item_id)

    @property
    def hashes(self) -> dict[str, list[str | None]]:
        """The optional hash columns present, by column name."""
        present = {"item_hash": self.item_hash, "prompt_hash": self.prompt_hash}
        return {name: values for name, values in present.items() if values is not None}

    def task_of_row(self, row: int) -> str:
        """The task name of one row."""
        return self.task_names[int(self.task[row])]

    def to_frame(self):
        """The frame :func:`core.samples.make_score_frame` builds from these columns."""
        from core.samples import make_score_frame

        names = np.array(self.task_names, dtype=object)
        groups = np.array(self.group_names, dtype=object)
        return make_score_frame(
            names[self.task] if len(self.task) else [],
            self.item_id,
            self.score,
            run=self.run,
            group=groups[self.group] if len(self.group) else [],
            **self.hashes,
        )

    @classmethod
    def stack(cls, parts: Sequence[ScoreColumns]) -> ScoreColumns:
        """One table of the parts' rows, in order (tasks and groups renumbered)."""
        task_names: dict[str, int] = {}
        group_names: dict[str, int] = {}
        tasks, groups = [], []
        for part in parts:
            task_map = np.array(
                [task_names.setdefault(t, len(task_names)) for t in part.task_names]
            )
            group_map = np.array(
                [group_names.setdefault(g, len(group_names)) for g in part.group_names]
            )
            tasks.append(task_map[part.task] if len(part.task) else part.task)
            groups.append(group_map[part.group] if len(part.group) else part.group)
        hashes = {}
        for name in ("item_hash", "prompt_hash"):
            if any(getattr(part, name) is not None for part in parts):
                hashes[name] = [
                    value for part in parts for value in (getattr(part, name) or [None] * len(part))
                ]
        return cls(
            task_names=tuple(task_names),
            task=_concat(tasks, np.int64),
            group_names=tuple(group_names),
            group=_concat(groups, np.int64),
            item_id=[item for part in parts for item in part.item_id],
            run=_concat([part.run for part in parts], np.int64),
            score=_concat([part.score for part in parts], np.float64),
            **hashes,
        )

    def without_empty_hashes(self) -> ScoreColumns:
        """These columns without the hash columns that no row fills."""
        from dataclasses import replace

        empty = {
            name: None
            for name, values in self.hashes.items()
            if all(value is None or value != value for value in values)  # None or NaN
        }
        return replace(self, **empty) if empty else self


def _concat(arrays: list[np.ndarray], dtype: type) -> np.ndarray:
    if not arrays:
        return np.zeros(0, dtype=dtype)
    return np.concatenate(arrays).astype(dtype, copy=False)


def check_score_columns(columns: ScoreColumns, source: str) -> None:
    """:func:`core.samples.check_scores` on columns: the same checks and messages."""
    check_score_values(
        columns.score, source, lambda row: (columns.task_of_row(row), columns.item_id[row])
    )


def check_score_values(
    values: np.ndarray, source: str, item_at: Callable[[int], tuple[object, object]]
) -> None:
    """Raise :class:`InputError` when scores are missing, not finite or outside [0, 1].

    Parameters
    ----------
    values : numpy.ndarray
        The scores, as floats (NaN where missing).
    source : str
        The file they came from, named in the message.
    item_at : callable
        ``row -> (task, item_id)`` of a row, for naming the first bad one.
    """
    bad = ~np.isfinite(values)
    if bad.any():
        task, item = item_at(int(np.flatnonzero(bad)[0]))
        raise InputError(
            f"{source}: {_count_verb(int(bad.sum()), 'is', 'are')} missing or not numbers "
            f"(first: task {task!s}, item {item!s}). "
            "Every item needs a numeric score; fill in or remove those rows."
        )
    outside = (values < 0) | (values > 1)
    if outside.any():
        row = int(np.flatnonzero(outside)[0])
        task, item = item_at(row)
        raise InputError(
            f"{source}: {_count_verb(int(outside.sum()), 'lies', 'lie')} outside [0, 1] "
            f"(first: {float(values[row])!r} for task {task!s}, item {item!s}). "
            "Scores must be 0/1 correctness or a fraction in [0, 1]; divide percentages by 100."
        )


def _count_verb(count: int, singular: str, plural_verb: str) -> str:
    """ "1 score is", "1,500 scores are": noun and verb follow the count."""
    return f"{plural(count, 'score')} {singular if count == 1 else plural_verb}"
