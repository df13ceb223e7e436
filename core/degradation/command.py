"""``python -m core compare BASELINE CANDIDATE``: the degradation gate for CI pipelines.

Exit status: 0 when no significant degradation was found (``not_degraded`` or
``inconclusive``), 1 when degradation was detected, 2 for bad input or usage (one line on
stderr, no traceback).
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from core.errors import InputError

EXIT_NOT_DEGRADED = 0
EXIT_DEGRADED = 1


def _choice_map(values: list[str] | None, what: str) -> str | dict[str, str] | None:
    """``--metric acc`` (all tasks) or ``--metric gsm8k=exact_match`` (one task), repeatable."""
    if not values:
        return None
    plain = [v for v in values if "=" not in v]
    if plain and len(values) > 1:
        raise InputError(f"give --{what} once for all tasks, or as TASK=NAME per task, not both")
    if plain:
        return plain[0]
    mapping = {}
    for value in values:
        task, _, name = value.partition("=")
        if not task or not name:
            raise InputError(f"--{what} {value!r}: write TASK=NAME")
        mapping[task] = name
    return mapping


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``compare`` sub-command."""
    parser = subparsers.add_parser(
        "compare",
        help="is the candidate model worse than the baseline?",
        description=(
            "Compare per-sample results of a baseline and a candidate model with paired exact "
            "tests (Kübler et al., arXiv 2602.10144). Each side is a file, a folder or a zip. "
            "Exit status: 0 no significant degradation, 1 degradation detected, 2 bad input."
        ),
    )
    parser.add_argument("baseline", help="baseline results: file, folder or .zip")
    parser.add_argument("candidate", help="candidate results: file, folder or .zip")
    parser.add_argument(
        "--level",
        choices=("group", "task"),
        default="group",
        help="test unit: whole benchmarks (group, default) or each subtask (task)",
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
    parser.add_argument(
        "--alternative",
        choices=("greater", "two-sided"),
        default="greater",
        help="one-sided test for a drop (default, the paper's) or two-sided",
    )
    parser.add_argument(
        "--mid-p", action="store_true", help="use mid-p values (departs from the paper)"
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
    parser.add_argument("--score-key", help="Inspect: key to read from dict-valued scores")
    for side in ("baseline", "candidate"):
        parser.add_argument(
            f"--{side}-run",
            metavar="DATE_ID",
            help=f"lm-eval: which run of a folder with several to read for the {side} "
            "(its date id, e.g. 2025-09-09T13-42-42; default: the newest)",
        )
    parser.add_argument(
        "--resamples",
        type=int,
        default=20_000,
        help="sign-flip draws for non-binary scores (default 20000)",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of those draws (default 0)")
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    parser.add_argument(
        "--output", type=Path, help="write the report to this file instead of stdout"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the comparison and print the report; return the exit status."""
    # Imported here so that ``--help`` does not load numpy and pandas.
    from core.degradation.compare import CompareOptions, compare_paired
    from core.degradation.pairing import pair_runs
    from core.degradation.report import to_json, to_markdown, to_text
    from core.readers import ReadOptions, read_path

    options = CompareOptions(
        alpha=args.alpha,
        margin=args.margin,
        alternative=args.alternative,
        pvalue_method="mid-p" if args.mid_p else "exact",
        n_resamples=args.resamples,
        seed=args.seed,
    )
    read_options = ReadOptions(
        metric=_choice_map(args.metric, "metric"),
        filter=_choice_map(args.filter, "filter"),
        score_key=args.score_key,
    )
    # The reports show no drill-down text: dropping it frees each side's file bytes at once.
    baseline = read_path(args.baseline, replace(read_options, run_id=args.baseline_run))
    baseline = replace(baseline, details=None)
    candidate = read_path(args.candidate, replace(read_options, run_id=args.candidate_run))
    candidate = replace(candidate, details=None)
    result = compare_paired(pair_runs(baseline, candidate, level=args.level), options)
    render = {"text": to_text, "json": to_json, "markdown": to_markdown}[args.format]
    output = render(result)
    if args.format == "json":
        output += "\n"
    if args.output:
        args.output.write_text(output, encoding="utf-8")
    else:
        print(output, end="")
    return EXIT_DEGRADED if result.verdict == "degraded" else EXIT_NOT_DEGRADED
