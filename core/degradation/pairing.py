"""Pair a baseline run with a candidate run, item by item, and report what did not pair.

Steps (result-formats.md §9):

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

from core.errors import InputError
from core.samples import DetailSource, SampleScores, check_scores
from core.score_columns import LazyFrame

if TYPE_CHECKING:
    import pandas as pd

    from core.degradation.pair_columns import PairedColumns
    from core.degradation.pair_keys import Codes, Side

Level = Literal["group", "task"]


@dataclass(frozen=True)
class TaskPairing:
    """How one task paired.

    Attributes
    ----------
    task, group : str
        The task (subtask) and the benchmark it belongs to.
    matched : int
        Items present on both sides and tested.
    only_baseline, only_candidate : int
        Items present on one side only (not tested).
    duplicates_baseline, duplicates_candidate : int
        Repeated (task, item, run) rows dropped on each side.
    hash_mismatches : int
        Items whose content hashes differ between the runs (not tested).
    prompt_mismatches : int
        Items whose prompt hashes differ (tested, with a warning).
    metric_baseline, metric_candidate, filter_baseline, filter_candidate : str or None
        What each side's reader took as the score.
    runs_baseline, runs_candidate : int
        The largest number of reruns of an item on each side (1 = single run).
    score_key_baseline, score_key_candidate : str or None
        Inspect: the key taken from dict-valued scores on each side (``None``: not dicts).
    """

    task: str
    group: str
    matched: int
    only_baseline: int
    only_candidate: int
    duplicates_baseline: int
    duplicates_candidate: int
    hash_mismatches: int = 0
    prompt_mismatches: int = 0
    metric_baseline: str | None = None
    metric_candidate: str | None = None
    filter_baseline: str | None = None
    filter_candidate: str | None = None
    runs_baseline: int = 1
    runs_candidate: int = 1
    score_key_baseline: str | None = None
    score_key_candidate: str | None = None


@dataclass(frozen=True)
class PairingReport:
    """Everything about the pairing a user should see before trusting the verdict.

    Attributes
    ----------
    tasks : tuple of TaskPairing
        One row per task seen on either side.
    model_baseline, model_candidate : str or None
        Model names from the files' metadata.
    format_baseline, format_candidate : str
        The formats read.
    source_baseline, source_candidate : str
        File or folder names.
    warnings : tuple of str
        Reader warnings and pairing warnings, in plain words.
    """

    tasks: tuple[TaskPairing, ...]
    model_baseline: str | None
    model_candidate: str | None
    format_baseline: str
    format_candidate: str
    source_baseline: str
    source_candidate: str
    warnings: tuple[str, ...] = ()

    def _total(self, name: str) -> int:
        return int(sum(getattr(task, name) for task in self.tasks))

    @property
    def matched(self) -> int:
        """Items tested."""
        return self._total("matched")

    @property
    def only_baseline(self) -> int:
        """Items only the baseline has."""
        return self._total("only_baseline")

    @property
    def only_candidate(self) -> int:
        """Items only the candidate has."""
        return self._total("only_candidate")

    @property
    def duplicates(self) -> int:
        """Duplicate rows dropped, both sides."""
        return self._total("duplicates_baseline") + self._total("duplicates_candidate")

    @property
    def hash_mismatches(self) -> int:
        """Items left out because their content hashes differ."""
        return self._total("hash_mismatches")

    def to_frame(self) -> pd.DataFrame:
        """One row per task, for display and CSV export (score keys only where scores were dicts)."""
        import pandas as pd

        frame = pd.DataFrame([task.__dict__ for task in self.tasks])
        keys = ["score_key_baseline", "score_key_candidate"]
        if frame.empty or frame[keys].isna().all().all():
            frame = frame.drop(columns=keys, errors="ignore")
        return frame


@dataclass(frozen=True)
class PairedSamples:
    """Paired per-item scores, ready for the tests.

    Attributes
    ----------
    items : pandas.DataFrame
        One row per tested item: ``unit``, ``task``, ``item_id``, ``baseline``,
        ``candidate`` (reruns averaged), sorted by unit. Pairing of column-based runs gives
        a :class:`~core.degradation.pair_columns.PairedColumns` here: the frame is built
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
        from core.degradation.pair_columns import PairedColumns

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
    Works on integer codes (:mod:`core.degradation.pair_keys`): the names are factorised
    once for both sides and taken again only for the tested items.
    """
    if level not in ("group", "task"):
        raise InputError(f"level must be 'group' or 'task', got {level!r}")
    _check_side(baseline, "baseline")
    _check_side(candidate, "candidate")
    from core.degradation.pair_columns import pair_columns

    paired = pair_columns(baseline, candidate, level)
    if paired is not None:  # both runs are columns without repeats: no pandas needed
        return paired
    import pandas as pd

    from core.degradation.pair_keys import collapse, deduplicate, shared_codes

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
    _check_score_keys(baseline, candidate, rows)
    ib, ic = ib[tested], ic[tested]
    scores = pd.DataFrame({"score_b": base.score[ib], "score_c": cand.score[ic]}, copy=False)
    warnings[:0] = same_sides_warnings(baseline, candidate, scores)
    warnings.extend(_pairing_warnings(rows))
    report = PairingReport(
        tasks=tuple(rows),
        model_baseline=baseline.model,
        model_candidate=candidate.model,
        format_baseline=baseline.source_format,
        format_candidate=candidate.source_format,
        source_baseline=baseline.source,
        source_candidate=candidate.source,
        warnings=tuple(warnings),
    )
    if not len(ib):
        raise InputError(_no_overlap_message(baseline, candidate, rows))
    items, unit_rank = _tested_items(baseline, base, codes, ib, scores, level)
    del base, cand, codes, scores, ib, ic
    is_binary = np.ones(len(items), dtype=bool)
    for column in ("baseline", "candidate"):
        values = items[column].to_numpy()
        is_binary &= (values == 0.0) | (values == 1.0)
    starts = np.flatnonzero(np.r_[True, unit_rank[1:] != unit_rank[:-1]])  # units are sorted
    units = tuple(str(u) for u in items["unit"].iloc[starts])
    binary_by_unit = np.logical_and.reduceat(is_binary, starts)
    return PairedSamples(
        items=items,
        units=units,
        binary_units=tuple(bool(v) for v in binary_by_unit),
        level=level,
        report=report,
        details_baseline=baseline.details,
        details_candidate=candidate.details,
    )


def task_pairing(
    task: str,
    group: str,
    counts,
    duplicates: tuple[int, int],
    baseline: SampleScores,
    candidate: SampleScores,
) -> TaskPairing:
    """One task's :class:`TaskPairing` from its counts (``matched``, ``only_baseline``, ...,
    ``runs_candidate``, indexable by name), its duplicates per side and the runs' task info."""
    info_b = baseline.tasks.get(task)
    info_c = candidate.tasks.get(task)
    return TaskPairing(
        task=task,
        group=group,
        matched=int(counts["matched"]),
        only_baseline=int(counts["only_baseline"]),
        only_candidate=int(counts["only_candidate"]),
        duplicates_baseline=duplicates[0],
        duplicates_candidate=duplicates[1],
        hash_mismatches=int(counts["hash_mismatches"]),
        prompt_mismatches=int(counts["prompt_mismatches"]),
        metric_baseline=info_b.metric if info_b else None,
        metric_candidate=info_c.metric if info_c else None,
        filter_baseline=info_b.filter if info_b else None,
        filter_candidate=info_c.filter if info_c else None,
        runs_baseline=int(counts["runs_baseline"]),
        runs_candidate=int(counts["runs_candidate"]),
        score_key_baseline=info_b.score_key if info_b else None,
        score_key_candidate=info_c.score_key if info_c else None,
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

    from core.degradation.pair_keys import rank_of

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


def _pairing_warnings(rows: list[TaskPairing]) -> list[str]:
    warnings = []
    one_sided = [r.task for r in rows if r.matched == 0 and r.hash_mismatches == 0]
    if one_sided:
        warnings.append(
            f"{len(one_sided)} task(s) appear on one side only and are not tested: "
            + ", ".join(one_sided[:8])
        )
    total = sum(r.matched + r.only_baseline + r.only_candidate + r.hash_mismatches for r in rows)
    unpaired = sum(r.only_baseline + r.only_candidate for r in rows if r.matched > 0)
    if unpaired and total and unpaired / total > 0.02:
        warnings.append(
            f"{unpaired:,} items of shared tasks are on one side only ({unpaired / total:.1%} of all items); "
            "check that both runs used the same task versions and limits."
        )
    mismatched = sum(r.hash_mismatches for r in rows)
    if mismatched:
        warnings.append(
            f"{mismatched:,} items have different content hashes in the two runs (different questions "
            "under the same id) and were left out. Re-run both models on the same task version."
        )
    prompts = sum(r.prompt_mismatches for r in rows)
    if prompts:
        warnings.append(
            f"{prompts:,} items were asked with different prompts (few-shot, template or chat format "
            "differ). The comparison is not like for like."
        )
    for kind in ("metric", "filter", "score_key"):
        differing = [
            r.task
            for r in rows
            if getattr(r, f"{kind}_baseline") != getattr(r, f"{kind}_candidate") and r.matched
        ]
        if differing:
            what = kind.replace("_", " ")
            warnings.append(f"the two runs use a different {what} for: " + ", ".join(differing[:8]))
    return warnings


def _check_score_keys(
    baseline: SampleScores, candidate: SampleScores, rows: list[TaskPairing]
) -> None:
    """Refuse dict scores read with different keys on the two sides (each side's only key)."""
    for row in rows:
        keys = (row.score_key_baseline, row.score_key_candidate)
        if None not in keys and keys[0] != keys[1]:
            raise InputError(
                f"task {row.task}: the baseline's dict scores ({baseline.source}) hold only "
                f"{keys[0]!r} and the candidate's ({candidate.source}) only {keys[1]!r}, so the "
                "two sides would compare different scores. Choose one with --score-key, or give "
                "logs of the same scorer."
            )


#: How the warnings of :func:`same_sides_warnings` begin (pages show them beside the verdict).
SAME_SIDES = "both sides"


def same_sides(paired: PairedSamples) -> list[str]:
    """The warnings that both sides are (probably) the same run, for showing beside the verdict."""
    return [w for w in paired.report.warnings if w.startswith(SAME_SIDES)]


def same_sides_warnings(
    baseline: SampleScores, candidate: SampleScores, paired: pd.DataFrame
) -> list[str]:
    """Warnings for a comparison of a run with itself (it would find "no degradation").

    Parameters
    ----------
    baseline, candidate : SampleScores
    paired : pandas.DataFrame
        The merged rows that are tested (columns ``score_b``, ``score_c``).

    Returns
    -------
    list of str
        At most one warning: both sides read the same files (same SHA-256), or carry the
        same model name and the same score on every paired item.
    """
    same_scores = len(paired) > 0 and bool((paired["score_b"] == paired["score_c"]).all())
    return same_run_warnings(baseline, candidate, same_scores)


def same_run_warnings(
    baseline: SampleScores, candidate: SampleScores, same_scores: bool
) -> list[str]:
    """:func:`same_sides_warnings` given whether the scores agree on every paired item (and
    some item is paired), for pairing that holds no frame."""
    digests_b = set(baseline.file_digests.values())
    digests_c = set(candidate.file_digests.values())
    if digests_b and digests_b == digests_c:
        return [
            "both sides are the same file(s) (identical SHA-256): the run is compared with "
            "itself. Give the baseline's and the candidate's own results."
        ]
    if digests_b & digests_c:
        shared = len(digests_b & digests_c)
        return [
            f"both sides read {shared} identical file(s) (same SHA-256): part of the same run "
            "is on both sides. Check that each side holds only its own model's results."
        ]
    if baseline.model and baseline.model == candidate.model and same_scores:
        same_run = baseline.run_id and baseline.run_id == candidate.run_id
        run = f" and run {baseline.run_id}" if same_run else ""
        return [
            f"both sides carry the same model name ({baseline.model}){run} and the same score "
            "on every paired item: probably the same run twice. Check the files of each side."
        ]
    return []


def _no_overlap_message(
    baseline: SampleScores, candidate: SampleScores, rows: list[TaskPairing]
) -> str:
    tasks_b = sorted({r.task for r in rows if r.only_baseline or r.matched or r.hash_mismatches})
    tasks_c = sorted({r.task for r in rows if r.only_candidate or r.matched or r.hash_mismatches})
    shared = set(tasks_b) & set(tasks_c)
    if not shared:
        return (
            f"baseline ({baseline.source}) and candidate ({candidate.source}) have no task in common "
            f"(baseline: {', '.join(tasks_b[:5])}; candidate: {', '.join(tasks_c[:5])}). "
            "Give results of the same benchmarks for both models."
        )
    if any(r.hash_mismatches for r in rows):
        return (
            f"every shared item of {baseline.source} and {candidate.source} has different content "
            "hashes: the runs did not see the same questions. Re-run both on the same task version."
        )
    return (
        f"baseline ({baseline.source}) and candidate ({candidate.source}) share tasks but no item ids. "
        "Check that both runs used the same item numbering."
    )
