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
(docs/formats.md §7). ``ReadOptions.metric`` names the score column to read (e.g.
``--metric acc`` for a table with ``score`` and ``acc`` columns); a metric that is not a
column, a filter and a score key (CSV has neither) are refused, never ignored.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from core.errors import InputError
from core.readers import runs
from core.readers.files.jsonl import describe_binary
from core.readers.files.sources import InputFile, archive_stream, describe
from core.readers.gather import refuse_absent
from core.samples import SampleScores, TaskInfo, check_scores, make_score_frame
from core.text_safety import one_line

if TYPE_CHECKING:
    import pandas as pd

ID_NAMES = ("prompt_id", "question_id", "doc_id", "sample_id", "item_id", "id")
SCORE_NAMES = ("score", "correct", "acc", "exact_match", "is_correct")
TASK_NAMES = ("task", "unit", "benchmark", "subtask", "task_name")
RUN_NAMES = ("run", "sample", "epoch", "repeat", "rerun", "trial")
GROUP_NAMES = ("group", "benchmark_group", "parent_task")
_BOOLEAN_WORDS = {"true": 1.0, "false": 0.0, "yes": 1.0, "no": 0.0, "c": 1.0, "i": 0.0}
#: The most rows and bytes of CSV one side may hold: a comparison of two such sides stays
#: within issue 12's 1 GB of memory (two sides of 2 million rows peak near 900 MB; see
#: docs/engineering-notes.md, i12-mem). Larger sides are refused before they are parsed.
MAX_ROWS = 2_000_000
MAX_BYTES = 48 * 1024**2


def _find_column(columns: Sequence[str], names: Sequence[str]) -> str | None:
    lowered = {column.strip().lower(): column for column in columns}
    return next((lowered[name] for name in names if name in lowered), None)


def _text_bytes(file: InputFile) -> bytes:
    """The file's bytes; an InputError saying what the file is when it is not text."""
    problem = describe_binary(file)
    if problem:
        raise InputError(f"{file.name}: {problem}")
    return file.data


def _first_line(data: bytes) -> str:
    """The first line of the text (read from the first 64 KiB only), without a BOM."""
    head = bytes(data[: 64 * 1024])
    head = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    return head.split(b"\n", 1)[0].decode("utf-8", errors="replace").rstrip("\r")


def _delimiter(first: str, suffix: str = "") -> str:
    """Tab for ``.tsv``; else the most frequent of comma, tab and semicolon (comma on ties)."""
    if suffix == ".tsv":
        return "\t"
    counts = {sep: first.count(sep) for sep in (",", "\t", ";")}
    best = max(counts, key=lambda sep: (counts[sep], sep == ","))
    return best if counts[best] else ","


def _header(file: InputFile) -> list[str] | None:
    head = bytes(file.data[:8192])
    if b"\x00" in head:
        return None
    try:
        head.decode("utf-8-sig", errors="strict" if len(file.data) <= 8192 else "ignore")
    except UnicodeDecodeError:
        return None
    first = _first_line(head)
    try:
        return next(csv.reader([first], delimiter=_delimiter(first)), None)
    except csv.Error:  # e.g. a bare carriage return inside the line: not a header we read
        return None


def _bad_utf8_position(data: bytes) -> int:
    """The offset of the first byte that is not UTF-8, read 1 MiB at a time."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    step = 1024**2
    for start in range(0, len(data), step):
        try:
            decoder.decode(bytes(data[start : start + step]), final=start + step >= len(data))
        except UnicodeDecodeError as error:
            return start + error.start
    return -1


def _line_count(data: bytes) -> int:
    """Newlines in the data, counted 8 MiB at a time (no copy of the whole file)."""
    step = 8 * 1024**2
    return sum(
        bytes(data[start : start + step]).count(b"\n") for start in range(0, len(data), step)
    )


def _check_size(files: Sequence[InputFile]) -> None:
    """Refuse a side whose CSV files are too large to be compared within 1 GB of memory."""
    size = sum(len(file.data) for file in files)
    rows = 0 if size > MAX_BYTES else sum(_line_count(file.data) for file in files)
    if size <= MAX_BYTES and rows <= MAX_ROWS + len(files):  # one header line per file
        return
    found = f"{size / 1024**2:,.0f} MB" if size > MAX_BYTES else f"{rows - len(files):,} rows"
    raise InputError(
        f"{describe(files)}: the CSV holds {found}, more than a comparison can hold in 1 GB "
        f"of memory (at most {MAX_BYTES // 1024**2:,} MB or {MAX_ROWS:,} rows per side). "
        "Compare a part at a time, e.g. one file per group of tasks."
    )


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
        import pandas as pd

        _check_size(files)
        parts: list[tuple[InputFile, pd.DataFrame, str, str | None, str]] = []
        for file in files:
            frame, layout, model_rows, metric = self._read_file(file, options)
            if model_rows is None:
                parts.append((file, frame, layout, None, metric))
                continue
            for model in dict.fromkeys(model_rows):
                rows = frame.loc[model_rows == model]
                parts.append((file, rows, layout, model or None, metric))
        parts, selection = runs.choose(
            parts, lambda part: runs.RunRef(part[3]), describe(files), options, "table"
        )
        frames: list[pd.DataFrame] = []
        tasks: dict[str, TaskInfo] = {}
        layouts: set[str] = set()
        for file, frame, layout, _model, metric in parts:
            layouts.add(layout)
            for task in frame["task"].unique():
                previous = tasks.get(task)
                sources = (*(previous.source_files if previous else ()), file.name)
                tasks[str(task)] = TaskInfo(metric=metric, source_files=sources)
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

    def _read_file(
        self, file: InputFile, options: object
    ) -> tuple[pd.DataFrame, str, np.ndarray | None, str]:
        """The file's scores, its layout, each row's model (``None``: no model column) and
        the metric read (``"score"``, or the column ``options`` named)."""
        import pandas as pd

        data = _text_bytes(file)
        if not bytes(data[: 1024**2]).strip(b" \t\r\n\xef\xbb\xbf") and len(data) <= 1024**2:
            raise InputError(
                f"{file.name}: the file is empty. Export the per-sample results again."
            )
        separator = _delimiter(_first_line(data), file.suffix)
        try:
            table = pd.read_csv(
                archive_stream(data),
                sep=separator,
                dtype=str,
                keep_default_na=False,
                skipinitialspace=True,
                encoding="utf-8-sig",
            )
        except UnicodeDecodeError:
            position = _bad_utf8_position(data)
            line = bytes(data[: max(position, 0)]).count(b"\n") + 1
            raise InputError(
                f"{file.name}: line {line:,} is not UTF-8 text (bad byte at position "
                f"{position:,}). Save the CSV as UTF-8 and try again."
            ) from None
        except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as error:
            raise InputError(
                f"{file.name}: not a readable CSV table ({one_line(error, 160)}). Check the file."
            ) from None
        columns = list(table.columns)
        id_column = _find_column(columns, ID_NAMES)
        task_column = _find_column(columns, TASK_NAMES)
        tasks = table[task_column].unique() if task_column else [file.stem]
        requested = _requested_column(file.name, columns, [str(t) for t in tasks], options)
        score_column = requested or _find_column(columns, SCORE_NAMES)
        missing = [
            what for what, col in (("id", id_column), ("score", score_column)) if col is None
        ]
        if missing:
            raise InputError(
                f"{file.name}: no {' or '.join(missing)} column found (columns: "
                f"{one_line(', '.join(map(str, columns)), 200)}). "
                f"Name the id column one of {', '.join(ID_NAMES)} and the score column one of "
                f"{', '.join(SCORE_NAMES)}."
            )
        if table.empty:
            raise InputError(
                f"{file.name}: the table has a header but no rows. Export the results again."
            )
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
        layout = "long" if task_column else "per-task"
        return frame, layout, model_rows, (score_column if requested else "score")


def _requested_column(
    file_name: str, columns: Sequence[str], tasks: Sequence[str], options: object
) -> str | None:
    """The score column ``options.metric`` names for the file's tasks (``None``: the default).

    A metric that is no score column of the table, a filter and a score key are refused in
    one line with the columns, never ignored; one table is read with one score column.
    """
    shown = one_line(", ".join(map(str, columns)), 200)
    absent = ("filter", "score_key")
    refuse_absent(
        file_name,
        "a CSV table",
        "CSV results",
        options,
        tasks,
        absent,
        detail=f" (columns: {shown})",
    )
    metric_for = getattr(options, "metric_for", None)
    wanted = {task: metric_for(task) if metric_for else None for task in tasks}
    names = set(wanted.values())
    if names == {None}:
        return None
    structural = {
        _find_column(columns, synonyms)
        for synonyms in (ID_NAMES, TASK_NAMES, RUN_NAMES, GROUP_NAMES, ("model", "model_name"))
    }
    choices = [str(column) for column in columns if column not in structural]
    listed = one_line(", ".join(choices), 200) or "(none)"
    if len(names) > 1:
        per_task = ", ".join(
            f"{task}: {name or 'the default score column'}" for task, name in wanted.items()
        )
        raise InputError(
            f"{file_name}: the metrics chosen per task name different columns of one table "
            f"({one_line(per_task, 200)}); a table is read with one score column. Give one "
            f"--metric for all its tasks (one of {listed}), or one table per metric."
        )
    (name,) = names
    column = _find_column(choices, [str(name).strip().lower()])
    if column is None:
        raise InputError(
            f"{file_name}: metric {one_line(name, 60)!r} is not a score column of the table "
            f"(columns: {shown}). Choose one of {listed} with --metric, or leave --metric "
            "unset to read the score column."
        )
    return column


def _parse_scores(column: pd.Series, file_name: str, column_name: str) -> pd.Series:
    """Scores as floats: numbers, or the words true/false, yes/no, C/I.

    Numbers are parsed first (one vectorised pass); only the cells that are not numbers
    are looked up as words, so a large numeric column is never copied as text.
    """
    import pandas as pd

    values = _whole_numbers(column)
    if values is None:
        values = pd.to_numeric(column, errors="coerce").astype(float)
    text = values.isna().to_numpy()
    if text.any():
        words = column[text].str.strip().str.lower().map(_BOOLEAN_WORDS)
        values[text] = words.to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(values.to_numpy())
    if bad.any():
        row = int(bad.argmax())
        raise InputError(
            f"{file_name}: {int(bad.sum()):,} value(s) in column {one_line(column_name, 60)!r} "
            f"are not numbers (text, NaN or inf; first on line {row + 2:,}: "
            f"{one_line(column.iloc[row], 60)!r}). Scores must be numbers such as 0, 1 or 0.5."
        )
    return values


def _whole_numbers(column: pd.Series) -> pd.Series | None:
    """``pd.to_numeric(column).astype(float)`` when every cell is digits only (0/1 scores),
    by Arrow's cast (``to_numeric`` took 0.23 s per million cells); else ``None``."""
    import pandas as pd

    if not isinstance(column.dtype, pd.StringDtype) or column.dtype.storage != "pyarrow":
        return None
    import pyarrow as pa
    import pyarrow.compute as pc

    cells = pa.array(column.array)  # no copy (the Arrow protocol)
    if cells.null_count or not pc.all(pc.match_substring_regex(cells, r"^[0-9]{1,15}$")).as_py():
        return None
    numbers = pc.cast(cells, pa.int64()).to_numpy().astype(float)
    return pd.Series(numbers, index=column.index, name=column.name)


def _parse_runs(column: pd.Series, file_name: str, column_name: str) -> pd.Series:
    import pandas as pd

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
