"""The options of a comparison, from the command line's arguments or ``compare_runs``.

One place turns the ``compare`` options (an :class:`argparse.Namespace`, which
:func:`core.degradation.api.compare_runs` also builds) into :class:`CompareOptions`,
:class:`ReadOptions`, the settings record and the provenance of a comparison, so the command
line and the Python entry write the same JSON.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from core.errors import InputError

if TYPE_CHECKING:
    from core.degradation.comparison import CompareOptions
    from core.degradation.data.provenance import Provenance
    from core.readers import ReadOptions


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


def compare_options(args: argparse.Namespace) -> CompareOptions:
    """The :class:`CompareOptions` of a ``compare`` invocation."""
    from core.degradation.comparison import CompareOptions  # off the ``--help`` path

    return CompareOptions(
        alpha=args.alpha,
        margin=args.margin,
        alternative=args.alternative,
        pvalue_method="mid-p" if args.mid_p else "exact",
        combine=args.combine,
        n_resamples=args.resamples,
        seed=args.seed,
    )


def read_options_of(args: argparse.Namespace) -> ReadOptions:
    """The :class:`ReadOptions` of a ``compare`` invocation (without the run selector)."""
    from core.readers import ReadOptions  # off the ``--help`` path

    return ReadOptions(
        metric=_choice_map(args.metric, "metric"),
        filter=_choice_map(args.filter, "filter"),
        score_key=args.score_key,
    )


def settings_of(args: argparse.Namespace) -> dict[str, object]:
    """Every option of a ``compare`` invocation, by name (for the provenance record)."""
    settings: dict[str, object] = {
        "level": args.level,
        "alpha": args.alpha,
        "margin": args.margin,
        "alternative": args.alternative,
        "mid_p": args.mid_p,
        "metric": _choice_map(args.metric, "metric"),
        "filter": _choice_map(args.filter, "filter"),
        "score_key": args.score_key,
        "baseline_run": args.baseline_run,
        "candidate_run": args.candidate_run,
        "resamples": args.resamples,
        "seed": args.seed,
        "fail_inconclusive": args.fail_inconclusive,
    }
    if getattr(args, "combine", None) is not None:
        settings["combine"] = args.combine
    return settings


def provenance_of(args: argparse.Namespace, read: dict) -> Provenance:
    """The provenance record of a comparison: files, settings, the command, what was read."""
    # Imported here: only the JSON report needs it (with tomllib, shlex, html, datetime).
    from core.degradation.data.provenance import Provenance, compare_command, records_from_path

    settings = settings_of(args)
    return Provenance(
        baseline=records_from_path(args.baseline),
        candidate=records_from_path(args.candidate),
        settings=settings,
        command=compare_command(str(args.baseline), str(args.candidate), settings),
        read=read,
    )
