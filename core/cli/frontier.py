"""``python -m core frontier`` and ``python -m core backtest``.

frontier: fit the boundary of each score column and answer "what score at this compute"
with bootstrap intervals. backtest: fit on earlier periods and check coverage on later
ones. Both print text (default) or JSON; bad input exits 2 with one line on stderr.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from core.cli.frontier_args import (
    add_boundary_arguments,
    add_command,
    add_periods_argument,
    add_seed_argument,
    add_switch,
    emit,
    fittable,
    load_tables,
    quantile_levels,
)
from core.errors import InputError
from core.formatting import format_flops, json_fields
from core.frontier.boundary.bootstrap import bootstrap_frontier
from core.frontier.boundary.fit_settings import (
    FitSettings,
    describe_settings,
    fit_with_settings,
    resolve_lambda,
    settings_from_args,
    settings_record,
)
from core.frontier.boundary.questions import attainable_score
from core.frontier.boundary.several_taus import fit_frontier_family
from core.frontier.data.fit_file import boundary_record, save_fits
from core.frontier.data.table import check_fittable
from core.frontier.history.period_output import (
    FIT_PARAMETERS,
    by_period_scheme,
    periods_result,
    render_periods,
    scheme_for,
)
from core.progress import stderr_progress


def data_notes(table) -> list[str]:
    """Plain sentences on how the data was read: percent scores, repeats, dates."""
    notes = []
    if table.percent_scaled:
        notes.append(f"scores in {table.score_column!r} read as percent (divided by 100)")
    repeated = table.dropped.get("repeated model name", 0)
    if repeated:
        rows = "row" if repeated == 1 else "rows"
        notes.append(
            f"{repeated:,} {rows} with a repeated model name left out (kept the first usable "
            "row of each model; --keep-duplicates keeps all)"
        )
    if table.date_note:
        notes.append(table.date_note)
    return notes


def frontier_result(
    table,
    tau,
    at,
    n_boot,
    seed,
    confidence_level=None,
    settings=None,
    progress=None,
    fit=None,
    choice=None,
):
    """The ``frontier`` command's output object for one BoundaryTable (full precision).

    ``settings`` (a FitSettings) gives kappa, lambda_b (or "auto"), the method and the
    band level; without it the command line's defaults apply. ``fit`` (with the
    ``choice`` of lambda that made it) skips the fit, for a family of levels.
    """
    check_fittable(table)
    settings = settings or FitSettings(tau=tau)
    if confidence_level is None:
        confidence_level = settings.band_level
    if fit is None:
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
        "notes": data_notes(table),
        "compute": table.compute_description,
        "tau": fit.tau,
        "settings": settings_record(fit, choice, confidence_level),
        "settings_text": describe_settings(fit, choice),
        "params": json_fields(fit, FIT_PARAMETERS),
        "ceiling": fit.ceiling,
        "objective": fit.objective,
        "coverage": coverage,
        "log10_flops_range": [fit.log10_flops_min, fit.log10_flops_max],
        "bootstrap": None if band is None else band.to_dict(),
        "predictions": [a.to_dict() for a in answers],
        "_record": record,
    }


def frontier_results(table, taus, at, n_boot, seed, settings=None, progress=None) -> list[dict]:
    """One output object per tau; with several, predictions never cross (rearranged).

    Several levels share one lambda (cross-validated once at the highest level when
    "auto") and the estimator of ``settings``.
    """
    settings = settings or FitSettings(tau=taus[0])
    if len(taus) == 1:
        level = replace(settings, tau=taus[0])
        return [
            frontier_result(table, taus[0], at, n_boot, seed, settings=level, progress=progress)
        ]
    top = replace(settings, tau=max(taus))
    lam, choice = resolve_lambda(top, table.log10_flops, table.score, table.family)
    knobs = {"kappa": settings.kappa, "lambda_b": lam, "method": settings.method}
    family = fit_frontier_family(table.log10_flops, table.score, taus, **knobs)
    sorted_scores = family.predict(np.log10(at)) if at else None
    out = []
    for i, fit in enumerate(family.fits):
        level = replace(settings, tau=fit.tau)
        o = frontier_result(
            table,
            fit.tau,
            at,
            n_boot,
            seed,
            settings=level,
            progress=progress,
            fit=fit,
            choice=choice,
        )
        for j, p in enumerate(o["predictions"]):
            p["rearranged"] = bool(sorted_scores[i, j] != p["score"])
            p["score"] = float(sorted_scores[i, j])
        out.append(o)
    return out


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
    lines += [f"  note: {n}" for n in o.get("notes", ())]
    for a in o["predictions"]:
        ci = (
            ""
            if a["ci_low"] is None
            else f"  {level:.0%} band of the boundary [{a['ci_low']:.4f}, {a['ci_high']:.4f}]"
        )
        flag = "  (extrapolated)" if a["extrapolated"] else ""
        lines.append(f"  at {format_flops(a['flops'])} FLOPs: {a['score']:.4f}{ci}{flag}")
    return "\n".join(lines + render_periods(o))


def run_frontier(args) -> int:
    taus = quantile_levels(args.tau)
    args.at = args.at or []
    if any(a <= 0 for a in args.at):
        raise InputError("--at takes positive FLOPs such as 1e24")
    if args.n_boot and args.n_boot < 10:
        raise InputError("--n-boot must be 0 (no intervals) or at least 10")
    settings = settings_from_args(args, taus[0])
    scheme = by_period_scheme(args)
    tables = fittable(load_tables(args, date=args.date))
    pairs = [
        (t, o)
        for t in tables
        for o in frontier_results(
            t,
            taus,
            args.at,
            args.n_boot,
            args.seed,
            settings,
            progress=stderr_progress(f"bootstrap {t.score_column}"),
        )
    ]
    objects = [o for _, o in pairs]
    records = [o.pop("_record") for o in objects]
    if scheme is not None:
        for t, o in pairs:
            level = replace(settings, tau=o["tau"])
            o.update(periods_result(t, level, scheme_for(scheme, t), args.at))
    if args.save_fit:
        save_fits(args.save_fit, records)
    emit(objects, args.format, _render_frontier)
    return 0


def register(subparsers) -> None:
    """Add the ``frontier`` sub-command (``backtest`` is :mod:`core.cli.backtest`)."""
    p = add_command(subparsers, "frontier", __doc__)
    add_boundary_arguments(p, method=True)
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
    add_seed_argument(p, help="bootstrap seed")
    p.add_argument(
        "--level", default="0.90", help="level of the band of the boundary (default 0.90)"
    )
    p.add_argument("--date", help="upload or release date column (for --by-period)")
    add_switch(p, "--by-period", "also fit one boundary per period and read each at --at")
    p.add_argument("--cuts", help="period start dates for --by-period, e.g. 2024-07-01,2024-10-01")
    add_periods_argument(
        p,
        "periods for --by-period: calendar quarters (default) or the paper's four OLL v2 periods",
    )
    p.add_argument(
        "--save-fit",
        metavar="FIT.json",
        help="write every fitted parameter, the settings and a data digest to this file "
        "(for python -m core position)",
    )
    p.set_defaults(func=run_frontier)
