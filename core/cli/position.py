"""``python -m core position FIT.json NEW_TABLE``: new models against saved boundaries.

FIT.json comes from ``python -m core frontier TABLE --score COL --save-fit FIT.json``.
For each boundary in it, the new table's column of the same name is read (or the one
given with --score), and each new model is placed above or below the boundary at its own
compute, with the margin and the share of new models above. Text (default) or JSON; bad
input exits 2 with one line on stderr.
"""

from __future__ import annotations

import argparse
import math

from core.cli.frontier_args import (
    POSITION_COMPUTE_HELP,
    add_command,
    add_compute_arguments,
    add_format_argument,
    add_model_argument,
    add_table_argument,
    compute_kwargs,
    emit,
    split_columns,
)
from core.errors import InputError
from core.formatting import format_flops
from core.frontier.boundary.position import PositionReport, position_models
from core.frontier.data.fit_file import load_fits
from core.frontier.data.table import load_boundary_tables


def _pairs(fits, scores, fit_name):
    """(score column, task, fit) for each boundary to check."""
    if not scores:
        return [(task, task, (fit, record)) for task, fit, record in fits]
    if len(fits) == 1 and len(scores) == 1:
        task, fit, record = fits[0]
        return [(scores[0], task, (fit, record))]
    by_task = {task: (fit, record) for task, fit, record in fits}
    unknown = [s for s in scores if s not in by_task]
    if unknown:
        raise InputError(
            f"{fit_name} has no boundary for {', '.join(map(repr, unknown))}; it holds "
            f"{', '.join(map(repr, by_task))}. Name the new table's columns like these, or "
            "check one boundary at a time"
        )
    return [(s, s, by_task[s]) for s in scores]


def position_result(report: PositionReport, fit, table, record=None) -> dict:
    """JSON-ready object for one benchmark (full precision)."""
    data = (record or {}).get("data", {})
    return {  # the keys in the order the command has always written them
        "task": report.task,
        "score_column": table.score_column,
        "tau": report.tau,
        "fit_method": fit.method,
        "boundary_from": {
            "source": data.get("source"),
            "n": data.get("n"),
            "sha256": data.get("sha256"),
        },
        "n": report.n,
        "n_dropped": table.n_dropped,
        "dropped": dict(table.dropped),
        **report.to_dict(),
    }


def _render(o, show):
    lines = [o["sentence"]]
    origin = o["boundary_from"]
    if origin["source"]:
        estimator = "the paper's estimator" if o["fit_method"] == "paper" else "sharp estimator"
        lines.append(
            f"  boundary fitted on {origin['source']} ({origin['n']:,} models, {estimator}, "
            f"data digest {origin['sha256'][:12]})"
        )
    if o["n_dropped"]:
        reasons = ", ".join(f"{k}: {v:,}" for k, v in o["dropped"].items() if v)
        lines.append(f"  {o['n_dropped']:,} rows of the new table not used ({reasons})")
    rows = sorted(o["models"], key=lambda m: -m["margin"])
    if rows and show:
        lines.append("  model | compute | score | boundary | margin")
        for m in rows[:show]:
            flag = " (outside the fit's compute range)" if m["extrapolated"] else ""
            lines.append(
                f"  {m['model']} | {format_flops(m['flops'])} FLOPs | {m['score']:.3f} | "
                f"{m['boundary']:.3f} | {m['margin']:+.3f} {'above' if m['above'] else 'below'}"
                f"{flag}"
            )
        if len(rows) > show:
            more = len(rows) - show
            lines.append(
                f"  … and {more:,} more {'model' if more == 1 else 'models'} "
                "(--show N for more, --format json for all)"
            )
    return "\n".join(lines)


def run_position(args) -> int:
    fits = load_fits(args.fit)
    pairs = _pairs(fits, split_columns(args.score), args.fit)
    tables = load_boundary_tables(
        args.table, [column for column, _, _ in pairs], **compute_kwargs(args), model=args.model
    )
    objects = []
    for (_, task, (fit, record)), table in zip(pairs, tables):
        report = position_models(fit, task, table.model, table.log10_flops, table.score)
        objects.append(position_result(report, fit, table, record))
    emit(objects, args.format, lambda o: _render(o, args.show), allow_nan=False)
    return 0


def _show(value):
    try:
        show = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--show takes a whole number, got {value!r}") from None
    if show < 0 or not math.isfinite(show):
        raise argparse.ArgumentTypeError(f"--show takes 0 or more, got {value!r}")
    return show


def register(subparsers) -> None:
    """Add the ``position`` sub-command."""
    p = add_command(subparsers, "position", __doc__)
    p.add_argument("fit", help="boundaries file written by frontier --save-fit")
    add_table_argument(p, "CSV or Parquet file of the new models, one row per model")
    p.add_argument(
        "--score",
        action="append",
        help="score column of the new table (default: the boundary's own column name)",
    )
    add_compute_arguments(p, POSITION_COMPUTE_HELP)
    add_model_argument(p)
    p.add_argument("--show", type=_show, default=20, help="models listed in text (default 20)")
    add_format_argument(p)
    p.set_defaults(func=run_position)
