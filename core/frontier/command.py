"""``python -m core frontier`` and ``python -m core backtest``.

frontier: fit the boundary of each score column and answer "what score at this compute"
with bootstrap intervals. backtest: fit on earlier periods and check coverage on later
ones. Both print text (default) or JSON; bad input exits 2 with one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import math

import numpy as np

from core.errors import InputError
from core.frontier.backtest import backtest_frontier
from core.frontier.bootstrap import bootstrap_frontier
from core.frontier.fit_file import boundary_record, save_fits
from core.frontier.fit_settings import (
    FitSettings,
    add_fit_arguments,
    describe_settings,
    fit_with_settings,
    format_number,
    resolve_lambda,
    settings_from_args,
    settings_record,
)
from core.frontier.period_output import (
    by_period_scheme,
    periods_result,
    render_periods,
    scheme_for,
)
from core.frontier.periods import periods_from_cuts, quarterly_periods
from core.frontier.questions import attainable_score
from core.frontier.sentences import format_flops
from core.frontier.table import load_boundary_tables
from core.progress import stderr_progress


def _float(value):
    """JSON-safe float: NaN and infinities become None."""
    value = float(value)
    return value if math.isfinite(value) else None


def _scores(values):
    names = [s.strip() for v in values for s in v.split(",") if s.strip()]
    if not names:
        raise InputError("--score names no column")
    return names


def _tau(value):
    tau = float(value)
    if not 0.5 < tau < 1.0:
        raise InputError(f"--tau must be between 0.5 and 1 (e.g. 0.98), got {value}")
    return tau


def _load(args, date=None):
    return load_boundary_tables(
        args.table,
        _scores(args.score),
        flops=args.flops,
        params=args.params,
        tokens=args.tokens,
        params_scale=args.params_scale,
        tokens_scale=args.tokens_scale,
        flops_scale=args.flops_scale,
        date=date,
        model=args.model,
        family=args.family,
    )


def _emit(objects, fmt, render):
    if fmt == "json":
        print(json.dumps(objects if len(objects) > 1 else objects[0], indent=2))
    else:
        print("\n\n".join(render(o) for o in objects))


def frontier_result(
    table, tau, at, n_boot, seed, confidence_level=None, settings=None, progress=None
):
    """The ``frontier`` command's output object for one BoundaryTable (full precision).

    ``settings`` (a FitSettings) gives kappa, lambda_b (or "auto"), the method and the
    band level; without it the command line's defaults apply.
    """
    if table.n < 3 or len(set(table.log10_flops.tolist())) < 2:
        dropped = sum(table.dropped.values())
        raise InputError(
            f"{table.score_column}: only {table.n:,} usable row(s) ({dropped:,} dropped); a "
            "boundary needs at least 3 models with two different compute values"
        )
    settings = settings or FitSettings(tau=tau)
    if confidence_level is None:
        confidence_level = settings.band_level
    fit, choice = fit_with_settings(settings, table.log10_flops, table.score, table.family)
    band = None
    if n_boot and at:
        band = bootstrap_frontier(
            table.log10_flops,
            table.score,
            fit,
            clusters=table.family,
            n_resamples=n_boot,
            confidence_level=confidence_level,
            seed=seed,
            progress=progress,
        )
    answers = attainable_score(fit, at, band) if at else ()
    record = boundary_record(fit, table, settings_record(fit, choice, confidence_level))
    coverage = float(np.mean(table.score <= fit.predict(table.log10_flops)))
    return {
        "task": table.score_column,
        "n": table.n,
        "n_dropped": table.n_dropped,
        "dropped": dict(table.dropped),
        "percent_scaled": table.percent_scaled,
        "compute": table.compute_description,
        "tau": fit.tau,
        "settings": settings_record(fit, choice, confidence_level),
        "settings_text": describe_settings(fit, choice),
        "params": {"y0": fit.y0, "L": fit.L, "z_star": fit.z_star, "b": fit.b},
        "ceiling": fit.ceiling,
        "objective": fit.objective,
        "coverage": coverage,
        "log10_flops_range": [fit.log10_flops_min, fit.log10_flops_max],
        "bootstrap": None
        if band is None
        else {
            "n_resamples": band.n_resamples,
            "confidence_level": band.confidence_level,
            "resampled_by": "family" if band.clustered else "model",
            "seed": band.seed,
        },
        "predictions": [
            {
                "flops": a.flops,
                "score": a.score,
                "ci_low": _float(a.ci_low),
                "ci_high": _float(a.ci_high),
                "extrapolated": a.extrapolated,
            }
            for a in answers
        ],
        "_record": record,
    }


def _render_frontier(o):
    p = o["params"]
    dropped = ", ".join(f"{k}: {v}" for k, v in o["dropped"].items() if v) or "none"
    lines = [
        f"{o['task']}: n = {o['n']} (dropped {o['n_dropped']}: {dropped})",
        f"  boundary tau = {o['tau']:.3f}: q(z) = {p['y0']:.4f} + {p['L']:.4f} * "
        f"sigmoid({p['b']:.4f} * (log10 FLOPs - {p['z_star']:.4f}))",
        f"  settings: {o['settings_text']}",
        f"  ceiling {o['ceiling']:.4f}; objective {o['objective']:.6g}; in-sample coverage "
        f"{o['coverage']:.4f}",
    ]
    level = o["settings"]["band_level"]
    for a in o["predictions"]:
        ci = (
            ""
            if a["ci_low"] is None
            else f"  {level:.0%} band of the boundary [{a['ci_low']:.4f}, {a['ci_high']:.4f}]"
        )
        flag = "  (extrapolated)" if a["extrapolated"] else ""
        lines.append(f"  at {format_flops(a['flops'])} FLOPs: {a['score']:.4f}{ci}{flag}")
    return "\n".join(lines + render_periods(o))


def backtest_result(table, tau, cuts, scheme, settings=None):
    """The ``backtest`` command's output object for one BoundaryTable.

    Backtests use the paper's estimator (its Figure 3 is what they reproduce) with the
    given kappa and lambda_b; "auto" chooses lambda_b on the whole table.
    """
    settings = settings or FitSettings(tau=tau, method="paper")
    lam, choice = resolve_lambda(settings, table.log10_flops, table.score, table.family)
    periods = periods_from_cuts(cuts) if cuts else quarterly_periods(table.date)
    report = backtest_frontier(
        table, periods, scheme=scheme, tau=tau, kappa=settings.kappa, lambda_b=lam
    )
    return {
        "task": report.task,
        "tau": report.tau,
        "scheme": report.scheme,
        "settings": {
            "tau": tau,
            "kappa": settings.kappa,
            "lambda_b": lam,
            "lambda_chosen_by": "given" if choice is None else "cross-validation",
            "method": "paper",
        },
        "settings_text": f"kappa {format_number(settings.kappa)}, lambda {format_number(lam)}"
        f" ({'given' if choice is None else choice.describe()}), the paper's estimator",
        "n": table.n,
        "n_dropped": table.n_dropped,
        "dropped": dict(table.dropped),
        "n_without_period": report.n_without_period,
        "periods": [
            {
                "train": p.train,
                "test": p.test,
                "n_train": p.n_train,
                "n_test": p.n_test,
                "signed_coverage_error": _float(p.signed_coverage_error),
                "abs_coverage_error": _float(p.abs_coverage_error),
                "excess_pinball": _float(p.excess_pinball),
                "n_bins": len(p.bins),
                "note": p.note,
            }
            for p in report.periods
        ],
    }


def _render_backtest(o):
    lines = [
        f"{o['task']}: backtest at tau = {o['tau']:.3f} ({o['scheme']} period), "
        f"n = {o['n']}, dropped {o['n_dropped']}",
        f"  settings: {o['settings_text']}",
    ]
    for p in o["periods"]:
        if p["signed_coverage_error"] is None:
            lines.append(f"  {p['train']} -> {p['test']}: {p['note']}")
            continue
        lines.append(
            f"  {p['train']} -> {p['test']}: n {p['n_train']}/{p['n_test']}, signed coverage "
            f"error {p['signed_coverage_error']:+.4f}, abs {p['abs_coverage_error']:.4f}, "
            f"excess pinball {p['excess_pinball']:.2e}"
        )
    return "\n".join(lines)


def run_frontier(args) -> int:
    tau = _tau(args.tau)
    args.at = args.at or []
    if any(a <= 0 for a in args.at):
        raise InputError("--at takes positive FLOPs such as 1e24")
    if args.n_boot and args.n_boot < 10:
        raise InputError("--n-boot must be 0 (no intervals) or at least 10")
    settings = settings_from_args(args, tau)
    scheme = by_period_scheme(args)
    tables = _load(args, date=args.date)
    objects = [
        frontier_result(
            t,
            tau,
            args.at,
            args.n_boot,
            args.seed,
            settings=settings,
            progress=stderr_progress(f"bootstrap {t.score_column}"),
        )
        for t in tables
    ]
    records = [o.pop("_record") for o in objects]
    if scheme is not None:
        for o, t in zip(objects, tables):
            o.update(periods_result(t, settings, scheme_for(scheme, t), args.at))
    if args.save_fit:
        save_fits(args.save_fit, records)
    _emit(objects, args.format, _render_frontier)
    return 0


def run_backtest(args) -> int:
    tau = _tau(args.tau)
    cuts = [c.strip() for c in args.cuts.split(",") if c.strip()] if args.cuts else None
    if cuts:
        try:
            periods_from_cuts(cuts)
        except ValueError as error:
            raise InputError(f"--cuts: {error}") from error
    settings = settings_from_args(args, tau)
    tables = _load(args, date=args.date)
    objects = [backtest_result(t, tau, cuts, args.scheme, settings) for t in tables]
    _emit(objects, args.format, _render_backtest)
    return 0


def _common(parser):
    parser.add_argument("table", help="CSV or Parquet file, one row per model")
    parser.add_argument(
        "--score",
        action="append",
        required=True,
        help="score column; repeat or comma-separate for several",
    )
    parser.add_argument("--flops", help="pre-training FLOPs column")
    parser.add_argument("--params", help="parameter count column (FLOPs = 6 N D)")
    parser.add_argument("--tokens", help="pre-training tokens column")
    parser.add_argument(
        "--params-scale", type=float, help="multiplier to plain parameter counts (1e9 for billions)"
    )
    parser.add_argument(
        "--tokens-scale", type=float, help="multiplier to plain token counts (1e12 for trillions)"
    )
    parser.add_argument("--flops-scale", type=float, help="multiplier to plain FLOPs")
    parser.add_argument("--model", help="model name column (guessed when absent)")
    parser.add_argument("--family", help="base-model column for the clustered bootstrap")
    parser.add_argument("--tau", default="0.98", help="quantile level (default 0.98)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    add_fit_arguments(parser, method=parser.prog.split()[-1] != "backtest")


def register(subparsers) -> None:
    """Add the ``frontier`` and ``backtest`` sub-commands."""
    p = subparsers.add_parser(
        "frontier",
        help="fit a capability boundary (score vs compute)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(p)
    p.add_argument(
        "--at",
        type=float,
        nargs="+",
        action="extend",
        metavar="FLOPS",
        help="compute values (FLOPs) to predict the attainable score at (--at 1e24 3e24, "
        "or --at repeated)",
    )
    p.add_argument(
        "--n-boot",
        type=int,
        default=200,
        help="bootstrap resamples for intervals (0: none; default 200)",
    )
    p.add_argument("--seed", type=int, default=0, help="bootstrap seed")
    p.add_argument(
        "--level", default="0.90", help="level of the band of the boundary (default 0.90)"
    )
    p.add_argument("--date", help="upload or release date column (for --by-period)")
    p.add_argument(
        "--by-period",
        action="store_true",
        help="also fit one boundary per period and read each at --at",
    )
    p.add_argument("--cuts", help="period start dates for --by-period, e.g. 2024-07-01,2024-10-01")
    p.add_argument(
        "--periods",
        choices=("quarters", "paper"),
        help="periods for --by-period: calendar quarters (default) or the paper's four OLL "
        "v2 periods",
    )
    p.add_argument(
        "--save-fit",
        metavar="FIT.json",
        help="write every fitted parameter, the settings and a data digest to this file "
        "(for python -m core position)",
    )
    p.set_defaults(func=run_frontier)

    b = subparsers.add_parser(
        "backtest",
        help="check a boundary on later models",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(b)
    b.add_argument("--date", required=True, help="upload or release date column")
    b.add_argument(
        "--cuts", help="period start dates, e.g. 2024-07-01,2024-10-01 (default: calendar quarters)"
    )
    b.add_argument("--scheme", choices=("single", "cumulative"), default="single")
    b.set_defaults(func=run_backtest)
