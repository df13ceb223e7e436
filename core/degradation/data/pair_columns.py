"""Pairing of two column-based runs without pandas (issue 13: compare at JSON speed).

:func:`core.degradation.data.pairing.pair_runs` tries :func:`pair_columns` first. It applies when
both runs hold :class:`~core.score_columns.ScoreColumns` (what the lm-eval reader gives) with
one run per item and no repeated (task, item) key: then no duplicate is dropped and no rerun
averaged, and pairing is a join of unique integer keys. The result is the one the frame-based
path gives (same counts, warnings, item order and messages; the tests compare both), with
the tested items as :class:`PairedColumns`. Anything else returns ``None`` and takes the
frame-based path.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import ne

import numpy as np

from core.degradation.data.pairing import Level, PairedSamples, paired_samples
from core.degradation.data.pairing_checks import pairing_report, same_run_warnings
from core.degradation.data.pairing_report import task_pairing
from core.degradation.data.sorted_unique import all_distinct
from core.samples import SampleScores
from core.score_columns import Columns, ScoreColumns

_COUNTS = ("matched", "only_baseline", "only_candidate", "hash_mismatches", "prompt_mismatches")


@dataclass(frozen=True, eq=False)
class PairedColumns(Columns):
    """The tested items of a pairing as arrays, sorted by unit, task and item id.

    Attributes
    ----------
    unit : numpy.ndarray
        Per item, the position of its unit in ``units`` (non-decreasing).
    units : tuple of str
    task : numpy.ndarray
        Per item, the position of its task in ``task_names``.
    task_names : tuple of str
    item_id : list of str
    baseline, candidate : numpy.ndarray
        The scores (float64).
    """

    unit: np.ndarray
    units: tuple[str, ...]
    task: np.ndarray
    task_names: tuple[str, ...]
    item_id: list[str]
    baseline: np.ndarray
    candidate: np.ndarray

    def __len__(self) -> int:
        return len(self.item_id)

    def to_frame(self):
        """``PairedSamples.items`` as the frame-based pairing builds it."""
        import pandas as pd

        units = np.asarray(self.units, dtype=object)
        tasks = np.asarray(self.task_names, dtype=object)
        return pd.DataFrame(
            {
                "unit": pd.array(units[self.unit], dtype="string"),
                "task": pd.array(tasks[self.task], dtype="string"),
                "item_id": pd.array(self.item_id, dtype="string"),
                "baseline": self.baseline,
                "candidate": self.candidate,
            }
        )


def _shared(names: dict[str, int], own: tuple[str, ...]) -> np.ndarray:
    """Codes of ``own`` names in the shared numbering ``names`` (extended as needed)."""
    return np.array([names.setdefault(name, len(names)) for name in own], dtype=np.int64)


def _ranks(names: dict[str, int]) -> np.ndarray:
    """Per code, the position of its name in sorted order."""
    rank = np.empty(len(names), dtype=np.int64)
    rank[[names[name] for name in sorted(names)]] = np.arange(len(names))
    return rank


def _one_run_unique(columns: ScoreColumns, key: np.ndarray) -> bool:
    runs = columns.run
    if len(runs) and not (runs == runs[0]).all():
        return False
    return all_distinct(key)


def _differs(
    base: ScoreColumns, cand: ScoreColumns, name: str, ib: np.ndarray, ic: np.ndarray
) -> np.ndarray:
    """Per matched pair, whether hash ``name`` differs; a hash missing on either side: no."""
    left, right = base.hashes.get(name), cand.hashes.get(name)
    if left is None or right is None:
        return np.zeros(len(ib), dtype=bool)
    a, b = list(map(left.__getitem__, ib.tolist())), list(map(right.__getitem__, ic.tolist()))
    if None not in a and None not in b:  # every hash known (lm-eval 0.4.3+): compare in C
        return np.fromiter(map(ne, a, b), dtype=bool, count=len(ib))
    return np.fromiter(
        (x is not None and y is not None and x != y for x, y in zip(a, b)),
        dtype=bool,
        count=len(ib),
    )


def pair_columns(
    baseline: SampleScores, candidate: SampleScores, level: Level
) -> PairedSamples | None:
    """Pair two column-based runs with unique keys and one run each; ``None`` otherwise.

    Both sides must already have passed ``pair_runs``' checks (not empty, valid scores).

    Raises
    ------
    InputError
        The two runs share no item, or their dict-score keys differ.
    """
    base, cand = baseline.columns, candidate.columns
    if base is None or cand is None:
        return None
    items: dict[str, int] = {}
    item_b = np.fromiter(
        (items.setdefault(i, len(items)) for i in base.item_id), np.int64, len(base)
    )
    item_c = np.fromiter(
        (items.setdefault(i, len(items)) for i in cand.item_id), np.int64, len(cand)
    )
    tasks: dict[str, int] = {}
    groups: dict[str, int] = {}
    task_b, task_c = (
        _shared(tasks, base.task_names)[base.task],
        _shared(tasks, cand.task_names)[cand.task],
    )
    group_b = _shared(groups, base.group_names)[base.group]
    group_c = _shared(groups, cand.group_names)[cand.group]
    n_items = max(len(items), 1)
    key_b, key_c = task_b * n_items + item_b, task_c * n_items + item_c
    if not (_one_run_unique(base, key_b) and _one_run_unique(cand, key_c)):
        return None
    _, ib, ic = np.intersect1d(key_b, key_c, assume_unique=True, return_indices=True)
    warnings = [
        *(f"baseline: {w}" for w in baseline.warnings),
        *(f"candidate: {w}" for w in candidate.warnings),
    ]
    hash_bad = _differs(base, cand, "item_hash", ib, ic)
    prompt_bad = _differs(base, cand, "prompt_hash", ib, ic) & ~hash_bad
    tested = ~hash_bad

    # Per (task, group) label: the baseline's rows, then the candidate's rows it lacks.
    only_c = np.ones(len(key_c), dtype=bool)
    only_c[ic] = False
    n_groups = max(len(groups), 1)
    label = np.concatenate([task_b * n_groups + group_b, (task_c * n_groups + group_c)[only_c]])
    labels, inverse = np.unique(label, return_inverse=True)
    n_b = len(key_b)
    flags = {name: np.zeros(len(label), dtype=bool) for name in _COUNTS}
    flags["matched"][ib[tested]] = True
    flags["hash_mismatches"][ib[hash_bad]] = True
    flags["prompt_mismatches"][ib[prompt_bad]] = True
    flags["only_baseline"][:n_b] = True
    flags["only_baseline"][ib] = False
    flags["only_candidate"][n_b:] = True
    counts = {
        name: np.bincount(inverse, weights=flag, minlength=len(labels)).astype(np.int64)
        for name, flag in flags.items()
    }
    del flags, label, inverse
    task_names = sorted(tasks, key=tasks.__getitem__)
    group_names = sorted(groups, key=groups.__getitem__)
    names = [(task_names[v // n_groups], group_names[v % n_groups]) for v in labels.tolist()]
    rows = []
    for position in sorted(range(len(names)), key=names.__getitem__):
        task, group = names[position]
        row = {name: counts[name][position] for name in _COUNTS}
        row.update(runs_baseline=1, runs_candidate=1)
        rows.append(task_pairing(task, group, row, (0, 0), baseline, candidate))
    ib, ic = ib[tested], ic[tested]
    score_b, score_c = base.score[ib], cand.score[ic]
    same_scores = len(ib) > 0 and bool((score_b == score_c).all())
    same = same_run_warnings(baseline, candidate, same_scores)
    report = pairing_report(baseline, candidate, rows, [*same, *warnings], len(ib))
    paired = _tested(base, ib, task_b[ib], group_b[ib], score_b, score_c, level, tasks, groups)
    binary = ((paired.baseline == 0.0) | (paired.baseline == 1.0)) & (
        (paired.candidate == 0.0) | (paired.candidate == 1.0)
    )
    starts = np.flatnonzero(np.r_[True, paired.unit[1:] != paired.unit[:-1]])
    return paired_samples(paired, paired.units, binary, starts, level, report, baseline, candidate)


def _tested(
    base: ScoreColumns,
    ib: np.ndarray,
    task: np.ndarray,
    group: np.ndarray,
    score_b: np.ndarray,
    score_c: np.ndarray,
    level: Level,
    tasks: dict[str, int],
    groups: dict[str, int],
) -> PairedColumns:
    """The tested items sorted by unit, task and item id (names as the baseline gives them)."""
    ids = [base.item_id[i] for i in ib.tolist()]
    position = {name: rank for rank, name in enumerate(sorted(set(ids)))}
    item_rank = np.fromiter(map(position.__getitem__, ids), np.int64, len(ids))
    task_rank = _ranks(tasks)[task]
    unit_rank = _ranks(groups)[group] if level == "group" else task_rank
    order = np.lexsort((item_rank, task_rank, unit_rank))
    unit_names = sorted(groups if level == "group" else tasks)
    unit_rank = unit_rank[order]
    used, unit = np.unique(unit_rank, return_inverse=True)
    task_names = tuple(sorted(tasks, key=tasks.__getitem__))
    return PairedColumns(
        unit=unit.astype(np.int64),
        units=tuple(unit_names[r] for r in used.tolist()),
        task=task[order],
        task_names=task_names,
        item_id=[ids[i] for i in order.tolist()],
        baseline=score_b[order],
        candidate=score_c[order],
    )
