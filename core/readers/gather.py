"""What the format readers share: the user's per-task choice, and one side's tasks gathered
file by file into one :class:`~core.samples.SampleScores`.

Each reader reads its files its own way; :class:`Gathered` keeps the per-task frames, the
task records, the models named and the warnings, and hands them to
:func:`core.samples.assemble_run` at the end.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NoReturn

from core.errors import InputError
from core.readers.files.sources import InputFile, describe
from core.samples import SampleScores, TaskInfo, assemble_run
from core.text_safety import one_line

if TYPE_CHECKING:
    import pandas as pd


def requested(options: object, option: str, task: str) -> str | None:
    """The user's ``metric`` or ``filter`` for ``task`` (``ReadOptions.metric_for`` ...),
    or ``None`` for the reader's default."""
    per_task = getattr(options, f"{option}_for", None)
    return per_task(task) if per_task else None


#: Per reading option: what a format lacks when it cannot apply it, the option's name in
#: words, and its flag.
_ABSENT = {
    "metric": ("metric to choose", "metric", "--metric"),
    "filter": ("filters", "filter", "--filter"),
    "score_key": ("dict scores", "score key", "--score-key"),
}


def chosen(options: object, option: str, tasks: Sequence[str]) -> list[str]:
    """The user's values of ``option`` that concern ``tasks``: a per-task option
    (``metric``, ``filter``: one value, or one per task) or a plain one (``score_key``)."""
    per_task = getattr(options, f"{option}_for", None)
    if per_task is not None:
        return [value for task in tasks if (value := per_task(task))]
    value = getattr(options, option, None)
    return [value] if value else []


def refuse_absent(
    name: str,
    holder: str,
    results: str,
    options: object,
    tasks: Sequence[str],
    absent: Sequence[str],
    *,
    detail: str = "",
    allowed: Mapping[str, Sequence[str]] | None = None,
) -> None:
    """Refuse a reading option the format cannot apply, rather than ignore it.

    Parameters
    ----------
    name : str
        The file (or files) named in the message.
    holder, results : str
        The format's files in words, one and several ("a CSV table", "CSV results").
    options : ReadOptions or object
    tasks : sequence of str
        The tasks read (a per-task choice for other tasks concerns other files).
    absent : sequence of {"metric", "filter", "score_key"}
        The options the format does not have.
    detail : str
        Said after "cannot be applied" (e.g. the columns of a table).
    allowed : mapping of option to sequence of str, optional
        Values that need no choice (openai/evals' only metric ``correct``).
    """
    for option in absent:
        usable = (allowed or {}).get(option, ())
        values = [value for value in chosen(options, option, tasks) if value not in usable]
        if values:
            has, called, flag = _ABSENT[option]
            raise InputError(
                f"{name}: {holder} has no {has}, so {called} {one_line(values[0], 60)!r} "
                f"cannot be applied{detail}. Leave {flag} unset for {results}."
            )


def refuse_without_items(files: Sequence[InputFile], problem: str) -> NoReturn:
    """Refuse files that hold no per-item scores, naming the first three and the problem."""
    shown = ", ".join(file.name for file in files[:3])
    raise InputError(f"{shown}: {problem}")


def refuse_repeat(tasks: Mapping[str, TaskInfo], task: str, file_name: str, advice: str) -> None:
    """Refuse a task that an earlier file gave already, naming both files."""
    if task in tasks:
        raise InputError(
            f"{file_name}: task {task!r} also comes from {tasks[task].source_files[0]}. {advice}"
        )


def refuse_unknown(
    name: str, what: str, chosen: str, choices: Sequence[str], task: str
) -> NoReturn:
    """Refuse a ``what`` (metric, split) the user chose that the file does not hold."""
    raise InputError(
        f"{name}: {what} {chosen!r} is not in the file; choose one of "
        f"{', '.join(choices) or '(none)'} for {task}."
    )


@dataclass
class Gathered:
    """One side's tasks as a reader reads them, then the side's :class:`SampleScores`.

    Attributes
    ----------
    source_format : str
        The reader's format name.
    what : str
        What the files are called in messages ("logs", "runs", "files").
    frames, details : list
        Per task read, the ``scores`` frame and the drill-down text (or ``None``).
    tasks : dict of str to TaskInfo
    models : set of str or None
    warnings : list of str
    """

    source_format: str
    what: str = "files"
    frames: list[pd.DataFrame] = field(default_factory=list)
    details: list[pd.DataFrame | None] = field(default_factory=list)
    tasks: dict[str, TaskInfo] = field(default_factory=dict)
    models: set[str | None] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)

    def refuse_repeat(self, task: str, file_name: str, advice: str) -> None:
        """Refuse a task that an earlier file gave already (:func:`refuse_repeat`)."""
        refuse_repeat(self.tasks, task, file_name, advice)

    def add(
        self,
        task: str,
        info: TaskInfo,
        frame: pd.DataFrame,
        model: str | None,
        detail: pd.DataFrame | None = None,
    ) -> None:
        """Keep one task's scores (a later file of the same task replaces its record)."""
        self.tasks[task] = info
        self.models.add(model)
        self.frames.append(frame)
        self.details.append(detail)

    def result(self, files: Sequence[InputFile], selection: object) -> SampleScores:
        """The side's scores (:func:`core.samples.assemble_run`)."""
        kept = {name: getattr(self, name) for name in _KEPT}
        return assemble_run(
            describe(files), self.source_format, self.frames, selection=selection, **kept
        )


#: The attributes of :class:`Gathered` that :func:`core.samples.assemble_run` takes by name.
_KEPT = ("tasks", "models", "details", "warnings", "what")
