"""What pairing found, per task and in total: matched items, items on one side only,
duplicates, hash mismatches, and the warnings shown next to the verdict."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from core.samples import SampleScores


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
