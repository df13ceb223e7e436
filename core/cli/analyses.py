"""``python -m core saturation`` and ``contamination``.

saturation: ceiling, flattening compute, frontier dominance and pretrained vs
post-trained monotonicity (``docs/method-frontier.md`` §7). contamination: the
logit-logit probe with a post-cut-off indicator (§8). Text (default) or JSON; bad input
exits 2 with one line on stderr.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from core.cli.frontier_args import (
    add_command,
    add_format_argument,
    add_plan_arguments,
    add_seed_argument,
    add_table_argument,
    compute_kwargs,
    emit,
    fittable,
    one_quantile_level,
    score_columns,
)
from core.errors import InputError
from core.formatting import format_flops
from core.frontier.analyses.contamination import contamination_probe
from core.frontier.analyses.saturation import (
    ADJACENT_DECREASE_EPS,
    frontier_dominance,
    is_official_pretrained,
    pretrained_vs_posttrained,
    saturation_summary,
)
from core.frontier.boundary.fit_settings import (
    add_fit_arguments,
    describe_settings,
    fit_with_settings,
    settings_from_args,
    settings_record,
)
from core.frontier.data.dates import parse_dates
from core.frontier.data.table import load_boundary_tables, read_table
from core.progress import stderr_progress


def saturation_result(args) -> list[dict]:
    """The ``saturation`` command's output objects, one per score column."""
    tau = one_quantile_level(args.tau)
    settings = settings_from_args(args, tau)
    frame = read_table(args.table)
    frame = frame.assign(__row__=np.arange(len(frame)).astype(str))
    tables = fittable(
        load_boundary_tables(
            frame,
            score_columns(args.score),
            model="__row__",
            name=Path(args.table).name,
            **compute_kwargs(args),
        )
    )
    for column in (args.type, args.official, args.size, args.date):
        if column and column not in frame.columns:
            raise InputError(
                f"{args.table}: no column {column!r}; columns are {list(frame.columns)}"
            )
    out = []
    for t in tables:
        rows = t.model.astype(int)
        fit, choice = fit_with_settings(settings, t.log10_flops, t.score, t.family)
        s = saturation_summary(fit, t.score_column)
        o = {  # the keys in the order the command has always written them
            "task": s.task,
            "n": t.n,
            "settings": settings_record(fit, choice),
            "settings_text": describe_settings(fit, choice),
            **s.to_dict(),
        }
        if args.type and args.official:
            pre = is_official_pretrained(
                frame[args.type].to_numpy()[rows], frame[args.official].to_numpy()[rows]
            )
            c = pretrained_vs_posttrained(
                t.log10_flops, t.score, pre, task=t.score_column, tau=tau, eps=args.eps
            )
            o["pretrained"] = c.to_dict()
        size = args.size or args.params
        if bool(args.date) != bool(size):
            o["dominance_skipped"] = (
                "give --size COL (parameters in billions)" if args.date else "give --date COL"
            ) + " as well"
        if args.date and size:
            flagged = (
                frame[args.flagged].astype(str).str.lower().eq("true").to_numpy()[rows]
                if args.flagged
                else None
            )
            try:
                d = frontier_dominance(
                    pd.to_numeric(frame[size], errors="coerce").to_numpy()[rows],
                    t.score,
                    frame[args.date].to_numpy()[rows],
                    flagged=flagged,
                )
            except ValueError as error:
                raise InputError(f"{t.score_column}: {error}") from error
            o["dominance"] = d.to_dict()
        out.append(o)
    return out


def _render_saturation(o):
    lines = [
        f"{o['task']}: n = {o['n']}, ceiling {o['ceiling']:.3f} (headroom "
        f"{o['headroom']:.3f}); slope at {format_flops(o['max_flops'])} FLOPs "
        f"{o['slope_at_max_per_decade']:.4f} per decade; "
        + (
            f"flattens (95% of its rise) at {format_flops(o['flattens_at_flops'])} FLOPs, "
            "inside the data"
            if o["flattened_in_data"]
            else "still rising: it flattens (95% of its rise) beyond any compute in the data"
        )
    ]
    if "settings_text" in o:
        lines.append(f"  settings: {o['settings_text']}")
    if o.get("dominance_skipped"):
        lines.append(f"  frontier dominance skipped: {o['dominance_skipped']}")
    if "pretrained" in o:
        p = o["pretrained"]
        lines.append(
            f"  adjacent decrease rate: pretrained {p['adjacent_decrease_pretrained']:.3f}"
            f" (n {p['n_pretrained']}), post-trained "
            f"{p['adjacent_decrease_posttrained']:.3f} (n {p['n_posttrained']})"
        )
    if "dominance" in o:
        d = o["dominance"]
        lines.append(
            f"  large models below the best small model so far: "
            f"{d['share_dominated']:.2f} of {d['n_large']}"
        )
        for m in d["monthly"][-6:]:
            lines.append(f"    {m['month']}: {m['n_dominated']}/{m['n_large']}")
    return "\n".join(lines)


def run_saturation(args) -> int:
    emit(saturation_result(args), args.format, _render_saturation, default=str)
    return 0


def contamination_result(args) -> dict:
    frame = read_table(args.table)
    for option, column in (("--x", args.x), ("--y", args.y), ("--date", args.date)):
        if column not in frame.columns:
            raise InputError(
                f"{args.table}: no column {column!r} for {option}; columns are "
                f"{list(frame.columns)}"
            )
    model = frame[args.model].astype(str).to_numpy() if args.model else None
    try:
        r = contamination_probe(
            pd.to_numeric(frame[args.x], errors="coerce"),
            pd.to_numeric(frame[args.y], errors="coerce"),
            frame[args.date],
            args.cutoff,
            alternative=args.alternative,
            n_permutations=args.permutations,
            n_strata=args.strata,
            seed=args.seed,
            model=model,
            progress=stderr_progress(f"contamination: {args.permutations:,} shuffles, strata"),
        )
    except ValueError as error:
        raise InputError(f"{args.table}: {error}") from error
    return {
        "x": args.x,
        "y": args.y,
        **r.to_dict(),
        "date_note": parse_dates(frame[args.date]).note(args.date),
    }


def _render_contamination(o):
    return (
        f"{o['y']} vs {o['x']}, cut-off {o['cutoff']}: n = {o['n']} ({o['n_before']} "
        f"before, {o['n_after']} after; {o['n_outside_support']} outside the common "
        f"range)\n  logit(y) = {o['intercept']:.3f} + {o['slope']:.3f} logit(x) + "
        f"{o['gamma']:.3f} [after]\n  one-sided ({o['alternative']}) t-test p = "
        f"{o['pvalue_t']:.4g}; stratified permutation p = {o['pvalue_permutation']:.4g} "
        f"(K = {o['n_permutations']}, {o['n_strata']} strata)\n  a probe, not proof: a "
        "positive shift can also be genuine progress on the newer benchmark"
        + (f"\n  note: {o['date_note']}" if o.get("date_note") else "")
    )


def run_contamination(args) -> int:
    emit([contamination_result(args)], args.format, _render_contamination)
    return 0


def register(subparsers) -> None:
    """Add the ``saturation`` and ``contamination`` sub-commands."""
    s = add_command(subparsers, "saturation", __doc__)
    add_plan_arguments(s)
    s.add_argument("--score", action="append", required=True, help="score column(s)")
    s.add_argument("--date", help="date column (frontier dominance over time)")
    s.add_argument("--size", help="parameter count in billions for small/large (default: --params)")
    s.add_argument("--flagged", help="boolean column of models to exclude from dominance")
    s.add_argument("--type", help="model type column (pretrained rows contain 'pretrained')")
    s.add_argument("--official", help="boolean official-provider column")
    s.add_argument(
        "--eps",
        type=float,
        default=ADJACENT_DECREASE_EPS,
        help="drop counted as a decrease (default 0.01)",
    )
    add_fit_arguments(s)
    s.set_defaults(func=run_saturation)

    c = add_command(subparsers, "contamination", __doc__)
    add_table_argument(c, "CSV or Parquet file: model, date, two scores")
    c.add_argument("--x", required=True, help="older benchmark's score column")
    c.add_argument("--y", required=True, help="probed benchmark's score column")
    c.add_argument("--date", required=True, help="release date column")
    c.add_argument("--cutoff", required=True, help="the probed benchmark's release date")
    c.add_argument("--model", help="model name column")
    c.add_argument("--alternative", choices=("greater", "less"), default="greater")
    c.add_argument("--permutations", type=int, default=2000)
    c.add_argument("--strata", type=int, default=5)
    add_seed_argument(c)
    add_format_argument(c)
    c.set_defaults(func=run_contamination)
