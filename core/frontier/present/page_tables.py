"""Tables and captions of the frontier page's Calculator and Over time tabs."""

from __future__ import annotations

import math

import pandas as pd

from core.formatting import format_flops
from core.frontier.boundary.questions import attainable_score, compute_needed


def calculator_table(results, flops: float, target: float) -> pd.DataFrame:
    """Every benchmark at one compute: its boundary, ceiling and the FLOPs to reach ``target``.

    Parameters
    ----------
    results : sequence of BenchmarkBoundary
    flops : float
        Pre-training compute to read every boundary at.
    target : float
        Score to reach, on the benchmarks' 0-1 scale.

    Returns
    -------
    pandas.DataFrame
        benchmark, boundary and ceiling (full precision), ``FLOPs to reach <target>`` (FLOPs
        in words, or why it cannot be reached) and which answers are extrapolated.
    """
    rows = []
    for r in results:
        (a,) = attainable_score(r.fit, flops)
        n = compute_needed(r.fit, float(target))
        rows.append(
            {
                "benchmark": r.name,
                "boundary": a.score,
                "ceiling": r.fit.ceiling,
                f"FLOPs to reach {target:.2f}": format_flops(n.flops, 1)
                if math.isfinite(n.log10_flops)
                else n.status,
                "extrapolated": ", ".join(
                    w for w, x in (("boundary", a.extrapolated), ("FLOPs", n.extrapolated)) if x
                ),
            }
        )
    return pd.DataFrame(rows)


def backtest_caption(tau: float) -> str:
    """How to read the backtest table; the bound on the coverage error follows ``tau``.

    Examples
    --------
    >>> backtest_caption(0.98).split(". ")[-1]
    'At τ = 0.98 the error cannot exceed +2 points.'
    >>> backtest_caption(0.9).split(". ")[-1]
    'At τ = 0.9 the error cannot exceed +10 points.'
    >>> backtest_caption(0.99).split(". ")[-1]
    'At τ = 0.99 the error cannot exceed +1 point.'
    """
    bound = round((1 - tau) * 100, 6)
    return (
        "Each period's boundary is fitted on that period's models and checked on the "
        "next period's, in equal-mass compute bins. Coverage errors are in points: below "
        "0, newer models beat the old boundary (it is advancing). At τ = "
        f"{tau:g} the error cannot exceed +{bound:g} point{'' if bound == 1 else 's'}."
    )
