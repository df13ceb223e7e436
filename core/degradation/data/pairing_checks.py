"""Checks and warnings of pairing: tasks on one side only, score keys that differ, no
overlap at all, and a run compared with itself (the same files, or the same model and
scores on both sides)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from core.errors import InputError
from core.samples import SampleScores

if TYPE_CHECKING:
    import pandas as pd

    from core.degradation.data.pairing import PairedSamples
    from core.degradation.data.pairing_report import PairingReport, TaskPairing


def pairing_warnings(rows: list[TaskPairing]) -> list[str]:
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


def check_score_keys(
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


def compare_digests(first: Mapping[str, str], second: Mapping[str, str]) -> tuple[bool, int]:
    """Whether two runs read the same files, and how many files' SHA-256 they share.

    ``(same, shared)``: ``same`` when both sets of digests are equal and not empty,
    ``shared`` the size of their intersection. When both mappings know their files' sizes
    without hashing (the readers' :class:`~core.readers.files.digests.FileDigests`), only
    files whose size appears on both sides are hashed: files of different sizes never have
    the same SHA-256, and a file with no counterpart of its size makes the sets differ.
    """
    sizes = getattr(first, "sizes", None), getattr(second, "sizes", None)
    if sizes[0] is None or sizes[1] is None:
        digests = set(first.values()), set(second.values())
        return bool(digests[0]) and digests[0] == digests[1], len(digests[0] & digests[1])
    first_sizes, second_sizes = sizes[0](), sizes[1]()
    shared_sizes = set(first_sizes.values()) & set(second_sizes.values())
    digests = (
        {first[name] for name, size in first_sizes.items() if size in shared_sizes},
        {second[name] for name, size in second_sizes.items() if size in shared_sizes},
    )
    whole = all(size in shared_sizes for size in (*first_sizes.values(), *second_sizes.values()))
    same = whole and bool(digests[0]) and digests[0] == digests[1]
    return same, len(digests[0] & digests[1])


def same_run_warnings(
    baseline: SampleScores, candidate: SampleScores, same_scores: bool
) -> list[str]:
    """:func:`same_sides_warnings` given whether the scores agree on every paired item (and
    some item is paired), for pairing that holds no frame."""
    same, shared = compare_digests(baseline.file_digests, candidate.file_digests)
    if same:
        return [
            "both sides are the same file(s) (identical SHA-256): the run is compared with "
            "itself. Give the baseline's and the candidate's own results."
        ]
    if shared:
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


def no_overlap_message(
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


def pairing_report(
    baseline: SampleScores,
    candidate: SampleScores,
    rows: list[TaskPairing],
    warnings: list[str],
    n_tested: int,
) -> PairingReport:
    """The report of a pairing: its task rows and every warning, in the order shown.

    Parameters
    ----------
    baseline, candidate : SampleScores
    rows : list of TaskPairing
        One row per task, sorted.
    warnings : list of str
        The warnings found so far (a run compared with itself first); the pairing warnings
        of ``rows`` follow them.
    n_tested : int
        How many items are tested.

    Raises
    ------
    InputError
        Dict scores read with different keys on the two sides, or no item shared at all.
    """
    from core.degradation.data.pairing_report import PairingReport

    check_score_keys(baseline, candidate, rows)
    sides = {
        f"{field}_{side}": getattr(run, attribute)
        for field, attribute in (
            ("model", "model"),
            ("format", "source_format"),
            ("source", "source"),
        )
        for side, run in (("baseline", baseline), ("candidate", candidate))
    }
    report = PairingReport(
        tasks=tuple(rows), warnings=(*warnings, *pairing_warnings(rows)), **sides
    )
    if not n_tested:
        raise InputError(no_overlap_message(baseline, candidate, rows))
    return report
