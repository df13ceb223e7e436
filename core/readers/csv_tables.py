"""Plain CSV results: the degradation paper's layout and a long layout.

Paper layout
    One file per (task, model) with columns ``prompt_id,score``; the task is the file name
    without extension. Several files make several tasks.
Long layout
    One file with a task column, an id column and a score column, plus an optional rerun
    column (``run``, ``sample``, ``epoch``, ``repeat``), an optional group column (the
    benchmark a subtask belongs to) and an optional ``model`` column. Rows of several
    models are refused unless the user chose one (:mod:`core.readers.runs`).

Column names are matched case-insensitively against common synonyms
(result-formats.md §7).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import numpy as np
import pandas as pd

from core.errors import InputError
from core.readers import runs
from core.readers.sources import InputFile, describe
from core.samples import SampleScores, TaskInfo, check_scores, make_score_frame

ID_NAMES = ("prompt_id", "question_id", "doc_id", "sample_id", "item_id", "id")
SCORE_NAMES = ("score", "correct", "acc", "exact_match", "is_correct")
TASK_NAMES = ("task", "unit", "benchmark", "subtask", "task_name")
RUN_NAMES = ("run", "sample", "epoch", "repeat", "rerun", "trial")
GROUP_NAMES = ("group", "benchmark_group", "parent_task")
_BOOLEAN_WORDS = {"true": 1.0, "false": 0.0, "yes": 1.0, "no": 0.0, "c": 1.0, "i": 0.0}


def _find_column(columns: Sequence[str], names: Sequence[str]) -> str | None:
    lowered = {column.strip().lower(): column for column in columns}
    return next((lowered[name] for name in names if name in lowered), None)


def _decode(file: InputFile) -> str:
    if b"\x00" in file.data[:4096]:
        raise InputError(
            f"{file.name}: this is a binary file, not CSV text. Check that the right file was given."
        )
    try:
        return bytes(file.data).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            f"{file.name}: not UTF-8 text (bad byte at position {error.start}). "
            "Save the CSV as UTF-8 and try again."
        ) from None


def _header(file: InputFile) -> list[str] | None:
    head = file.data[:8192]
    if b"\x00" in head:
        return None
    try:
        text = head.decode("utf-8-sig", errors="strict" if len(file.data) <= 8192 else "ignore")
    except UnicodeDecodeError:
        return None
    first = text.splitlines()[0] if text else ""
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    return next(csv.reader([first], delimiter=delimiter), None)


class CsvReader:
    """Reader for the paper's per-task CSVs and the long CSV layout."""

    name = "csv"

    def claims(self, file: InputFile) -> bool:
        """A ``.csv``/``.tsv`` file, or text whose header has an id and a score column."""
        if file.suffix in {".csv", ".tsv"}:
            return True
        header = _header(file)
        return (
            bool(header)
            and _find_column(header, ID_NAMES) is not None
            and (_find_column(header, SCORE_NAMES) is not None)
        )

    def read(self, files: Sequence[InputFile], options: object) -> SampleScores:
        """Read every CSV file of one side into one :class:`SampleScores`."""
        parts: list[tuple[InputFile, pd.DataFrame, str, str | None]] = []
        for file in files:
            frame, layout, model_rows = self._read_file(file)
            if model_rows is None:
                parts.append((file, frame, layout, None))
                continue
            for model in dict.fromkeys(model_rows):
                parts.append((file, frame.loc[model_rows == model], layout, model or None))
        parts, selection = runs.choose(
            parts, lambda part: runs.RunRef(part[3]), describe(files), options, "table"
        )
        frames: list[pd.DataFrame] = []
        tasks: dict[str, TaskInfo] = {}
        layouts: set[str] = set()
        for file, frame, layout, _model in parts:
            layouts.add(layout)
            for task in frame["task"].unique():
                previous = tasks.get(task)
                sources = (*(previous.source_files if previous else ()), file.name)
                tasks[str(task)] = TaskInfo(metric="score", source_files=sources)
            frames.append(frame.reset_index(drop=True))
        scores = pd.concat(frames, ignore_index=True)
        return SampleScores(
            scores=scores,
            source=describe(files),
            source_format="csv-" + "+".join(sorted(layouts)),
            model=selection.model,
            tasks=tasks,
            warnings=selection.warnings,
            models=selection.models,
        )

    def _read_file(self, file: InputFile) -> tuple[pd.DataFrame, str, np.ndarray | None]:
        """The file's scores, its layout, and each row's model (``None``: no model column)."""
        text = _decode(file)
        if not text.strip():
            raise InputError(
                f"{file.name}: the file is empty. Export the per-sample results again."
            )
        first = text.splitlines()[0]
        separator = "\t" if file.suffix == ".tsv" or first.count("\t") > first.count(",") else ","
        try:
            table = pd.read_csv(
                io.StringIO(text),
                sep=separator,
                dtype=str,
                keep_default_na=False,
                skipinitialspace=True,
            )
        except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as error:
            raise InputError(
                f"{file.name}: not a readable CSV table ({error}). Check the file."
            ) from None
        columns = list(table.columns)
        id_column = _find_column(columns, ID_NAMES)
        score_column = _find_column(columns, SCORE_NAMES)
        missing = [
            what for what, col in (("an id", id_column), ("a score", score_column)) if col is None
        ]
        if missing:
            raise InputError(
                f"{file.name}: no {' or '.join(missing)} column found (columns: {', '.join(columns)}). "
                f"Name the id column one of {', '.join(ID_NAMES)} and the score column one of "
                f"{', '.join(SCORE_NAMES)}."
            )
        if table.empty:
            raise InputError(
                f"{file.name}: the table has a header but no rows. Export the results again."
            )
        task_column = _find_column(columns, TASK_NAMES)
        run_column = _find_column(columns, RUN_NAMES)
        group_column = _find_column(columns, GROUP_NAMES)
        model_column = _find_column(columns, ("model", "model_name"))
        model_rows = None
        if model_column is not None:  # several models are chosen among by runs.choose
            model_rows = table[model_column].str.strip().to_numpy()
        scores = _parse_scores(table[score_column], file.name, score_column)
        runs = _parse_runs(table[run_column], file.name, run_column) if run_column else 0
        task = table[task_column] if task_column else file.stem
        if task_column is not None and (table[task_column] == "").any():
            row = int((table[task_column] == "").to_numpy().argmax()) + 2
            raise InputError(
                f"{file.name}: line {row} has an empty {task_column!r}. Fill in the task name."
            )
        if (table[id_column] == "").any():
            row = int((table[id_column] == "").to_numpy().argmax()) + 2
            raise InputError(
                f"{file.name}: line {row} has an empty {id_column!r}. Every row needs an item id."
            )
        group = table[group_column].where(table[group_column] != "", task) if group_column else None
        frame = make_score_frame(task, table[id_column], scores, run=runs, group=group)
        check_scores(frame, file.name)
        return frame, ("long" if task_column else "per-task"), model_rows


def _parse_scores(column: pd.Series, file_name: str, column_name: str) -> pd.Series:
    words = column.str.strip().str.lower().map(_BOOLEAN_WORDS)
    numbers = pd.to_numeric(column.where(words.isna()), errors="coerce")
    values = numbers.fillna(words).astype(float)
    bad = values.isna().to_numpy()
    if bad.any():
        row = int(bad.argmax())
        raise InputError(
            f"{file_name}: {int(bad.sum())} value(s) in column {column_name!r} are not numbers "
            f"(first on line {row + 2}: {column.iloc[row]!r}). Scores must be numbers such as 0, 1 or 0.5."
        )
    return values


def _parse_runs(column: pd.Series, file_name: str, column_name: str) -> pd.Series:
    runs = pd.to_numeric(column, errors="coerce")
    bad = runs.isna().to_numpy() | (runs % 1 != 0).to_numpy()
    if bad.any():
        row = int(bad.argmax())
        raise InputError(
            f"{file_name}: column {column_name!r} must hold whole rerun numbers "
            f"(line {row + 2}: {column.iloc[row]!r})."
        )
    return runs.astype("int64")


READER = CsvReader()
