"""Text and JSON of ``frontier --by-period``: options checked, one boundary per period.

Kept apart from :mod:`core.cli.frontier` so that the command module stays small; the
fitting itself is :func:`core.frontier.history.period_boundaries.period_boundaries`.
"""

from __future__ import annotations

from core.errors import InputError
from core.formatting import format_flops, json_fields, json_float, plural
from core.frontier.history.period_boundaries import period_boundaries
from core.frontier.history.periods import paper_oll_periods, periods_from_cuts, quarterly_periods

#: The boundary's parameters as the JSON output names them ("params").
FIT_PARAMETERS = "y0 L z_star b"


def periods_result(table, settings, scheme, at) -> dict:
    """The per-period part of ``frontier --by-period``: one boundary per period."""
    result = period_boundaries(
        table.log10_flops,
        table.score,
        table.date,
        scheme,
        at,
        task=table.score_column,
        settings=settings,
        groups=table.family,
    )
    return {
        "n_without_period": result.n_without_period,
        "periods": [
            {
                "period": p.label,
                "n": p.n,
                "params": None if p.fit is None else json_fields(p.fit, FIT_PARAMETERS),
                "lambda_b": None if p.fit is None else p.fit.lambda_b,
                "note": p.note,
                "predictions": [
                    {"flops": f, "score": json_float(q), "extrapolated": x}
                    for f, q, x in zip(p.flops, p.scores, p.extrapolated)
                ],
            }
            for p in result.periods
        ],
    }


def render_periods(o):
    if "periods" not in o:
        return []
    lines = ["  boundary per period:"]
    for p in o["periods"]:
        if p["note"]:
            lines.append(f"    {p['period']}: n = {p['n']:,}; no boundary ({p['note']})")
            continue
        values = "; ".join(
            f"{a['score']:.3f} at {format_flops(a['flops'])} FLOPs"
            + (" (extrapolated)" if a["extrapolated"] else "")
            for a in p["predictions"]
        )
        lines.append(f"    {p['period']}: n = {p['n']:,}; {values}")
    if o["n_without_period"]:
        count = o["n_without_period"]
        lines.append(
            f"    {plural(count, 'model')} {'falls' if count == 1 else 'fall'} in no period"
        )
    return lines


def by_period_scheme(args):
    """Check the per-period options; the period kind or cut dates (None: not asked)."""
    if not args.by_period:
        if args.cuts or args.periods:
            raise InputError("--cuts and --periods go with --by-period")
        return None
    if not args.date:
        raise InputError("--by-period needs --date COL, the upload or release date column")
    if not args.at:
        raise InputError("--by-period reads each period's boundary at --at FLOPS, e.g. --at 1e24")
    if args.cuts and args.periods:
        raise InputError("give either --cuts or --periods, not both")
    if args.cuts:
        cuts = [c.strip() for c in args.cuts.split(",") if c.strip()]
        try:
            return periods_from_cuts(cuts)
        except ValueError as error:
            raise InputError(f"--cuts: {error}") from error
    return args.periods or "quarters"


def scheme_for(scheme, table):
    if scheme == "paper":
        return paper_oll_periods()
    if scheme == "quarters":
        try:
            return quarterly_periods(table.date)
        except ValueError as error:
            raise InputError(f"{table.source}: {error}") from error
    return scheme
