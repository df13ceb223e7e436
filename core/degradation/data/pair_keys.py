"""Pairing on integer codes: each (task, item) becomes one int64 key (issue 12, memory).

Merging, deduplicating and grouping on the string columns themselves made pandas hash
millions of strings several times over (2.7 GB for two 100 MB CSVs). Here the strings of
both sides are factorised once (Arrow's dictionary encoding, no Python string objects), and
every later step works on small integer arrays; the strings are taken again only for the
items that are tested.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from core.degradation.data.sorted_unique import all_distinct, sorted_unique
from core.errors import InputError
from core.samples import SampleScores


@dataclass(frozen=True)
class Codes:
    """Codes shared by both sides: ``key = task * n_items + item`` identifies (task, item_id).

    Attributes
    ----------
    key_baseline, key_candidate : numpy.ndarray
        The key of every row of each side's scores frame.
    group_baseline, group_candidate : numpy.ndarray
        The group code of every row.
    tasks, groups : pandas.Index
        The names behind the task and group codes.
    n_items : int
        The number of distinct item ids.
    item_rank : numpy.ndarray or None
        The position of each item code in the sorted ids (``None``: the codes are sorted).
    """

    key_baseline: np.ndarray
    key_candidate: np.ndarray
    group_baseline: np.ndarray
    group_candidate: np.ndarray
    tasks: pd.Index
    groups: pd.Index
    n_items: int
    item_rank: np.ndarray | None = None

    def task_of(self, key: np.ndarray) -> np.ndarray:
        """The task codes of some keys."""
        return key // max(self.n_items, 1)

    def item_of(self, key: np.ndarray) -> np.ndarray:
        """The item codes of some keys."""
        return key % max(self.n_items, 1)


def _arrow(values: pd.Series) -> list[pa.Array] | None:
    """The chunks of the values' Arrow string array without nulls (no copy), else ``None``."""
    if not isinstance(values.dtype, pd.StringDtype) or values.dtype.storage != "pyarrow":
        return None
    array = pa.array(values.array)
    chunks = array.chunks if isinstance(array, pa.ChunkedArray) else [array]
    if array.null_count or not pa.types.is_large_string(array.type):
        return None
    return list(chunks)


def _fixed_width(arrays: list[pa.Array], limit: int) -> list[np.ndarray] | None:
    """Each string as fixed-width bytes, zero-padded (then its length in two bytes when
    some string holds a NUL byte, so that padding cannot make two strings equal).

    Equal strings give equal values and the values' order is the strings' code-point
    order (UTF-8 keeps it). Eight bytes or fewer become big-endian unsigned integers.
    ``None`` when the arrays would take more than ``limit`` bytes.
    """
    parts = []
    for array in arrays:
        buffers = array.buffers()
        offsets = np.frombuffer(buffers[1], dtype=np.int64)
        offsets = offsets[array.offset : array.offset + len(array) + 1]
        data = np.zeros(0, np.uint8)
        if buffers[2] is not None:
            data = np.frombuffer(buffers[2], dtype=np.uint8)
        parts.append((offsets[:-1], np.diff(offsets), data))
    width = max((int(lengths.max()) for _, lengths, _ in parts if len(lengths)), default=0)
    suffix = 2 if any(len(data) and data.min() == 0 for _, _, data in parts) else 0
    size = max(width + suffix, 1)
    if width >= 2**16 or size * sum(len(a) for a in arrays) > limit:
        return None
    as_integer = size <= 8
    size = 8 if as_integer else size
    out = []
    for starts, lengths, data in parts:
        table = np.zeros((len(lengths), size), dtype=np.uint8)
        for column in range(width):
            rows = np.flatnonzero(lengths > column)
            table[rows, column] = data[starts[rows] + column]
            del rows
        if suffix:
            table[:, width] = lengths >> 8
            table[:, width + 1] = lengths & 255
        if as_integer:
            out.append(table.view(">u8").ravel().astype(np.uint64))
        else:
            out.append(table.view(f"S{size}").ravel())
        del table
    return out


def _factorize(first: pd.Series, second: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Codes in order of first appearance (Arrow's dictionary encoding when it can)."""
    arrays = [_arrow(first), _arrow(second)]
    if all(array is not None for array in arrays):
        encoded = pc.dictionary_encode(
            pa.chunked_array([*arrays[0], *arrays[1]], pa.large_string())
        )
        codes = np.concatenate([chunk.indices.to_numpy() for chunk in encoded.chunks])
        # every chunk's dictionary is a prefix of the last one's (one memo table)
        names = encoded.chunks[-1].dictionary if encoded.num_chunks else pa.array([], pa.string())
        return codes.astype(np.int64), pd.Index(pd.array(names, dtype=first.dtype))
    codes, names = pd.factorize(
        pd.concat([first, second], ignore_index=True), use_na_sentinel=False
    )
    return codes.astype(np.int64, copy=False), pd.Index(names)


def _item_codes(first: pd.Series, second: pd.Series) -> tuple[np.ndarray, int, np.ndarray | None]:
    """Item codes for both sides, their number and ranks (``None``: codes already sorted)."""
    arrays = [_arrow(first), _arrow(second)]
    if all(array is not None for array in arrays):
        fixed = _fixed_width([*arrays[0], *arrays[1]], limit=_FIXED_WIDTH_LIMIT)
        if fixed is not None:  # sorted names, then each value's position among them
            split = len(arrays[0])
            sides = [np.concatenate(fixed[:split]), np.concatenate(fixed[split:])]
            del fixed
            names = sorted_unique(np.concatenate([sorted_unique(side) for side in sides]))
            codes = np.concatenate([np.searchsorted(names, side) for side in sides])
            return codes.astype(np.int64, copy=False), len(names), None
    codes, names = _factorize(first, second)
    return codes, len(names), rank_of(names)


#: Bytes the fixed-width item ids may take (else the ids are hashed as strings).
_FIXED_WIDTH_LIMIT = 256 * 1024**2


def shared_codes(baseline: pd.DataFrame, candidate: pd.DataFrame) -> Codes:
    """Factorise task, item_id and group of both sides together (equal names, equal codes)."""
    split = len(baseline)
    item, n_items, item_rank = _item_codes(baseline["item_id"], candidate["item_id"])
    task, tasks = _factorize(baseline["task"], candidate["task"])
    key = task * max(n_items, 1) + item
    del task, item
    group, groups = _factorize(baseline["group"], candidate["group"])
    return Codes(
        key[:split], key[split:], group[:split], group[split:], tasks, groups, n_items, item_rank
    )


@dataclass(frozen=True)
class Side:
    """One side with duplicates dropped and reruns averaged: one row per (task, item).

    Attributes
    ----------
    key, group : numpy.ndarray
        Codes of :class:`Codes`.
    row : numpy.ndarray
        The position in the side's scores frame of the item's first row.
    score : numpy.ndarray
        The score, averaged over reruns.
    runs : numpy.ndarray
        The number of distinct reruns of the item.
    hashes : dict of str to pandas.Series
        ``item_hash`` and ``prompt_hash`` when the side has them (first seen per item).
    """

    key: np.ndarray
    group: np.ndarray
    row: np.ndarray
    score: np.ndarray
    runs: np.ndarray
    hashes: dict[str, pd.Series]


def deduplicate(
    run: SampleScores, side: str, key: np.ndarray
) -> tuple[np.ndarray | None, pd.Series]:
    """Rows to keep (``None``: all) and the exact repeats dropped per task.

    Raises
    ------
    InputError
        The same (task, item, run) appears with different scores.
    """
    if all_distinct(key):  # no repeated (task, item): no repeated (task, item, run) either
        return None, pd.Series(dtype="int64")
    frame = run.scores
    keys = pd.DataFrame({"key": key, "run": frame["run"].to_numpy()}, copy=False)
    repeated = keys.duplicated(keep=False).to_numpy()
    if not repeated.any():
        return None, pd.Series(dtype="int64")
    names = ["task", "item_id", "run"]
    dups = frame.loc[repeated]
    conflicting = dups.groupby(names, observed=True)["score"].nunique() > 1
    if conflicting.any():
        examples = ", ".join(f"{t}/{i}" for t, i, _ in conflicting[conflicting].index[:5])
        raise InputError(
            f"{run.source}: {int(conflicting.sum())} item(s) of the {side} run appear more than once with "
            f"different scores (e.g. {examples}). If these are reruns, add a run column (run, epoch, "
            "repeat); otherwise remove the duplicates."
        )
    dropped = keys.duplicated(keep="first").to_numpy()
    counts = frame.loc[dropped].groupby("task", observed=True).size()
    return ~dropped, counts


def collapse(
    frame: pd.DataFrame, keep: np.ndarray | None, key: np.ndarray, group: np.ndarray
) -> Side:
    """Average reruns per item; keep group, first row and hashes (first seen).

    Nothing is copied when no row is dropped and there is one run (the common case).
    """
    runs = frame["run"].to_numpy()
    score = frame["score"].to_numpy(dtype=float)
    if keep is None:
        row = np.arange(len(frame))
    else:
        row = np.flatnonzero(keep)
        runs, score, key, group = runs[row], score[row], key[row], group[row]
    optional = [name for name in ("item_hash", "prompt_hash") if name in frame]
    if len(runs) == 0 or (runs == runs[0]).all():  # one run: keys are already unique
        hashes = {name: frame[name].iloc[row].reset_index(drop=True) for name in optional}
        ones = np.broadcast_to(np.int64(1), len(row))  # read-only, no memory
        return Side(key, group, row, score, ones, hashes)
    columns = {"key": key, "score": score, "run": runs, "group": group, "row": row}
    table = pd.DataFrame(columns, copy=False)
    for name in optional:
        table[name] = frame[name].iloc[row].to_numpy()
    aggregations = {
        "score": ("score", "mean"),
        "runs": ("run", "nunique"),
        "group": ("group", "first"),
        "row": ("row", "first"),
    }
    aggregations.update({name: (name, "first") for name in optional})
    table = table.groupby("key", sort=False).agg(**aggregations).reset_index()
    return Side(
        key=table["key"].to_numpy(),
        group=table["group"].to_numpy(),
        row=table["row"].to_numpy(),
        score=table["score"].to_numpy(),
        runs=table["runs"].to_numpy(dtype=np.int64),
        hashes={name: table[name].astype(frame[name].dtype) for name in optional},
    )


def rank_of(names: pd.Index) -> np.ndarray:
    """The position of each name in sorted order (to sort rows by codes as by their names)."""
    order = np.asarray(names.argsort(), dtype=np.int64)
    rank = np.empty(len(names), dtype=np.int64)
    rank[order] = np.arange(len(names))
    return rank
