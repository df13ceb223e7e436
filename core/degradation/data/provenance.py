"""What a comparison was computed from, so that an export can be reproduced.

A :class:`Provenance` records the input files (names as the user gave them, SHA-256 and
size), every setting, the equivalent ``python -m core compare`` command, the app version
and the date. The JSON, HTML and CSV exports carry it.
"""

from __future__ import annotations

import hashlib
import html
import shlex
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

_PYPROJECT = Path(__file__).resolve().parents[3] / "pyproject.toml"

#: Settings of ``compare`` in the order the command lists them, with their flags.
_FLAGS = (
    ("level", "--level"),
    ("alpha", "--alpha"),
    ("margin", "--margin"),
    ("alternative", "--alternative"),
    ("combine", "--combine"),
    ("metric", "--metric"),
    ("filter", "--filter"),
    ("score_key", "--score-key"),
    ("baseline_run", "--baseline-run"),
    ("candidate_run", "--candidate-run"),
    ("resamples", "--resamples"),
    ("seed", "--seed"),
)
_SWITCHES = (("mid_p", "--mid-p"), ("fail_inconclusive", "--fail-inconclusive"))


@dataclass(frozen=True)
class InputRecord:
    """One input file: its name as the user gave it, its SHA-256 and its size in bytes."""

    name: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Provenance:
    """Where a comparison came from.

    Attributes
    ----------
    baseline, candidate : tuple of InputRecord
        The files of each side as given (a zip as the zip, a folder as its files).
    settings : mapping of str to object
        Every option of the comparison, by its ``compare`` name (``alpha``, ``level`` ...).
    command : str
        The equivalent ``python -m core compare ...`` command.
    app_version : str
        The version in ``pyproject.toml``.
    created : str
        When the comparison was made (ISO 8601, UTC).
    read : mapping of str to mapping
        Per side, what was read: model, run, score key, format and the files the scores
        came from with their SHA-256 (:func:`read_record`).
    """

    baseline: tuple[InputRecord, ...]
    candidate: tuple[InputRecord, ...]
    settings: Mapping[str, Any]
    command: str
    app_version: str = field(default_factory=lambda: app_version())
    created: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    read: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {
            "app": "Eval Verdict",
            "app_version": self.app_version,
            "created": self.created,
            "command": self.command,
            "settings": dict(self.settings),
            "inputs": {
                side: [record.__dict__ for record in records]
                for side, records in (("baseline", self.baseline), ("candidate", self.candidate))
            },
            "read": {side: dict(record) for side, record in self.read.items()},
        }

    def to_html(self) -> str:
        """A "Reproduce" section for the HTML report; every name is escaped."""
        files = "".join(
            f"<tr><td>{_e(side)}</td><td>{_e(r.name)}</td><td><code>{_e(r.sha256)}</code></td>"
            f"<td>{r.size:,}</td></tr>"
            for side, records in (("baseline", self.baseline), ("candidate", self.candidate))
            for r in records
        )
        settings = ", ".join(f"{_e(k)} = {_e(v)}" for k, v in self.settings.items())
        return (
            "<h3>Reproduce</h3>"
            f"<p><code>{_e(self.command)}</code></p>"
            "<table><tr><th>side</th><th>file</th><th>SHA-256</th><th>bytes</th></tr>"
            f"{files}</table><p class='muted'>Settings: {settings}. Eval Verdict "
            f"{_e(self.app_version)}, {_e(self.created)}.</p>"
        )

    def comment_lines(self) -> list[str]:
        """The record as ``# key: value`` lines, for the head of a CSV export."""
        lines = [
            f"# Eval Verdict {self.app_version}, {self.created}",
            f"# command: {self.command}",
        ]
        lines += [f"# setting {key}: {value}" for key, value in self.settings.items()]
        for side, records in (("baseline", self.baseline), ("candidate", self.candidate)):
            lines += [
                f"# {side} file: {r.name} sha256 {r.sha256} ({r.size} bytes)" for r in records
            ]
        return [line.replace("\n", " ") for line in lines]


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def read_record(run: Any) -> dict[str, Any]:
    """What was read for one side (a :class:`core.samples.SampleScores`), for :attr:`Provenance.read`."""
    return {
        "model": run.model,
        "run_id": run.run_id,
        "models_in_files": list(run.models),
        "run_ids_in_files": list(run.run_ids),
        "score_key": run.score_key,
        "format": run.source_format,
        "files_read": dict(run.file_digests),
    }


@cache
def app_version() -> str:
    """The version of ``pyproject.toml`` (``"unknown"`` when it cannot be read)."""
    try:
        with _PYPROJECT.open("rb") as handle:
            return str(tomllib.load(handle)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def record_bytes(name: str, data: bytes) -> InputRecord:
    """The record of one uploaded file."""
    return InputRecord(name, hashlib.sha256(data).hexdigest(), len(data))


def records_from_path(path: str | Path) -> tuple[InputRecord, ...]:
    """The records of a file, or of every file under a folder (named relative to it)."""
    root = Path(path)
    if root.is_file():
        return (_record_file(root, str(path)),)
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return tuple(_record_file(p, f"{root.name}/{p.relative_to(root).as_posix()}") for p in files)


def _record_file(path: Path, name: str) -> InputRecord:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return InputRecord(name, digest.hexdigest(), path.stat().st_size)


def _values(value: object) -> Iterable[str]:
    if value is None or value == "" or value == ():
        return ()
    if isinstance(value, Mapping):
        return [f"{task}={name}" for task, name in sorted(value.items())]
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]


def compare_command(baseline: str, candidate: str, settings: Mapping[str, Any]) -> str:
    """The ``python -m core compare`` command line that reproduces ``settings``.

    Parameters
    ----------
    baseline, candidate : str
        The paths as the user named them (or the uploaded files' names).
    settings : mapping
        By ``compare`` name: ``level``, ``alpha``, ``margin`` (a fraction),
        ``alternative``, ``combine``, ``metric`` and ``filter`` (a name or a mapping of
        task to name), ``score_key``, ``baseline_run``, ``candidate_run``, ``resamples``,
        ``seed``, and the switches ``mid_p`` and ``fail_inconclusive``. Absent or ``None``
        settings are left out.

    Returns
    -------
    str
        One line, quoted for a POSIX shell.
    """
    words = ["python", "-m", "core", "compare", baseline, candidate]
    for key, flag in _FLAGS:
        for value in _values(settings.get(key)):
            words += [flag, value]
    words += [flag for key, flag in _SWITCHES if settings.get(key)]
    return shlex.join(words)
