"""``python -m core compare BASELINE CANDIDATE CANDIDATE ...``: several candidates, one baseline.

The baseline is read once. Each candidate is read, paired and compared on its own; a
candidate that cannot be read or shares nothing with the baseline is named, keeps a row
that says why it has no verdict, and the others still run. Exit status: 1 when any
candidate is degraded after the Holm adjustment across candidates; 3 with
``--fail-inconclusive`` when none is degraded but one is inconclusive or has no verdict;
2 when no candidate could be compared (or the baseline cannot be read); else 0.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from dataclasses import replace
from typing import Any

from core.cli.compare import EXIT_DEGRADED, EXIT_INCONCLUSIVE, EXIT_NOT_DEGRADED
from core.degradation.candidates import CandidateFamily, compare_candidates
from core.degradation.data.provenance import (
    Provenance,
    compare_command,
    read_record,
    records_from_path,
)
from core.degradation.settings import compare_options, read_options_of, settings_of
from core.errors import InputError
from core.readers import read_path
from core.text_safety import one_line


def run_family(args: argparse.Namespace, selectors: list[str | None]) -> int:
    """Compare every candidate with the baseline, print the family report, return the status."""
    options = compare_options(args)
    read_options = read_options_of(args)
    baseline = read_path(
        args.baseline, replace(read_options, run_id=args.baseline_run), side="baseline"
    )
    sources = [str(path) for path in args.candidates]
    runs: list[Any] = []
    problems: list[str | None] = []
    for source, selector in zip(sources, selectors):
        try:
            runs.append(read_path(source, replace(read_options, run_id=selector), side="candidate"))
            problems.append(None)
        except InputError as error:
            runs.append(None)
            problems.append(one_line(error, 2000))
        except OSError as error:
            runs.append(None)
            problems.append(
                f"{one_line(error.strerror or error)}: {one_line(error.filename or source)}"
            )
    candidates = list(zip(sources, runs, problems))
    family, _ = compare_candidates(
        baseline, candidates, options, level=args.level, baseline_source=str(args.baseline)
    )
    if args.format == "json":
        record = _provenance(args, selectors, baseline, runs)
        output = family.to_json(record) + "\n"
    else:
        output = family.to_markdown() if args.format == "markdown" else family.to_text()
    if args.output:
        args.output.write_text(output, encoding="utf-8")
    else:
        print(output, end="")
    for row in family.candidates:
        if row.comparison is None:
            sys.stderr.write(
                f"warning: candidate {one_line(row.name)} has no verdict: {row.problem}\n"
            )
    for warning in family.warnings:
        sys.stderr.write(f"warning: {one_line(warning, 2000)}\n")
    return exit_status(family, args.fail_inconclusive)


def exit_status(family: CandidateFamily, fail_inconclusive: bool) -> int:
    """1 if any candidate is degraded; 3 with ``fail_inconclusive`` if any is inconclusive or
    has no verdict; else 0."""
    verdicts = {row.verdict for row in family.candidates}
    if "degraded" in verdicts:
        return EXIT_DEGRADED
    if fail_inconclusive and verdicts & {"inconclusive", "no_verdict"}:
        return EXIT_INCONCLUSIVE
    return EXIT_NOT_DEGRADED


def _records(path: str) -> list[dict[str, Any]]:
    try:
        return [record.__dict__ for record in records_from_path(path)]
    except OSError:
        return []


def _provenance(
    args: argparse.Namespace, selectors: list[str | None], baseline: Any, runs: list[Any]
) -> dict[str, Any]:
    """The provenance record: every input with SHA-256, settings, the command, version, date."""
    settings = settings_of(argparse.Namespace(**{**vars(args), "candidate_run": None}))
    if any(selectors):
        settings["candidate_run"] = [selector or "-" for selector in selectors]
    words = shlex.split(compare_command(str(args.baseline), str(args.candidates[0]), settings))
    words[6:6] = [str(path) for path in args.candidates[1:]]
    record = Provenance(
        baseline=records_from_path(args.baseline),
        candidate=(),
        settings=settings,
        command=shlex.join(words),
        read={"baseline": read_record(baseline)},
    ).to_dict()
    record["inputs"] = {
        "baseline": record["inputs"]["baseline"],
        "candidates": [
            {"source": str(path), "files": _records(str(path))} for path in args.candidates
        ],
    }
    record["read"]["candidates"] = [read_record(run) if run else None for run in runs]
    return record
