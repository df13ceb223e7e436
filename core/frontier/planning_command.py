"""``python -m core budget``, ``saturation`` and ``contamination``.

budget: choose which candidate models to evaluate under a cost budget (balanced
I-optimal design) and, when scores and dates are known, estimate how close the boundary
fitted on them comes to the full-data one; ``--sweep`` runs the budget grid for the
one-shot and the batch-adaptive planner. saturation: ceiling, flattening compute,
frontier dominance and pretrained vs post-trained monotonicity. contamination: the
logit-logit probe with a post-cut-off indicator. Text (default) or JSON; bad input exits
2 with one line on stderr.
"""

from __future__ import annotations

import argparse
import json

import numpy as np
import pandas as pd

from core.errors import InputError
from core.frontier.budget_adaptive import adaptive_plan
from core.frontier.budget_design import budget_amount, select_models
from core.frontier.budget_pool import load_candidate_pool
from core.frontier.budget_sweep import PAPER_BUDGETS, PAPER_FIGURE_6B, budget_sweep
from core.frontier.command import _float, _scores, _tau
from core.frontier.contamination import contamination_probe
from core.frontier.periods import paper_oll_periods, periods_from_cuts, quarterly_periods
from core.frontier.saturation import (
    ADJACENT_DECREASE_EPS,
    frontier_dominance,
    is_official_pretrained,
    pretrained_vs_posttrained,
    saturation_summary,
)
from core.frontier.sigmoid_fit import fit_frontier
from core.frontier.table import load_boundary_tables, read_table


def _periods(args, dates):
    if args.cuts:
        try:
            return periods_from_cuts([c.strip() for c in args.cuts.split(",") if c.strip()])
        except ValueError as error:
            raise InputError(f"--cuts: {error}") from error
    if args.periods == "paper":
        return paper_oll_periods()
    return quarterly_periods(dates)


def _compute_kwargs(args):
    return dict(
        flops=args.flops,
        params=args.params,
        tokens=args.tokens,
        params_scale=args.params_scale,
        tokens_scale=args.tokens_scale,
        flops_scale=args.flops_scale,
    )


def _budgets(text):
    try:
        values = [float(v) / 100.0 for v in text.split(",") if v.strip()]
    except ValueError as error:
        raise InputError(f"--budgets takes percentages such as 5,10,20,50,100: {error}") from error
    if not values or any(not 0 < v <= 1 for v in values):
        raise InputError(f"--budgets takes percentages in (0, 100], got {text!r}")
    return tuple(values)


def budget_result(args) -> dict:
    """The ``budget`` command's output object (full precision)."""
    scores = _scores(args.score) if args.score else []
    cost = None if args.cost.lower() == "none" else args.cost
    pool = load_candidate_pool(
        args.table,
        cost=cost,
        scores=scores,
        date=args.date,
        model=args.model,
        **_compute_kwargs(args),
    )
    if args.budget <= 0:
        raise InputError(
            "--budget must be positive: a fraction such as 0.2 of the pool's "
            "total cost, or an absolute cost above 1"
        )
    amount = budget_amount(pool.cost, args.budget)
    fraction = amount / float(pool.cost.sum())
    if args.planner == "adaptive":
        if not scores:
            raise InputError(
                "--planner adaptive needs the scores of evaluated models: "
                "give --score COL (rows without a score are never revealed)"
            )
        plan = adaptive_plan(pool, amount, batches=args.batches, tau=args.tau_value)
        chosen, batches = list(plan.selected), list(plan.batch_of)
    else:
        design = select_models(pool.log10_flops, pool.cost, amount, seed=args.seed)
        chosen, batches = list(design.selected), [0] * design.n_selected
    out = {
        "source": pool.source,
        "planner": args.planner,
        "cost_column": pool.cost_column,
        "budget": amount,
        "budget_fraction": fraction,
        "pool_cost": float(pool.cost.sum()),
        "spent": float(pool.cost[chosen].sum()),
        "n_candidates": pool.n,
        "n_selected": len(chosen),
        "dropped": dict(pool.dropped),
        "selected": [
            {
                "model": str(pool.model[i]),
                "flops": float(10 ** pool.log10_flops[i]),
                "log10_flops": float(pool.log10_flops[i]),
                "cost": float(pool.cost[i]),
                "batch": b,
            }
            for i, b in zip(chosen, batches)
        ],
        "estimate": None,
    }
    if scores and pool.date is not None and fraction < 1.0:
        sweep = budget_sweep(
            pool,
            _periods(args, pool.date),
            budgets=(fraction, 1.0),
            planners=(args.planner,),
            tau=args.tau_value,
            seed=args.seed,
            batches=args.batches,
        )
        s = sweep.summary
        at, full = s.iloc[0], s.iloc[-1]
        out["estimate"] = {
            "method": "temporal backtest: plan within the same budget share on period t, "
            "fit, score on all of period t+1; mean over tasks and periods",
            "pinball": _float(at["pinball"]),
            "pinball_full_data": _float(full["pinball"]),
            "pinball_vs_full": _float(at["pinball_vs_full"]),
            "coverage_error": _float(at["coverage_error"]),
            "coverage_error_full_data": _float(full["coverage_error"]),
        }
    elif scores:
        out["estimate_note"] = "give --date COL for a backtest-style estimate of quality"
    return out


def _render_budget(o):
    lines = [
        f"{o['source']}: {o['planner']} plan, {o['n_selected']} of {o['n_candidates']} "
        f"candidates, spent {o['spent']:.4g} of budget {o['budget']:.4g} "
        f"({100 * o['budget_fraction']:.1f}% of the pool's {o['pool_cost']:.4g}; cost = "
        f"{o['cost_column']})"
    ]
    dropped = ", ".join(f"{k}: {v}" for k, v in o["dropped"].items() if v)
    if dropped:
        lines.append(f"  not in the pool: {dropped}")
    for s in o["selected"]:
        lines.append(f"  {s['model']}  {s['flops']:.3g} FLOPs  cost {s['cost']:.4g}")
    e = o["estimate"]
    if e:
        lines.append(
            f"  estimate: out-of-period pinball {e['pinball']:.5f} vs "
            f"{e['pinball_full_data']:.5f} with all models "
            f"(x{e['pinball_vs_full']:.2f}); coverage error {e['coverage_error']:.3f} "
            f"vs {e['coverage_error_full_data']:.3f}"
        )
    elif o.get("estimate_note"):
        lines.append(f"  {o['estimate_note']}")
    return "\n".join(lines)


def sweep_result(args) -> dict:
    """The ``budget --sweep`` output object."""
    if not args.score or not args.date:
        raise InputError("--sweep needs known scores and dates: give --score COL and --date COL")
    cost = None if args.cost.lower() == "none" else args.cost
    pool = load_candidate_pool(
        args.table,
        cost=cost,
        scores=_scores(args.score),
        date=args.date,
        model=args.model,
        **_compute_kwargs(args),
    )
    planners = ("one-shot", "adaptive") if args.planner == "both" else (args.planner,)
    sweep = budget_sweep(
        pool,
        _periods(args, pool.date),
        budgets=_budgets(args.budgets),
        planners=planners,
        tau=args.tau_value,
        seed=args.seed,
        batches=args.batches,
    )
    rows = []
    for r in sweep.summary.to_dict("records"):
        paper = PAPER_FIGURE_6B.get(round(r["budget"], 2))
        rows.append(
            {
                "planner": r["planner"],
                "budget_percent": 100 * r["budget"],
                "pinball": _float(r["pinball"]),
                "pinball_vs_full": _float(r["pinball_vs_full"]),
                "coverage_error": _float(r["coverage_error"]),
                "share_selected": _float(r["share_selected"]),
                "paper_figure_6b": paper
                if args.periods == "paper" and len(pool.scores) == 6
                else None,
            }
        )
    return {
        "source": pool.source,
        "n_candidates": pool.n,
        "tasks": list(pool.scores),
        "periods": "paper" if args.periods == "paper" and not args.cuts else "given",
        "seconds": sweep.seconds,
        "sweep": rows,
    }


def _render_sweep(o):
    lines = [
        f"{o['source']}: budget sweep over {len(o['tasks'])} task(s), {o['seconds']:.1f} s",
        "  planner   budget  pinball   x full  coverage err  share chosen  paper 6b",
    ]
    for r in o["sweep"]:
        paper = "" if r["paper_figure_6b"] is None else f"{r['paper_figure_6b']:.4f}"
        lines.append(
            f"  {r['planner']:<9} {r['budget_percent']:5.0f}%  {r['pinball']:.5f}  "
            f"{r['pinball_vs_full']:6.2f}  {r['coverage_error']:12.3f}  "
            f"{r['share_selected']:12.2f}  {paper}"
        )
    return "\n".join(lines)


def run_budget(args) -> int:
    args.tau_value = _tau(args.tau)
    if args.batches < 1:
        raise InputError("--batches must be at least 1")
    if args.sweep:
        o = sweep_result(args)
        print(json.dumps(o, indent=2) if args.format == "json" else _render_sweep(o))
        return 0
    if args.planner == "both":
        raise InputError("--planner both only applies with --sweep; pick one-shot or adaptive")
    o = budget_result(args)
    print(json.dumps(o, indent=2) if args.format == "json" else _render_budget(o))
    return 0


def saturation_result(args) -> list[dict]:
    """The ``saturation`` command's output objects, one per score column."""
    tau = _tau(args.tau)
    frame = read_table(args.table)
    frame = frame.assign(__row__=np.arange(len(frame)).astype(str))
    tables = load_boundary_tables(
        frame, _scores(args.score), model="__row__", **_compute_kwargs(args)
    )
    for column in (args.type, args.official, args.size, args.date):
        if column and column not in frame.columns:
            raise InputError(
                f"{args.table}: no column {column!r}; columns are {list(frame.columns)}"
            )
    out = []
    for t in tables:
        rows = t.model.astype(int)
        fit = fit_frontier(t.log10_flops, t.score, tau=tau)
        s = saturation_summary(fit, t.score_column)
        o = {
            "task": t.score_column,
            "n": t.n,
            "ceiling": s.ceiling,
            "headroom": s.headroom,
            "slope_at_max_per_decade": s.slope_at_max,
            "max_flops": 10**s.log10_flops_max,
            "flattens_at_flops": 10**s.log10_flops_flat,
            "flattened_in_data": s.flattened_in_data,
            "remaining_rise": s.remaining_rise,
        }
        if args.type and args.official:
            pre = is_official_pretrained(
                frame[args.type].to_numpy()[rows], frame[args.official].to_numpy()[rows]
            )
            c = pretrained_vs_posttrained(
                t.log10_flops, t.score, pre, task=t.score_column, tau=tau, eps=args.eps
            )
            o["pretrained"] = {
                "n_pretrained": c.n_pretrained,
                "n_posttrained": c.n_posttrained,
                "adjacent_decrease_pretrained": _float(c.adjacent_decrease_pretrained),
                "adjacent_decrease_posttrained": _float(c.adjacent_decrease_posttrained),
                "eps": c.eps,
            }
        size = args.size or args.params
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
            o["dominance"] = {
                "share_dominated": d.share_dominated,
                "n_large": d.n_large,
                "n_small": d.n_small,
                "monthly": d.monthly.to_dict("records"),
            }
        out.append(o)
    return out


def _render_saturation(o):
    lines = [
        f"{o['task']}: n = {o['n']}, ceiling {o['ceiling']:.3f} (headroom "
        f"{o['headroom']:.3f}); slope at {o['max_flops']:.3g} FLOPs "
        f"{o['slope_at_max_per_decade']:.4f} per decade; flattens (95% of rise) at "
        f"{o['flattens_at_flops']:.3g} FLOPs"
        + (" - inside the data" if o["flattened_in_data"] else " - beyond the data")
    ]
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
    objects = saturation_result(args)
    if args.format == "json":
        print(json.dumps(objects if len(objects) > 1 else objects[0], indent=2, default=str))
    else:
        print("\n\n".join(_render_saturation(o) for o in objects))
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
        )
    except ValueError as error:
        raise InputError(f"{args.table}: {error}") from error
    return {
        "x": args.x,
        "y": args.y,
        "cutoff": str(r.cutoff.date()),
        "n": r.n,
        "n_before": r.n_before,
        "n_after": r.n_after,
        "n_outside_support": r.n_outside_support,
        "n_missing": r.n_missing,
        "intercept": r.intercept,
        "slope": r.slope,
        "gamma": r.gamma,
        "standard_error": r.standard_error,
        "statistic": r.statistic,
        "pvalue_t": r.pvalue,
        "pvalue_permutation": r.pvalue_permutation,
        "alternative": r.alternative,
        "n_permutations": r.n_permutations,
        "n_strata": r.n_strata,
        "seed": r.seed,
        "pooled_fit": {"intercept": r.pooled_intercept, "slope": r.pooled_slope},
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
    )


def run_contamination(args) -> int:
    o = contamination_result(args)
    print(json.dumps(o, indent=2) if args.format == "json" else _render_contamination(o))
    return 0


def _compute_options(parser):
    parser.add_argument("table", help="CSV or Parquet file, one row per model")
    parser.add_argument("--flops", help="pre-training FLOPs column")
    parser.add_argument("--params", help="parameter count column (FLOPs = 6 N D)")
    parser.add_argument("--tokens", help="pre-training tokens column")
    parser.add_argument("--params-scale", type=float, help="multiplier to plain parameters")
    parser.add_argument("--tokens-scale", type=float, help="multiplier to plain tokens")
    parser.add_argument("--flops-scale", type=float, help="multiplier to plain FLOPs")
    parser.add_argument("--tau", default="0.98", help="quantile level (default 0.98)")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def register(subparsers) -> None:
    """Add the ``budget``, ``saturation`` and ``contamination`` sub-commands."""
    fmt = argparse.RawDescriptionHelpFormatter
    b = subparsers.add_parser(
        "budget",
        help="choose models to evaluate under a budget",
        description=__doc__,
        formatter_class=fmt,
    )
    _compute_options(b)
    b.add_argument(
        "--score",
        action="append",
        default=[],
        help="known score column(s), for the quality estimate and --sweep",
    )
    b.add_argument(
        "--cost",
        default="#Params (B)",
        help="cost column (default '#Params (B)'; 'none': 1 per model)",
    )
    b.add_argument(
        "--budget",
        type=float,
        default=0.2,
        help="fraction of the pool's total cost (<= 1) or absolute cost (> 1)",
    )
    b.add_argument("--planner", choices=("one-shot", "adaptive", "both"), default="one-shot")
    b.add_argument("--batches", type=int, default=4, help="batches of the adaptive planner")
    b.add_argument("--date", help="release/upload date column (for the estimate)")
    b.add_argument(
        "--periods",
        choices=("quarters", "paper"),
        default="quarters",
        help="period scheme of the estimate (paper: the OLL v2 periods)",
    )
    b.add_argument("--cuts", help="period start dates instead, e.g. 2024-07-01,2024-10-01")
    b.add_argument("--sweep", action="store_true", help="sweep the budgets instead")
    b.add_argument(
        "--budgets",
        default=",".join(f"{100 * v:g}" for v in PAPER_BUDGETS),
        help="budget percentages of the sweep (default 5,10,20,50,100)",
    )
    b.add_argument("--model", help="model name column (guessed when absent)")
    b.add_argument("--seed", type=int, default=42, help="tie-breaking seed")
    b.set_defaults(func=run_budget)

    s = subparsers.add_parser(
        "saturation",
        help="ceiling, flattening, dominance, monotonicity",
        description=__doc__,
        formatter_class=fmt,
    )
    _compute_options(s)
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
    s.set_defaults(func=run_saturation)

    c = subparsers.add_parser(
        "contamination",
        help="post-cut-off shift between two benchmarks",
        description=__doc__,
        formatter_class=fmt,
    )
    c.add_argument("table", help="CSV or Parquet file: model, date, two scores")
    c.add_argument("--x", required=True, help="older benchmark's score column")
    c.add_argument("--y", required=True, help="probed benchmark's score column")
    c.add_argument("--date", required=True, help="release date column")
    c.add_argument("--cutoff", required=True, help="the probed benchmark's release date")
    c.add_argument("--model", help="model name column")
    c.add_argument("--alternative", choices=("greater", "less"), default="greater")
    c.add_argument("--permutations", type=int, default=2000)
    c.add_argument("--strata", type=int, default=5)
    c.add_argument("--seed", type=int, default=0)
    c.add_argument("--format", choices=("text", "json"), default="text")
    c.set_defaults(func=run_contamination)
