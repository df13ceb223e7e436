"""Pair a baseline run with a candidate run, item by item, and report what did not pair.

Steps (docs/formats.md §9):

1. Duplicate keys (task, item, run) are counted per side; exact repeats are dropped, but
   repeats with different scores are an error (they may be reruns without a run column).
2. Reruns are averaged per item, so an item counts once (the independent unit).
3. Items are paired on (task, item_id); items on one side only are counted, never hidden.
4. When both sides carry item hashes, items whose hashes differ saw different content:
   they are left out of the test and counted. Differing prompt hashes only warn.
5. Units are benchmarks (``level="group"``, subtasks pooled) or subtasks (``level="task"``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np

from core.degradation.data.pairing_checks import pairing_report, same_sides_warnings
from core.degradation.data.pairing_report import PairingReport, task_pairing
from core.errors import InputError
from core.samples import DetailSource, SampleScores, check_scores
from core.score_columns import LazyFrame

if TYPE_CHECKING:
    import pandas as pd

    from core.degradation.data.pair_columns import PairedColumns
    from core.degradation.data.pair_keys import Codes, Side

Level = Literal["group", "task"]


@dataclass(frozen=True)
class PairedSamples:
    """Paired per-item scores, ready for the tests.

    Attributes
    ----------
    items : pandas.DataFrame
        One row per tested item: ``unit``, ``task``, ``item_id``, ``baseline``,
        ``candidate`` (reruns averaged), sorted by unit. Pairing of column-based runs gives
        a :class:`~core.degradation.data.pair_columns.PairedColumns` here: the frame is built
        when ``items`` is first read, and :attr:`columns` reads the arrays without pandas.
    units : tuple of str
        The test units in order (benchmarks or subtasks, per ``level``).
    binary_units : tuple of bool
        Per unit, whether every score on both sides is 0 or 1 (exact McNemar applies).
    level : {"group", "task"}
    report : PairingReport
    details_baseline, details_candidate : pandas.DataFrame, DetailSource or None
        Text for the drill-down, from the readers (``SampleScores.details``, passed on as
        they are; read them with :func:`core.samples.detail_rows`).
    """

    items: pd.DataFrame = LazyFrame()
    units: tuple[str, ...]
    binary_units: tuple[bool, ...]
    level: Level
    report: PairingReport
    details_baseline: pd.DataFrame | DetailSource | None = field(default=None, repr=False)
    details_candidate: pd.DataFrame | DetailSource | None = field(default=None, repr=False)

    @property
    def columns(self) -> PairedColumns | None:
        """The tested items as arrays when pairing built them so (nothing is built), else ``None``."""
        from core.degradation.data.pair_columns import PairedColumns

        raw = self.__dict__["items"]
        return raw if isinstance(raw, PairedColumns) else None


def _check_side(run: SampleScores, side: str) -> None:
    if not run.n_rows:
        raise InputError(
            f"{run.source}: the {side} run holds no scored items. Check that the right files were given."
        )
    columns = run.columns
    check_scores(run.scores if columns is None else columns, run.source)


def _differs(
    base: Side, cand: Side, name: str, ib: np.ndarray, ic: np.ndarray, *, both_known: bool
) -> np.ndarray:
    """Per matched pair, whether the hash ``name`` differs (missing on either side: no)."""
    if name not in base.hashes or name not in cand.hashes:
        return np.zeros(len(ib), dtype=bool)
    left = base.hashes[name].iloc[ib].reset_index(drop=True)
    right = cand.hashes[name].iloc[ic].reset_index(drop=True)
    differs = left != right
    if both_known:
        differs = left.notna() & right.notna() & differs
    return differs.fillna(False).to_numpy(dtype=bool)


def pair_runs(
    baseline: SampleScores, candidate: SampleScores, *, level: Level = "group"
) -> PairedSamples:
    """Pair the items of a baseline run with those of a candidate run.

    Parameters
    ----------
    baseline, candidate : SampleScores
        The two runs, as the readers return them.
    level : {"group", "task"}, default "group"
        ``"group"`` makes each benchmark one test unit (a group's subtasks pooled);
        ``"task"`` keeps each subtask as its own unit.

    Returns
    -------
    PairedSamples

    Raises
    ------
    InputError
        When a side is empty, has conflicting duplicates, or the two runs share no item.

    Notes
    -----
    Works on integer codes (:mod:`core.degradation.data.pair_keys`): the names are factorised
    once for both sides and taken again only for the tested items.
    """
    if level not in ("group", "task"):
        raise InputError(f"level must be 'group' or 'task', got {level!r}")
    _check_side(baseline, "baseline")
    _check_side(candidate, "candidate")
    from core.degradation.data.pair_columns import pair_columns

    paired = pair_columns(baseline, candidate, level)
    if paired is not None:  # both runs are columns without repeats: no pandas needed
        return paired
    import pandas as pd

    from core.degradation.data.pair_keys import collapse, deduplicate, shared_codes

    codes = shared_codes(baseline.scores, candidate.scores)
    keep_b, base_dups = deduplicate(baseline, "baseline", codes.key_baseline)
    keep_c, cand_dups = deduplicate(candidate, "candidate", codes.key_candidate)
    base = collapse(baseline.scores, keep_b, codes.key_baseline, codes.group_baseline)
    cand = collapse(candidate.scores, keep_c, codes.key_candidate, codes.group_candidate)
    _, ib, ic = np.intersect1d(base.key, cand.key, assume_unique=True, return_indices=True)
    warnings = [
        *(f"baseline: {w}" for w in baseline.warnings),
        *(f"candidate: {w}" for w in candidate.warnings),
    ]
    hash_bad = _differs(base, cand, "item_hash", ib, ic, both_known=True)
    prompt_bad = _differs(base, cand, "prompt_hash", ib, ic, both_known=False) & ~hash_bad
    tested = ~hash_bad

    # One row per item of either side, labelled by (task, group): the group is the
    # baseline's when the baseline has the item, else the candidate's.
    only_c = np.ones(len(cand.key), dtype=bool)
    only_c[ic] = False
    n_b = len(base.key)
    flags = {name: np.zeros(n_b, dtype=bool) for name in ("matched", "hash", "prompt")}
    flags["matched"][ib[tested]] = True
    flags["hash"][ib[hash_bad]] = True
    flags["prompt"][ib[prompt_bad]] = True
    only_b = np.ones(n_b, dtype=bool)
    only_b[ib] = False
    runs_c_of_b = np.ones(n_b, dtype=np.int64)
    runs_c_of_b[ib] = cand.runs[ic]
    n_c = int(only_c.sum())
    none_c = np.zeros(n_c, dtype=bool)
    label = np.concatenate(
        [
            codes.task_of(base.key) * len(codes.groups) + base.group,
            codes.task_of(cand.key[only_c]) * len(codes.groups) + cand.group[only_c],
        ]
    )
    per_task = (
        pd.DataFrame(
            {
                "label": label,
                "matched": np.concatenate([flags["matched"], none_c]),
                "only_baseline": np.concatenate([only_b, none_c]),
                "only_candidate": np.concatenate([np.zeros(n_b, dtype=bool), ~none_c]),
                "hash_mismatches": np.concatenate([flags["hash"], none_c]),
                "prompt_mismatches": np.concatenate([flags["prompt"], none_c]),
                "runs_baseline": np.concatenate([base.runs, np.ones(n_c, dtype=np.int64)]),
                "runs_candidate": np.concatenate([runs_c_of_b, cand.runs[only_c]]),
            },
            copy=False,
        )
        .groupby("label", sort=False)
        .agg(
            matched=("matched", "sum"),
            only_baseline=("only_baseline", "sum"),
            only_candidate=("only_candidate", "sum"),
            hash_mismatches=("hash_mismatches", "sum"),
            prompt_mismatches=("prompt_mismatches", "sum"),
            runs_baseline=("runs_baseline", "max"),
            runs_candidate=("runs_candidate", "max"),
        )
    )
    del label, flags, only_b, runs_c_of_b
    labels = per_task.index.to_numpy()
    names = [
        (str(codes.tasks[t]), str(codes.groups[g]))
        for t, g in zip(labels // len(codes.groups), labels % len(codes.groups))
    ]
    rows = []
    for position in sorted(range(len(names)), key=names.__getitem__):
        (task, group), counts = names[position], per_task.iloc[position]
        duplicates = (int(base_dups.get(task, 0)), int(cand_dups.get(task, 0)))
        rows.append(task_pairing(task, group, counts, duplicates, baseline, candidate))
    ib, ic = ib[tested], ic[tested]
    scores = pd.DataFrame({"score_b": base.score[ib], "score_c": cand.score[ic]}, copy=False)
    same = same_sides_warnings(baseline, candidate, scores)
    report = pairing_report(baseline, candidate, rows, [*same, *warnings], len(ib))
    items, unit_rank = _tested_items(baseline, base, codes, ib, scores, level)
    del base, cand, codes, scores, ib, ic
    is_binary = np.ones(len(items), dtype=bool)
    for column in ("baseline", "candidate"):
        values = items[column].to_numpy()
        is_binary &= (values == 0.0) | (values == 1.0)
    starts = np.flatnonzero(np.r_[True, unit_rank[1:] != unit_rank[:-1]])  # units are sorted
    units = tuple(str(u) for u in items["unit"].iloc[starts])
    return paired_samples(items, units, is_binary, starts, level, report, baseline, candidate)


def paired_samples(
    items: pd.DataFrame | PairedColumns,
    units: tuple[str, ...],
    is_binary: np.ndarray,
    starts: np.ndarray,
    level: Level,
    report: PairingReport,
    baseline: SampleScores,
    candidate: SampleScores,
) -> PairedSamples:
    """The pairing's result: a unit is binary when every one of its items is 0/1 on both sides.

    ``items`` are sorted by unit; ``starts`` are the rows where each unit begins and
    ``is_binary`` says per item whether both scores are 0 or 1.
    """
    return PairedSamples(
        items=items,
        units=units,
        binary_units=tuple(bool(v) for v in np.logical_and.reduceat(is_binary, starts)),
        level=level,
        report=report,
        details_baseline=baseline.details,
        details_candidate=candidate.details,
    )


def _tested_items(
    baseline: SampleScores,
    base: Side,
    codes: Codes,
    ib: np.ndarray,
    scores: pd.DataFrame,
    level: Level,
) -> tuple[pd.DataFrame, np.ndarray]:
    """The tested items sorted by unit, task and item id (names taken from the baseline),
    and the rank of each item's unit (non-decreasing)."""
    import pandas as pd

    from core.degradation.data.pair_keys import rank_of

    key = base.key[ib]
    task = codes.task_of(key)
    task_rank = rank_of(codes.tasks)[task]
    if level == "group":
        unit_rank = rank_of(codes.groups)[base.group[ib]]
    else:
        unit_rank = task_rank
    item_rank = codes.item_of(key)
    if codes.item_rank is not None:
        item_rank = codes.item_rank[item_rank]
    order = np.lexsort((item_rank, task_rank, unit_rank))
    unit_rank = unit_rank[order]
    del key, task, task_rank, item_rank
    rows = base.row[ib][order]
    frame = baseline.scores
    unit_column = "group" if level == "group" else "task"
    items = pd.DataFrame(
        {
            "unit": frame[unit_column].take(rows).reset_index(drop=True),
            "task": frame["task"].take(rows).reset_index(drop=True),
            "item_id": frame["item_id"].take(rows).reset_index(drop=True),
            "baseline": scores["score_b"].to_numpy()[order],
            "candidate": scores["score_c"].to_numpy()[order],
        }
    )
    return items, unit_rank
