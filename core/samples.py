"""The per-sample data model every reader produces and the engine consumes.

A :class:`SampleScores` holds one model run: one row per (task, item, rerun) with a score.
Readers for every result format (CSV, lm-eval, Inspect, HELM, lighteval, openai/evals) turn
their files into this one shape; :func:`core.degradation.data.pairing.pair_runs` pairs a baseline
with a candidate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from core.errors import InputError
from core.score_columns import LazyFrame, ScoreColumns, check_score_columns, check_score_values

if TYPE_CHECKING:
    import pandas as pd

#: Columns every ``SampleScores.scores`` frame has, with their dtypes.
SCORE_COLUMNS: Mapping[str, str] = {
    "task": "string",  # benchmark or subtask name (the finest unit)
    "group": "string",  # the benchmark a subtask belongs to; equals task when none
    "item_id": "string",  # the item key within the task (doc_id, sample id, prompt_id)
    "run": "int64",  # rerun / epoch / repeat index, 0 when the format has none
    "score": "float64",  # the metric value of that item in that run
}

#: Optional columns a reader may add; pairing checks them when both sides have them.
OPTIONAL_COLUMNS: Mapping[str, str] = {
    "item_hash": "string",  # identifies the item's content (lm-eval doc_hash, ...)
    "prompt_hash": "string",  # identifies the prompt as sent (lm-eval prompt_hash)
}

#: Columns of ``SampleScores.details`` (text for the flipped-sample drill-down).
DETAIL_COLUMNS = ("task", "item_id", "prompt", "target", "response")


@runtime_checkable
class DetailSource(Protocol):
    """Drill-down text that a reader builds on demand instead of one frame of every item.

    Means the same as a details frame (:data:`DETAIL_COLUMNS`, one row per kept record) but
    produces rows only when asked, e.g. by decoding them again from the files' bytes.
    """

    def __len__(self) -> int:
        """The number of rows :meth:`frame` would have."""
        ...

    def rows(self, keys: pd.DataFrame) -> pd.DataFrame:
        """The rows whose (task, item_id) is a row of ``keys``, in the order of :meth:`frame`."""
        ...

    def frame(self) -> pd.DataFrame:
        """Every row, as the details frame a reader would otherwise have built."""
        ...


def detail_rows(details: pd.DataFrame | DetailSource | None, keys: pd.DataFrame):
    """Drill-down text for the (task, item_id) pairs of ``keys``; ``None`` when there is none.

    A :class:`DetailSource` builds only those rows; a details frame is returned whole (it
    may hold more rows, so merge it on the keys).
    """
    if details is None or not len(details):
        return None
    import pandas as pd

    if isinstance(details, pd.DataFrame):
        return details
    return details.rows(keys)


@dataclass(frozen=True)
class TaskInfo:
    """What a reader knows about one task of a run.

    Attributes
    ----------
    metric : str or None
        The metric whose values are in ``score`` (e.g. ``"acc"``, ``"exact_match"``).
    metric_choices : tuple of str
        Every metric the files offer for this task, so a user can pick another.
    filter : str or None
        The lm-eval filter used (e.g. ``"strict-match"``), if the format has filters.
    filter_choices : tuple of str
        Every filter the files offer.
    version, n_shot : str or None
        Task version and few-shot setting, when the metadata gives them.
    source_files : tuple of str
        The files this task was read from.
    score_key : str or None
        Inspect: the key taken from dict-valued scores, when the scores were dicts.
    """

    metric: str | None = None
    metric_choices: tuple[str, ...] = ()
    filter: str | None = None
    filter_choices: tuple[str, ...] = ()
    version: str | None = None
    n_shot: str | None = None
    source_files: tuple[str, ...] = ()
    score_key: str | None = None


@dataclass(frozen=True)
class SampleScores:
    """Per-sample scores of one model run, normalised from any result format.

    Attributes
    ----------
    scores : pandas.DataFrame
        One row per (task, item_id, run) with the columns of :data:`SCORE_COLUMNS`
        and optionally those of :data:`OPTIONAL_COLUMNS`. Duplicate keys may be present;
        pairing counts and reports them. A reader may give a
        :class:`core.score_columns.ScoreColumns` instead: reading ``scores`` then builds the
        frame once, and :attr:`columns` gives the columns without pandas.
    source : str
        A human name for where the run came from (a file or folder name).
    source_format : str
        Short format name, e.g. ``"csv-long"``, ``"lm-eval"``, ``"inspect"``.
    model : str or None
        Model name from the files' metadata, when they have one.
    tasks : mapping of str to TaskInfo
        Per-task metadata (metric, filter, versions), keyed by task name.
    details : pandas.DataFrame, DetailSource or None
        Text for the drill-down (:data:`DETAIL_COLUMNS`), one row per (task, item_id),
        when the files have it; a :class:`DetailSource` (lm-eval) builds rows on demand, so
        read it with :func:`detail_rows`.
    warnings : tuple of str
        Things the reader noticed that the user should see (skipped files, rows).
    run_ids : tuple of str
        When the files hold several runs of one model (lm-eval date ids), all of them,
        oldest first, so that a user can pick another; ``run_id`` is the one read.
    run_id : str or None
        The run read, when the files hold several.
    models : tuple of str
        When the files hold several models, all of them (``model`` is the one read, chosen
        by the user: a reader never picks among models by itself).
    file_digests : mapping of str to str
        SHA-256 of each file the scores were read from, by file name (filled by
        :func:`core.readers.read_run`), so that a comparison can tell when both sides are
        the same files.
    score_key : str or None
        Inspect: the key taken from dict-valued scores, when the scores were dicts.
    """

    scores: pd.DataFrame = LazyFrame()
    source: str
    source_format: str
    model: str | None = None
    tasks: Mapping[str, TaskInfo] = field(default_factory=dict)
    details: pd.DataFrame | DetailSource | None = None
    warnings: tuple[str, ...] = ()
    run_ids: tuple[str, ...] = ()
    run_id: str | None = None
    models: tuple[str, ...] = ()
    file_digests: Mapping[str, str] = field(default_factory=dict)
    score_key: str | None = None

    @property
    def columns(self) -> ScoreColumns | None:
        """The scores as :class:`~core.score_columns.ScoreColumns` when the reader gave
        columns, else ``None`` (the scores are a frame); builds nothing."""
        raw = self.__dict__["scores"]
        return raw if isinstance(raw, ScoreColumns) else None

    @property
    def n_rows(self) -> int:
        """The number of score rows, without building the frame."""
        return len(self.__dict__["scores"])

    def replaced(self, **changes: object) -> SampleScores:
        """:func:`dataclasses.replace` that keeps columns as columns (builds no frame)."""
        from dataclasses import fields

        values = {f.name: self.__dict__[f.name] for f in fields(self) if f.init}
        return type(self)(**{**values, **changes})


def make_score_frame(
    task: object,
    item_id: object,
    score: object,
    *,
    run: object = 0,
    group: object = None,
    **optional: object,
) -> pd.DataFrame:
    """Build a ``scores`` frame with the canonical columns and dtypes.

    Parameters
    ----------
    task, item_id, score : array-like or scalar
        Columns of the frame; scalars are broadcast.
    run : array-like or int, default 0
        Rerun index.
    group : array-like, str or None
        The benchmark each task belongs to; ``None`` means each task is its own group.
    **optional
        Optional columns from :data:`OPTIONAL_COLUMNS`.

    Returns
    -------
    pandas.DataFrame
    """
    import pandas as pd

    frame = pd.DataFrame({"task": task, "item_id": item_id, "run": run, "score": score})
    frame["group"] = frame["task"] if group is None else group
    for name, values in optional.items():
        if name not in OPTIONAL_COLUMNS:
            raise TypeError(
                f"unknown optional column {name!r}; allowed: {sorted(OPTIONAL_COLUMNS)}"
            )
        frame[name] = values
    dtypes = {**SCORE_COLUMNS, **{k: v for k, v in OPTIONAL_COLUMNS.items() if k in frame}}
    frame = frame.astype(dtypes)
    return frame[[*SCORE_COLUMNS, *(k for k in OPTIONAL_COLUMNS if k in frame)]]


def check_scores(frame: pd.DataFrame, source: str) -> None:
    """Raise :class:`InputError` when scores are missing, not finite or outside [0, 1].

    Parameters
    ----------
    frame : pandas.DataFrame
        A ``scores`` frame.
    source : str
        The file the frame came from, named in the message.
    """
    if isinstance(frame, ScoreColumns):
        check_score_columns(frame, source)
        return
    import numpy as np

    values = frame["score"].to_numpy(dtype=float, na_value=np.nan)
    tasks, items = frame["task"], frame["item_id"]
    check_score_values(values, source, lambda row: (tasks.iloc[row], items.iloc[row]))


def assemble_run(
    source: str,
    source_format: str,
    frames: list[pd.DataFrame],
    *,
    tasks: Mapping[str, TaskInfo],
    models: set[str | None],
    details: list[pd.DataFrame | None] = (),
    warnings: list[str] = (),
    what: str = "files",
    selection: object = None,
) -> SampleScores:
    """Combine the per-file frames of one side into a :class:`SampleScores`.

    Shared by the readers: refuses files of several models, drops optional hash columns
    that no row fills, checks the scores, and stacks the drill-down text.

    Parameters
    ----------
    source : str
        Name of the files for messages (a file or folder name).
    source_format : str
        Short format name.
    frames : list of pandas.DataFrame
        ``scores`` frames, one per file.
    tasks : mapping of str to TaskInfo
    models : set of str or None
        Model names the files gave (``None`` for files without one).
    details : list of pandas.DataFrame or None
        Drill-down text per file.
    warnings : list of str
    what : str
        What the files are called in messages ("logs", "runs", "files").
    selection : core.readers.runs.Selection, optional
        Which model and run the reader chose (:func:`core.readers.runs.choose`).

    Raises
    ------
    InputError
        Several models, or unusable scores.
    """
    import pandas as pd

    named = sorted({model for model in models if model})
    if len(named) > 1:
        raise InputError(
            f"{source}: the {what} are of several models ({', '.join(named)}). "
            f"Give one model's {what} per side."
        )
    scores = pd.concat(frames, ignore_index=True)
    empty = [name for name in OPTIONAL_COLUMNS if name in scores and scores[name].isna().all()]
    scores = scores.drop(columns=empty)
    check_scores(scores, source)
    texts = [frame for frame in details if frame is not None]
    return SampleScores(
        scores=scores,
        source=source,
        source_format=source_format,
        model=named[0] if named else None,
        tasks=dict(tasks),
        details=pd.concat(texts, ignore_index=True)[list(DETAIL_COLUMNS)] if texts else None,
        warnings=(*getattr(selection, "warnings", ()), *warnings),
        run_ids=getattr(selection, "run_ids", ()),
        run_id=getattr(selection, "run_id", None),
        models=getattr(selection, "models", ()),
    )
