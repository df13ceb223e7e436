"""``python -m core backtest``: fit a boundary on earlier periods, check it on later ones.

The options and the help are those of ``frontier`` (:mod:`core.cli.frontier`), plus the date
column, the period cuts and the scheme. Text (default) or JSON; bad input exits 2 with one
line on stderr.
"""

from __future__ import annotations

from core.cli import frontier as frontier_command
from core.cli.frontier import data_notes
from core.cli.frontier_args import (
    add_boundary_arguments,
    add_command,
    emit,
    fittable,
    load_tables,
    one_quantile_level,
    period_cuts,
)
from core.frontier.boundary.fit_settings import (
    FitSettings,
    format_number,
    resolve_lambda,
    settings_from_args,
)
from core.frontier.history.backtest import backtest_frontier
from core.frontier.history.periods import quarterly_periods


def backtest_result(table, tau, periods, scheme, settings=None):
    """The ``backtest`` command's output object for one BoundaryTable.

    ``periods`` (a PeriodScheme, e.g. from ``--cuts``) defaults to the calendar quarters of
    the table's dates.

    Backtests use the paper's estimator (its Figure 3 is what they reproduce) with the
    given kappa and lambda_b; "auto" chooses lambda_b on the whole table.
    """
    settings = settings or FitSettings(tau=tau, method="paper")
    lam, choice = resolve_lambda(settings, table.log10_flops, table.score, table.family)
    periods = periods or quarterly_periods(table.date)
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
        "notes": data_notes(table),
        "periods": [p.to_dict() for p in report.periods],
    }


def _render_backtest(o):
    lines = [
        f"{o['task']}: backtest at tau = {o['tau']:.3f} ({o['scheme']} period), "
        f"n = {o['n']}, dropped {o['n_dropped']}",
        f"  settings: {o['settings_text']}",
    ]
    lines += [f"  note: {n}" for n in o.get("notes", ())]
    return "\n".join(lines + [_period_line(p) for p in o["periods"]])


def _period_line(p):
    """One train -> test pair of a backtest: its metrics, or why it has none."""
    if p["signed_coverage_error"] is None:
        return f"  {p['train']} -> {p['test']}: {p['note']}"
    return (
        f"  {p['train']} -> {p['test']}: n {p['n_train']}/{p['n_test']}, signed coverage "
        f"error {p['signed_coverage_error']:+.4f}, abs {p['abs_coverage_error']:.4f}, "
        f"excess pinball {p['excess_pinball']:.2e}"
    )


def run_backtest(args) -> int:
    """Run ``backtest``: print one report per score column; return the exit status."""
    tau = one_quantile_level(args.tau)
    periods = period_cuts(args.cuts)
    settings = settings_from_args(args, tau)
    tables = fittable(load_tables(args, date=args.date))
    objects = [backtest_result(t, tau, periods, args.scheme, settings) for t in tables]
    emit(objects, args.format, _render_backtest)
    return 0


def register(subparsers) -> None:
    """Add the ``backtest`` sub-command."""
    b = add_command(subparsers, "backtest", frontier_command.__doc__)
    add_boundary_arguments(b, method=False)
    b.add_argument("--date", required=True, help="upload or release date column")
    b.add_argument(
        "--cuts", help="period start dates, e.g. 2024-07-01,2024-10-01 (default: calendar quarters)"
    )
    b.add_argument("--scheme", choices=("single", "cumulative"), default="single")
    b.set_defaults(func=run_backtest)
