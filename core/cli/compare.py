"""``python -m core compare BASELINE CANDIDATE [CANDIDATE ...]``: the degradation gate for CI.

With several candidates each gets its own comparison against the baseline (read once), and
the verdicts are Holm-adjusted across candidates (:mod:`core.degradation.candidates`); exit
status 1 when any candidate is degraded, 2 only when no candidate could be compared.

Exit status: 0 when no significant degradation was found (``not_degraded``, or
``inconclusive`` without ``--fail-inconclusive``), 1 when degradation was detected, 2 for
bad input or usage (one line on stderr, no traceback), 3 for ``inconclusive`` with
``--fail-inconclusive``, 4 for an internal error (:mod:`core.cli`).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from core.degradation.settings import (
    compare_options,
    provenance_of,
    read_options_of,
)
from core.errors import InputError

if TYPE_CHECKING:
    from core.degradation.comparison import CompareOptions
    from core.degradation.data.pairing import PairedSamples
    from core.degradation.data.provenance import Provenance
    from core.degradation.verdict_worker import VerdictWorker

EXIT_NOT_DEGRADED = 0
EXIT_DEGRADED = 1
EXIT_INCONCLUSIVE = 3


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``compare`` sub-command."""
    parser = subparsers.add_parser(
        "compare",
        help="is the candidate model worse than the baseline?",
        description=(
            "Compare per-sample results of a baseline and a candidate model with paired exact "
            "tests (Kübler et al., arXiv 2602.10144). Each side is a file, a folder or a zip "
            "holding one model's results. Several candidates: each is compared with the "
            "baseline, Holm-adjusted across candidates. Exit status: 0 no significant "
            "degradation (or inconclusive), 1 degradation detected (any candidate), 2 bad input "
            "or usage, 3 inconclusive with --fail-inconclusive, 4 internal error (a bug; --debug "
            "shows the traceback)."
        ),
    )
    parser.add_argument("baseline", help="baseline results: file, folder or .zip")
    parser.add_argument(
        "candidates",
        nargs="+",
        metavar="candidate",
        help="candidate results: file, folder or .zip; give several to compare each with the "
        "baseline, Holm-adjusted across candidates",
    )
    _add_choice(
        parser,
        "--level",
        ("group", "task"),
        "test unit: whole benchmarks (group, default) or each subtask (task)",
    )
    parser.add_argument(
        "--alpha", type=float, default=0.05, help="false-positive rate (default 0.05)"
    )
    parser.add_argument(
        "--margin",
        type=float,
        default=0.01,
        help="drop that must be ruled out, as a fraction (default 0.01 = 1 point)",
    )
    _add_choice(
        parser,
        "--alternative",
        ("greater", "two-sided"),
        "one-sided test for a drop (default, the paper's) or two-sided",
    )
    parser.add_argument(
        "--mid-p", action="store_true", help="use mid-p values (departs from the paper)"
    )
    _add_choice(
        parser,
        "--combine",
        ("calibrated", "paper"),
        "how pooled, Max-Drop and Fisher make the verdict: their calibrated min-p "
        "(default; never above the paper's) or the paper's 3 x smallest p",
    )
    parser.add_argument(
        "--metric",
        action="append",
        metavar="NAME|TASK=NAME",
        help="metric to test (default: the first binary metric of each task)",
    )
    parser.add_argument(
        "--filter",
        action="append",
        metavar="NAME|TASK=NAME",
        help="lm-eval filter (default: strict-match, else none, else the first)",
    )
    parser.add_argument(
        "--score-key",
        help="Inspect: key to read from dict-valued scores, the same for both sides "
        "(required when the dicts have several keys)",
    )
    run_help = (
        "which model or run to read for the {side} when its files hold several: a "
        "model name, its folder, a run's date id (e.g. 2025-09-09T13-42-42) or MODEL@RUN_ID "
        "(default: refuse files of several models; the newest run of one model){more}"
    )
    parser.add_argument(
        "--baseline-run", metavar="MODEL|RUN_ID", help=run_help.format(side="baseline", more="")
    )
    parser.add_argument(
        "--candidate-run",
        metavar="MODEL|RUN_ID",
        action="append",
        help=run_help.format(
            side="candidate",
            more=". With several candidates: give it once for all of them, or once per "
            "candidate in their order ('-' for none)",
        ),
    )
    parser.add_argument(
        "--resamples",
        type=int,
        default=20_000,
        help="sign-flip draws for non-binary scores (default 20000)",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of those draws (default 0)")
    _add_choice(parser, "--format", ("text", "json", "markdown"))
    parser.add_argument(
        "--output", type=Path, help="write the report to this file instead of stdout"
    )
    parser.add_argument(
        "--fail-inconclusive",
        action="store_true",
        help="exit 3 when the verdict is inconclusive (default: exit 0)",
    )
    parser.set_defaults(func=run)


def _add_choice(
    parser: argparse.ArgumentParser, flag: str, choices: tuple[str, ...], help: str | None = None
) -> None:
    """An option that takes one of ``choices``, the first by default."""
    parser.add_argument(flag, choices=choices, default=choices[0], help=help)


def run(args: argparse.Namespace) -> int:
    """Run the comparison (or one per candidate) and print the report; return the exit status."""
    selectors = _candidate_selectors(args.candidate_run, len(args.candidates))
    with fewer_collections():
        if len(args.candidates) > 1:
            from core.cli.candidates import run_family

            return run_family(args, selectors)
        args.candidate = args.candidates[0]
        args.candidate_run = selectors[0]
        return _run_one(args)


#: Allocations between two young-generation collections while ``compare`` runs (Python's
#: default is 700).
YOUNG_COLLECTION_EVERY = 100_000


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect the youngest generation every :data:`YOUNG_COLLECTION_EVERY` allocations.

    Reading keeps a few tuples per record and the statistics import creates many objects:
    with the default threshold the collector ran often enough to cost 0.03-0.05 s of
    ``compare``'s 0.63 s of CPU on the bundled lm-eval pair, walking objects that are
    never garbage (docs/engineering-notes.md, h13cmp). Cycles are still collected, later;
    the previous thresholds are restored afterwards.
    """
    before = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_EVERY, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _candidate_selectors(values: list[str] | None, count: int) -> list[str | None]:
    """``--candidate-run``: none, once for every candidate, or once per candidate in order."""
    if not values:
        return [None] * count
    if len(values) == 1:
        return [None if values[0] == "-" else values[0]] * count
    if len(values) != count:
        raise InputError(
            f"--candidate-run was given {len(values)} times for {count} candidate(s): give it "
            "once for all candidates, or once per candidate in their order ('-' for none)"
        )
    return [None if value == "-" else value for value in values]


def _run_one(args: argparse.Namespace) -> int:
    # Imported here so that ``--help`` does not load numpy; before the fork, so that the
    # child shares them instead of importing them again.
    from core.degradation.data.pairing import pair_runs  # noqa: F401
    from core.degradation.verdict_worker import VerdictWorker
    from core.readers import read_path  # noqa: F401

    options = compare_options(args)
    # The child imports the statistics (scipy.special) on the other core while this
    # process reads the files; with no child, the same report is computed here.
    with VerdictWorker() as worker:
        return _compare_one(args, options, worker)


def _compare_one(args: argparse.Namespace, options: CompareOptions, worker: VerdictWorker) -> int:
    from core.degradation.data.pairing import pair_runs
    from core.degradation.data.pairing_checks import same_sides
    from core.readers import read_path

    read_options = read_options_of(args)
    # The reports show no drill-down text: dropping it frees what the drill-down kept (the
    # files' bytes stay referenced by the digests, hashed only if asked for).
    baseline = read_path(
        args.baseline, replace(read_options, run_id=args.baseline_run), side="baseline"
    )
    baseline = baseline.replaced(details=None)
    candidate = read_path(
        args.candidate, replace(read_options, run_id=args.candidate_run), side="candidate"
    )
    candidate = candidate.replaced(details=None)
    paired = pair_runs(baseline, candidate, level=args.level)
    provenance = None
    if args.format == "json":
        from core.degradation.data.provenance import read_record

        read = {"baseline": read_record(baseline), "candidate": read_record(candidate)}
        provenance = provenance_of(args, read)
    answer = worker.report((paired, options, args.format, provenance))
    if answer is None:
        output, verdict = _report(paired, options, args.format, provenance)
    else:
        output, verdict = answer
    if args.output:
        args.output.write_text(output, encoding="utf-8")
    else:
        print(output, end="")
    for warning in same_sides(paired):  # a run compared with itself: say so in CI logs
        sys.stderr.write(f"warning: {warning}\n")
    if verdict == "degraded":
        return EXIT_DEGRADED
    if verdict == "inconclusive" and args.fail_inconclusive:
        return EXIT_INCONCLUSIVE
    return EXIT_NOT_DEGRADED


def _report(
    paired: PairedSamples,
    options: CompareOptions,
    output_format: str,
    provenance: Provenance | None,
) -> tuple[str, str]:
    """The report and its verdict, computed in this process."""
    from core.degradation.compare import compare_paired
    from core.degradation.present.report import to_json, to_markdown, to_text

    result = compare_paired(paired, options)
    if output_format == "json":
        return to_json(result, provenance=provenance) + "\n", result.verdict
    return {"text": to_text, "markdown": to_markdown}[output_format](result), result.verdict
