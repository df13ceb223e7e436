"""Readers: turn result files of any supported format into :class:`core.samples.SampleScores`.

Use :func:`read_run` for one side (baseline or candidate). It detects the format of each file
from its content (the file name is only a hint), hands the files to the reader that claims
them, and reports files that no reader recognised.

Adding a format means writing a module with a :class:`FormatReader` and listing it in
:data:`READERS`; nothing else changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from core.errors import InputError
from core.readers.files.digests import FileDigests
from core.readers.files.jsonl import diagnose
from core.readers.files.sources import InputFile, describe, expand_files, files_from_path
from core.readers.gather import refuse_absent
from core.readers.runs import RUN_FLAG, AmbiguousChoiceError, UnknownChoiceError
from core.samples import SampleScores

__all__ = [
    "AmbiguousChoiceError",
    "UnknownChoiceError",
    "FormatReader",
    "InputFile",
    "ReadOptions",
    "READERS",
    "files_from_path",
    "read_path",
    "read_run",
]


@dataclass(frozen=True)
class ReadOptions:
    """User choices that a reader applies when a format offers several.

    Attributes
    ----------
    metric : str, mapping of task to str, or None
        The metric to test; one name for all tasks or one per task. ``None``: the reader's
        default (the first binary metric the records list).
    filter : str, mapping of task to str, or None
        lm-eval filter (``"strict-match"``, ``"flexible-extract"``, ...). Filters are never
        pooled.
    score_key : str or None
        Inspect: the key to take from dict-valued scores. Chosen once for both sides; when
        the scores have several keys and none is chosen, reading refuses with the keys.
    run_id : str or None
        Which model or run to read when the files hold several: a model name, a model
        folder, a run id (lm-eval/lighteval date id, a unique prefix is enough) or
        ``MODEL@RUN`` (:mod:`core.readers.runs`). ``None``: the newest run of the one
        model; files of several models are refused with the choices.
    model : str or None
        The model to read, by its exact name (the page's model picker).
    """

    metric: str | Mapping[str, str] | None = None
    filter: str | Mapping[str, str] | None = None
    score_key: str | None = None
    run_id: str | None = None
    model: str | None = None

    def metric_for(self, task: str) -> str | None:
        """The metric the user chose for ``task``, or ``None`` for the default."""
        if isinstance(self.metric, Mapping):
            return self.metric.get(task)
        return self.metric

    def filter_for(self, task: str) -> str | None:
        """The filter the user chose for ``task``, or ``None`` for the default."""
        if isinstance(self.filter, Mapping):
            return self.filter.get(task)
        return self.filter


class FormatReader(Protocol):
    """What each format module provides."""

    #: Short format name shown to users, e.g. ``"lm-eval"``.
    name: str

    def claims(self, file: InputFile) -> bool:
        """Whether this file belongs to the format, judged from its content."""
        ...

    def read(self, files: Sequence[InputFile], options: ReadOptions) -> SampleScores:
        """Read the files this reader claimed into one run."""
        ...


def _readers() -> tuple[FormatReader, ...]:
    """The format readers, most specific first; the CSV reader comes last."""
    from core.readers import csv_tables, helm, inspect_logs, lighteval, lm_eval, openai_evals

    modules = (inspect_logs, lighteval, helm, lm_eval, openai_evals, csv_tables)
    return tuple(module.READER for module in modules)


READERS = _readers()


def read_run(
    files: Sequence[InputFile],
    options: ReadOptions | None = None,
    *,
    side: str | None = None,
    label: str | None = None,
) -> SampleScores:
    """Read the files of one side (baseline or candidate) into per-sample scores.

    Parameters
    ----------
    files : sequence of InputFile
        One file, several files, the files of a folder, or a ``.zip`` (unpacked here).
    options : ReadOptions, optional
        Metric, filter and run choices.
    side : {"baseline", "candidate"}, optional
        Named in messages, which then say which option chooses for that side.
    label : str, optional
        What the user called the files (a path), named in those messages.

    Returns
    -------
    SampleScores

    Raises
    ------
    InputError
        No files, no recognised result file, or files of several formats at once.
    """
    try:
        return _read_run(files, options or ReadOptions(), side, label)
    except AmbiguousChoiceError:
        raise
    except InputError as error:
        raise _named(error, side) from None


def _read_run(
    files: Sequence[InputFile], options: ReadOptions, side: str | None, label: str | None
) -> SampleScores:
    files = expand_files(files)
    if not files:
        raise InputError("no files were given. Upload or point at the result files of the run.")
    claimed: dict[str, list[InputFile]] = {}
    readers = {reader.name: reader for reader in READERS}
    unknown: list[str] = []
    for file in files:
        owner = next((reader.name for reader in READERS if reader.claims(file)), None)
        if owner is None:
            unknown.append(file.name)
        else:
            claimed.setdefault(owner, []).append(file)
    if not claimed:
        by_name = {file.name: file for file in files}
        for name in unknown:
            if _is_simple_evals(by_name[name]):
                raise InputError(
                    f"{name}: this is openai/simple-evals output, which keeps aggregate metrics "
                    "and HTML transcripts but no per-question scores, so the two runs cannot be "
                    "paired. Export per-sample results (e.g. run the benchmark with "
                    "lm-evaluation-harness --log_samples or Inspect) and upload those."
                )
        for name in unknown:
            problem = diagnose(by_name[name])
            if problem and len(unknown) == 1:
                raise InputError(f"{name}: {problem}")
        shown = ", ".join(unknown[:5]) + (" ..." if len(unknown) > 5 else "")
        raise InputError(
            f"{describe(files)}: no result file recognised (looked at {shown}). Supported: "
            "lm-evaluation-harness samples_*.jsonl, Inspect .eval/.json logs, HELM "
            "per_instance_stats.json, lighteval details parquet, openai/evals JSONL, and CSV "
            "with id and score columns."
        )
    if len(claimed) > 1:
        kinds = ", ".join(f"{name} ({len(fs)} files)" for name, fs in claimed.items())
        raise InputError(
            f"{describe(files)}: files of several formats were given together ({kinds}). "
            "Give one run in one format per side."
        )
    ((name, owned),) = claimed.items()
    reader = readers[name]
    try:
        result = reader.read(owned, options)
        holder, results = getattr(reader, "described", ("", ""))
        refuse_absent(
            describe(owned),
            holder,
            results,
            options,
            list(result.tasks),
            getattr(reader, "absent_options", ()),
            allowed=getattr(reader, "allowed_values", {}),
        )
    except AmbiguousChoiceError as error:
        raise _for_side(error, side, label) from None
    if unknown:
        note = f"{len(unknown)} file(s) not read, not recognised as results: " + ", ".join(
            unknown[:5]
        )
        result = _with_warning(result, note + (" ..." if len(unknown) > 5 else ""))
    return _with_digests(result, owned)


def _for_side(
    error: AmbiguousChoiceError, side: str | None, label: str | None
) -> AmbiguousChoiceError:
    """The refusal with the side named and its own option (``--baseline-run`` ...)."""
    if side is None:
        return error
    message = str(error).replace(RUN_FLAG, f"--{side}-run")
    if label and message.startswith(f"{error.source}:"):
        message = label + message[len(error.source) :]
    return AmbiguousChoiceError(
        f"{side} {message}", kind=error.kind, choices=error.choices, source=error.source
    )


def _named(error: InputError, side: str | None) -> InputError:
    """The reader's message with the side it is about in front (``baseline: ...``)."""
    return type(error)(f"{side}: {error}") if side and type(error) in _PLAIN else error


_PLAIN = (InputError, UnknownChoiceError)


def _with_digests(result: SampleScores, owned: Sequence[InputFile]) -> SampleScores:
    """Record the SHA-256 of every file the scores came from (hashed when first asked for)."""
    used = {name for info in result.tasks.values() for name in info.source_files}
    return result.replaced(file_digests=FileDigests([f for f in owned if f.name in used]))


def _is_simple_evals(file: InputFile) -> bool:
    """simple-evals writes one JSON object with ``htmls`` and ``convos`` (docs/formats.md §8)."""
    head = bytes(file.data[:4096]).lstrip()
    return (
        head.startswith(b"{")
        and b'"htmls"' in bytes(file.data[: 1 << 20])
        and (b'"convos"' in bytes(file.data[: 1 << 20]))
    )


def read_path(
    path: str, options: ReadOptions | None = None, *, side: str | None = None
) -> SampleScores:
    """Read a file, folder or zip on disk (the command line's entry point)."""
    try:
        files = files_from_path(path)
    except InputError as error:
        raise _named(error, side) from None
    return read_run(files, options, side=side, label=str(path))


def _with_warning(result: SampleScores, warning: str) -> SampleScores:
    return result.replaced(warnings=(*result.warnings, warning))
