"""The provenance record of several candidates against one baseline: every input with its
SHA-256, the settings, the command that reproduces them, the app version and the date."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from typing import Any

from core.degradation.data.provenance import InputRecord, Provenance, compare_command, read_record


def options_settings(options: Any, level: str) -> dict[str, Any]:
    """The settings of a ``CompareOptions`` by ``compare`` name (as the command takes them).

    Parameters
    ----------
    options : CompareOptions
    level : str
        The test unit, "group" or "task".

    Returns
    -------
    dict
        level, alpha, margin, alternative, combine, mid_p, resamples and seed.
    """
    return {
        "level": level,
        "alpha": options.alpha,
        "margin": options.margin,
        "alternative": options.alternative,
        "combine": options.combine,
        "mid_p": options.pvalue_method == "mid-p",
        "resamples": options.n_resamples,
        "seed": options.seed,
    }


def family_command(paths: Sequence[str], settings: dict[str, Any]) -> str:
    """``python -m core compare BASELINE CANDIDATE CANDIDATE ...`` with ``settings``' flags.

    Parameters
    ----------
    paths : sequence of str
        The baseline's path, then one path per candidate (at least one).
    settings : dict
        As for :func:`core.degradation.data.provenance.compare_command`.

    Returns
    -------
    str
        One line, quoted for a POSIX shell.

    Examples
    --------
    >>> family_command(["base", "c1", "c 2"], {"alpha": 0.01})
    "python -m core compare base c1 'c 2' --alpha 0.01"
    """
    words = shlex.split(compare_command(paths[0], paths[1], settings))
    words[6:6] = list(paths[2:])
    return shlex.join(words)


def family_record(
    paths: Sequence[str],
    settings: dict[str, Any],
    baseline_records: Sequence[InputRecord],
    candidate_records: Sequence[Sequence[InputRecord]],
    baseline: Any,
    runs: Sequence[Any],
) -> dict[str, Any]:
    """The JSON-ready provenance of a family comparison.

    Parameters
    ----------
    paths : sequence of str
        The baseline's path (or upload name), then one per candidate.
    settings : dict
        The comparison's settings by ``compare`` name.
    baseline_records : sequence of InputRecord
        The baseline's files.
    candidate_records : sequence of sequences of InputRecord
        Each candidate's files, in the order of ``paths[1:]``.
    baseline : SampleScores
        The baseline as read.
    runs : sequence of SampleScores or None
        Each candidate as read (None when it could not be read).

    Returns
    -------
    dict
        ``Provenance.to_dict()`` with ``inputs.candidates`` (source and files per candidate)
        and ``read.candidates`` in place of the single candidate.
    """
    record = Provenance(
        baseline=tuple(baseline_records),
        candidate=(),
        settings=settings,
        command=family_command(paths, settings),
        read={"baseline": read_record(baseline)},
    ).to_dict()
    record["inputs"] = {
        "baseline": record["inputs"]["baseline"],
        "candidates": [
            {"source": source, "files": [r.__dict__ for r in records]}
            for source, records in zip(paths[1:], candidate_records)
        ],
    }
    record["read"]["candidates"] = [read_record(run) if run else None for run in runs]
    return record
