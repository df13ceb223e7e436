"""``python -m core budget``: choose which candidate models to evaluate under a cost budget.

The balanced I-optimal design (``docs/method-frontier.md`` §9) or the batch-adaptive
planner picks the models; when scores and dates are known, a temporal backtest estimates
how close the boundary fitted on them comes to the full-data one. ``--sweep`` runs the
budget grid for the one-shot and the batch-adaptive planner (Figure 6b). Text (default)
or JSON; bad input exits 2 with one line on stderr.
"""

from __future__ import annotations

from core.cli.frontier_args import (
    add_command,
    add_model_argument,
    add_periods_argument,
    add_plan_arguments,
    add_seed_argument,
    add_switch,
    compute_kwargs,
    emit,
    json_float,
    one_quantile_level,
    period_cuts,
    score_columns,
)
from core.errors import InputError
from core.frontier.boundary.fit_settings import add_fit_arguments, fixed_knobs
from core.frontier.data.budget_pool import load_candidate_pool
from core.frontier.data.column_guesses import COST_COLUMN
from core.frontier.history.periods import paper_oll_periods, quarterly_periods
from core.frontier.planning.budget_adaptive import adaptive_plan
from core.frontier.planning.budget_design import budget_amount, select_models
from core.frontier.planning.budget_sweep import PAPER_BUDGETS, PAPER_FIGURE_6B, budget_sweep
from core.progress import stderr_progress


def _periods(args, dates):
    if args.cuts:
        return period_cuts(args.cuts)
    if args.periods == "paper":
        return paper_oll_periods()
    return quarterly_periods(dates)


def _pool(args, scores):
    """The candidate pool of ``args`` with the known ``scores`` columns."""
    return load_candidate_pool(
        args.table,
        cost=None if args.cost.lower() == "none" else args.cost,
        scores=scores,
        date=args.date,
        model=args.model,
        **compute_kwargs(args),
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
    scores = score_columns(args.score) if args.score else []
    pool = _pool(args, scores)
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
        plan = adaptive_plan(
            pool,
            amount,
            batches=args.batches,
            tau=args.tau_value,
            weighting=args.weighting,
            **fixed_knobs(args, "budget"),
        )
        chosen, batches = list(plan.selected), list(plan.batch_of)
    else:
        design = select_models(
            pool.log10_flops,
            pool.cost,
            amount,
            seed=args.seed,
            progress=stderr_progress("choosing models, % of the budget spent"),
        )
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
            progress=stderr_progress("budget backtest, period x budget cells"),
            **fixed_knobs(args, "budget"),
        )
        s = sweep.summary
        at, full = s.iloc[0], s.iloc[-1]
        out["estimate"] = {
            "method": "temporal backtest: plan within the same budget share on period t, "
            "fit, score on all of period t+1; mean over tasks and periods",
            "pinball": json_float(at["pinball"]),
            "pinball_full_data": json_float(full["pinball"]),
            "pinball_vs_full": json_float(at["pinball_vs_full"]),
            "coverage_error": json_float(at["coverage_error"]),
            "coverage_error_full_data": json_float(full["coverage_error"]),
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
    pool = _pool(args, score_columns(args.score))
    planners = ("one-shot", "adaptive") if args.planner == "both" else (args.planner,)
    sweep = budget_sweep(
        pool,
        _periods(args, pool.date),
        budgets=_budgets(args.budgets),
        planners=planners,
        tau=args.tau_value,
        seed=args.seed,
        batches=args.batches,
        adaptive_options={"weighting": args.weighting},
        **fixed_knobs(args, "budget"),
        history=args.history,
        progress=stderr_progress("budget sweep, period x planner x budget cells"),
    )
    rows = []
    for r in sweep.summary.to_dict("records"):
        paper = PAPER_FIGURE_6B.get(round(r["budget"], 2))
        rows.append(
            {
                "planner": r["planner"],
                "budget_percent": 100 * r["budget"],
                "pinball": json_float(r["pinball"]),
                "pinball_vs_full": json_float(r["pinball_vs_full"]),
                "coverage_error": json_float(r["coverage_error"]),
                "share_selected": json_float(r["share_selected"]),
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
    return "\n".join(lines + [_sweep_line(r) for r in o["sweep"]])


def _sweep_line(r):
    """One (planner, budget) row of the sweep table."""
    paper = "" if r["paper_figure_6b"] is None else f"{r['paper_figure_6b']:.4f}"
    return (
        f"  {r['planner']:<9} {r['budget_percent']:5.0f}%  {r['pinball']:.5f}  "
        f"{r['pinball_vs_full']:6.2f}  {r['coverage_error']:12.3f}  "
        f"{r['share_selected']:12.2f}  {paper}"
    )


def run_budget(args) -> int:
    args.tau_value = one_quantile_level(args.tau)
    fixed_knobs(args, "budget")  # reject bad --kappa / --lambda before any work
    if args.batches < 1:
        raise InputError("--batches must be at least 1")
    if args.sweep:
        o = sweep_result(args)
        emit([o], args.format, _render_sweep)
        return 0
    if args.planner == "both":
        raise InputError("--planner both only applies with --sweep; pick one-shot or adaptive")
    o = budget_result(args)
    emit([o], args.format, _render_budget)
    return 0


def register(subparsers) -> None:
    """Add the ``budget`` sub-command."""
    b = add_command(subparsers, "budget", __doc__)
    add_plan_arguments(b)
    b.add_argument(
        "--score",
        action="append",
        default=[],
        help="known score column(s), for the quality estimate and --sweep",
    )
    b.add_argument(
        "--cost",
        default=COST_COLUMN,
        help=f"cost column (default {COST_COLUMN!r}; 'none': 1 per model)",
    )
    b.add_argument(
        "--budget",
        type=float,
        default=0.2,
        help="fraction of the pool's total cost (<= 1) or absolute cost (> 1)",
    )
    b.add_argument("--planner", choices=("one-shot", "adaptive", "both"), default="one-shot")
    b.add_argument("--batches", type=int, default=4, help="batches of the adaptive planner")
    b.add_argument(
        "--weighting",
        choices=("bin", "cost"),
        default="bin",
        help="adaptive planner: 'cost' weights candidates by their chance of scoring near the "
        "boundary given compute and cost (best with --history; see docs/engineering-notes.md)",
    )
    add_switch(
        b,
        "--history",
        "--sweep with the adaptive planner: steer the first batch by earlier periods' models",
    )
    b.add_argument("--date", help="release/upload date column (for the estimate)")
    add_periods_argument(
        b, "period scheme of the estimate (paper: the OLL v2 periods)", default="quarters"
    )
    b.add_argument("--cuts", help="period start dates instead, e.g. 2024-07-01,2024-10-01")
    add_switch(b, "--sweep", "sweep the budgets instead")
    b.add_argument(
        "--budgets",
        default=",".join(f"{100 * v:g}" for v in PAPER_BUDGETS),
        help="budget percentages of the sweep (default 5,10,20,50,100)",
    )
    add_model_argument(b)
    add_seed_argument(b, 42, "tie-breaking seed")
    add_fit_arguments(b, method=False)
    b.set_defaults(func=run_budget)
