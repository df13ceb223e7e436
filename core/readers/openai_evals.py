"""openai/evals (``oaieval``) JSON Lines event logs.

Detection (from content)
    JSON Lines whose first object has a ``spec`` object (with ``eval_name`` or
    ``completion_fns``).
Item key
    ``sample_id`` of ``type == "match"`` events; the score is ``data.correct`` (a boolean).
    A sample with several match events keeps them all as rows (pairing counts duplicates).
Task and model
    ``spec.eval_name`` and the first of ``spec.completion_fns``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from core.errors import InputError
from core.readers import runs
from core.readers.files.jsonl import (
    first_char,
    first_line_object,
    iter_lines,
    short_text,
    structure_errors,
)
from core.readers.files.sources import InputFile, describe
from core.readers.gather import Gathered
from core.samples import DETAIL_COLUMNS, SampleScores, TaskInfo, make_score_frame

if TYPE_CHECKING:
    import pandas as pd


class OpenAIEvalsReader:
    """Reader for openai/evals event logs."""

    name = "openai-evals"
    #: Reading options the format does not have: refused by :func:`core.readers.read_run`.
    absent_options = ("metric", "filter", "score_key")
    #: The format's files in words, one and several (for that refusal).
    described = ("an openai/evals log", "openai/evals logs")
    #: Values of those options that need no choice (the only metric there is).
    allowed_values = {"metric": ("correct",)}

    def claims(self, file: InputFile) -> bool:
        """JSON Lines whose first record is ``{"spec": {...}}``."""
        if first_char(file) != b"{":
            return False
        first = first_line_object(file)
        spec = first.get("spec") if first else None
        return isinstance(spec, dict) and ("eval_name" in spec or "completion_fns" in spec)

    def read(self, files: Sequence[InputFile], options: object) -> SampleScores:
        """Read the match events of one or more logs of one model."""
        read = []
        for file in files:
            with structure_errors(file.name, "an openai/evals log"):
                read.append((file, *_read_log(file)))
        read, selection = runs.choose(
            read, lambda entry: runs.RunRef(entry[4]), describe(files), options, "log"
        )
        gathered = Gathered("openai-evals", "logs")
        for file, frame, detail, task, model in read:
            if task in gathered.tasks:
                gathered.warnings.append(f"eval {task} appears in several logs; all rows are kept.")
            info = TaskInfo(
                metric="correct", metric_choices=("correct",), source_files=(file.name,)
            )
            gathered.add(task, info, frame, model, detail)
        return gathered.result(files, selection)


def _read_log(file: InputFile) -> tuple[pd.DataFrame, pd.DataFrame, str, str | None]:
    spec: dict | None = None
    ids: list[str] = []
    values: list[float] = []
    prompts: dict[str, str] = {}
    texts: dict[str, tuple[str, str]] = {}
    for number, record in iter_lines(file):
        if not isinstance(record, dict):
            raise InputError(
                f"{file.name}: line {number} is not a JSON object. Give the unedited log."
            )
        if spec is None:
            if not isinstance(record.get("spec"), dict):
                raise InputError(
                    f"{file.name}: line {number}: the log does not start with a "
                    "spec record. Give the unedited oaieval log."
                )
            spec = record["spec"]
            continue
        kind = record.get("type")
        data = record.get("data") if isinstance(record.get("data"), dict) else {}
        sample = record.get("sample_id")
        if kind == "sampling" and sample is not None:
            prompts.setdefault(str(sample), short_text(data.get("prompt"), tail=True))
        if kind != "match" or sample is None:
            continue
        correct = data.get("correct")
        if (
            not isinstance(correct, bool | int | float)
            or isinstance(correct, float)
            and (correct != correct)
        ):
            raise InputError(
                f"{file.name}: line {number}: match event of {sample!r} has no "
                "true/false 'correct'. Give the unedited log."
            )
        ids.append(str(sample))
        values.append(float(correct))
        texts.setdefault(
            str(sample),
            (short_text(data.get("expected")), short_text(data.get("picked", data.get("sampled")))),
        )
    if spec is None:
        raise InputError(f"{file.name}: the log is empty. Give the oaieval JSONL log.")
    task = str(spec.get("eval_name") or spec.get("base_eval") or file.stem)
    if not ids:
        raise InputError(
            f"{file.name}: the log of {task} has no 'match' events, so no per-sample "
            "correctness. Only evals that record matches (e.g. Match, Includes) can be compared."
        )
    fns = spec.get("completion_fns")
    model = str(fns[0]) if isinstance(fns, list) and fns else None
    frame = make_score_frame(task, ids, values)
    import pandas as pd

    detail = pd.DataFrame(
        [(task, i, prompts.get(i, ""), t, r) for i, (t, r) in texts.items()],
        columns=list(DETAIL_COLUMNS),
        dtype="string",
    )
    return frame, detail, task, model


READER = OpenAIEvalsReader()
