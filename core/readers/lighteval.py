"""Hugging Face lighteval ``--save-details`` parquet files, both schema eras.

Detection (from content)
    A parquet file (``PAR1``) whose schema has ``doc``/``metric`` struct columns (also
    spelled ``__doc__``/``__metric__``; lighteval 0.11 and later) or a ``metrics`` column
    (0.6-0.10).
Item key
    0.11+: ``doc.id``, a string row index written by lighteval. 0.6-0.10 rows carry no id:
    ``item_id`` is the row number and ``item_hash`` a hash of ``example`` (or
    ``full_prompt``), so pairing checks row by row that both runs saw the same prompt and
    excludes, loudly, every row where they did not.
Choices
    The metric (a field of ``metric``/``metrics``); default the first whose values are all
    0/1, otherwise the first numeric one.
Task and model
    ``doc.task_name`` when present, otherwise the file name
    ``details_<task>_<date_id>.parquet``; the model from the folders between ``details/``
    and the ``<date_id>/`` folder.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

import orjson

from core.errors import InputError
from core.readers import runs
from core.readers.files.jsonl import content_hash, short_text, structure_errors
from core.readers.files.sources import InputFile, describe
from core.readers.gather import Gathered, refuse_unknown, requested
from core.samples import DETAIL_COLUMNS, SampleScores, TaskInfo, make_score_frame

if TYPE_CHECKING:
    import pyarrow as pa

_NAME = re.compile(r"^details_(?P<task>.+)_(?P<date>\d{4}-\d{2}-\d{2}T[\d\-.:]+)$")
_DATE_DIR = re.compile(r"^\d{4}-\d{2}-\d{2}T")


def _schema_names(file: InputFile) -> list[str] | None:
    if bytes(file.data[:4]) != b"PAR1":
        return None
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        return list(pq.ParquetFile(io.BytesIO(file.data)).schema_arrow.names)
    except (pa.ArrowException, OSError, ValueError, TypeError, IndexError):
        return None


def _era(names: Sequence[str]) -> str | None:
    if ("doc" in names or "__doc__" in names) and ("metric" in names or "__metric__" in names):
        return "0.11"
    return "0.6" if "metrics" in names else None


class LightevalReader:
    """Reader for lighteval details parquet files."""

    name = "lighteval"
    #: Reading options the format does not have: refused by :func:`core.readers.read_run`.
    absent_options = ("filter", "score_key")
    #: The format's files in words, one and several (for that refusal).
    described = ("a lighteval details file", "lighteval results")

    def claims(self, file: InputFile) -> bool:
        """A parquet file with lighteval's details columns."""
        names = _schema_names(file)
        return names is not None and _era(names) is not None

    def read(self, files: Sequence[InputFile], options: object) -> SampleScores:
        """Read each details file as one task of one model."""
        files, selection = runs.choose(list(files), _ref_of, describe(files), options, "file")
        gathered = Gathered("lighteval")
        for file in files:
            with structure_errors(file.name, "a lighteval details parquet"):
                frame, detail, info = _read_file(file, options, gathered.warnings)
            task = str(frame["task"].iloc[0])
            gathered.refuse_repeat(task, file.name, "Give one file per task.")
            gathered.add(task, info, frame, _model_from_path(file.name), detail)
        return gathered.result(files, selection)


def _ref_of(file: InputFile) -> runs.RunRef:
    """Model from the folders, run from the date folder or the file name's date id."""
    path = PurePosixPath(file.name)
    dates = [part for part in path.parts[:-1] if _DATE_DIR.match(part)]
    match = _NAME.match(path.stem)
    run = dates[-1] if dates else (match["date"] if match else "")
    return runs.RunRef(_model_from_path(file.name), run)


def _model_from_path(name: str) -> str | None:
    parts = PurePosixPath(name).parts[:-1]
    if "details" not in parts:
        return None
    rest = parts[parts.index("details") + 1 :]
    rest = tuple(p for p in rest if not _DATE_DIR.match(p))
    return "/".join(rest) or None


def _column(table: pa.Table, *names: str) -> list | None:
    for name in names:
        if name in table.column_names:
            return table.column(name).to_pylist()
    return None


def _as_dict(value: object) -> dict:
    if isinstance(value, dict):
        return value
    if isinstance(value, list):  # a parquet map arrives as a list of (key, value) pairs
        return {k: v for k, v in value}
    if isinstance(value, str | bytes):
        decoded = orjson.loads(value)
        return decoded if isinstance(decoded, dict) else {}
    return {}


def _read_file(file: InputFile, options: object, warnings: list[str]):
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(io.BytesIO(file.data))
    except (pa.ArrowException, OSError, ValueError) as error:
        raise InputError(
            f"{file.name}: not a readable parquet file ({error}). Re-copy the details file."
        ) from None
    era = _era(table.column_names)
    if era is None:
        raise InputError(
            f"{file.name}: a parquet file without lighteval's doc/metric or "
            "metrics columns. Give a details_<task>_<date>.parquet file."
        )
    n = table.num_rows
    if n == 0:
        raise InputError(f"{file.name}: the details file has no rows. Re-run with --save-details.")
    match = _NAME.match(PurePosixPath(file.name).stem)
    task = match["task"] if match else PurePosixPath(file.name).stem
    hashes: list[str | None] = [None] * n
    if era == "0.11":
        docs = [_as_dict(d) for d in _column(table, "doc", "__doc__")]
        metrics = [_as_dict(m) for m in _column(table, "metric", "__metric__")]
        responses = [_as_dict(r) for r in (_column(table, "model_response") or [{}] * n)]
        names = [d.get("task_name") for d in docs if d.get("task_name")]
        task = str(names[0]) if names else task
        ids = [d.get("id") for d in docs]
        if any(i is None or i == "" for i in ids):
            raise InputError(
                f"{file.name}: some rows have no doc.id. Re-run with lighteval "
                "0.11 or later, or give the unedited file."
            )
        ids = [str(i) for i in ids]
        prompts = [d.get("query") for d in docs]
        targets = [_gold(d.get("choices"), d.get("gold_index")) for d in docs]
        answers = [r.get("text") for r in responses]
    else:
        metrics = [_as_dict(m) for m in _column(table, "metrics")]
        examples = _column(table, "example", "full_prompt") or [None] * n
        full = _column(table, "full_prompt") or examples
        if all(e is None for e in examples):
            raise InputError(
                f"{file.name}: the rows have neither 'example' nor 'full_prompt', "
                "so they cannot be matched between runs. Give the unedited file."
            )
        ids = [str(i) for i in range(n)]
        hashes = [content_hash(e) if e is not None else None for e in examples]
        prompts = full
        targets = _column(table, "gold") or [None] * n
        answers = _column(table, "predictions") or [None] * n
        warnings.append(
            f"{task}: lighteval before 0.11 writes no item ids; rows are paired by "
            "position, checked by a hash of each row's prompt."
        )
    metric, values = _choose(file.name, task, metrics, options)
    keep = [i for i, v in enumerate(values) if v is not None]
    if len(keep) < n:
        warnings.append(f"{task}: {n - len(keep)} row(s) have no {metric} value and are skipped.")
    frame = make_score_frame(
        task, [ids[i] for i in keep], [values[i] for i in keep], item_hash=[hashes[i] for i in keep]
    )
    detail = pd.DataFrame(
        [
            (
                task,
                ids[i],
                short_text(prompts[i], tail=True),
                short_text(targets[i]),
                short_text(answers[i]),
            )
            for i in keep
        ],
        columns=list(DETAIL_COLUMNS),
        dtype="string",
    )
    choices = tuple(dict.fromkeys(k for m in metrics for k in m))
    return frame, detail, TaskInfo(metric=metric, metric_choices=choices, source_files=(file.name,))


def _gold(choices: object, gold: object) -> object:
    if isinstance(choices, list) and isinstance(gold, list) and len(gold) == 1:
        gold = gold[0]
    if isinstance(choices, list) and isinstance(gold, int) and 0 <= gold < len(choices):
        return choices[gold]
    return gold


def _number(value: object) -> float | None:
    if isinstance(value, bool | int | float):
        return float(value)
    return None


def _choose(name: str, task: str, metrics: list[dict], options: object):
    names = list(dict.fromkeys(k for m in metrics for k in m))
    chosen = requested(options, "metric", task)
    if chosen and chosen not in names:
        refuse_unknown(name, "metric", chosen, names, task)
    numeric = [k for k in names if any(_number(m.get(k)) is not None for m in metrics)]
    if chosen:
        metric = chosen
    else:
        binary = [
            k
            for k in numeric
            if all(_number(m.get(k)) in (0.0, 1.0) for m in metrics if m.get(k) is not None)
        ]
        if not numeric:
            raise InputError(
                f"{name}: no numeric per-row metric for {task}. Give a details "
                "file of a scored run."
            )
        metric = (binary or numeric)[0]
    values = [_number(m.get(metric)) for m in metrics]
    if all(v is None for v in values):
        raise InputError(
            f"{name}: metric {metric!r} of {task} holds no numbers; choose one of "
            f"{', '.join(numeric) or '(none)'}."
        )
    return metric, values


READER = LightevalReader()
