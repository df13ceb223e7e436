"""The calibrated combined rule applied to a comparison's per-unit rows.

Glue between :func:`core.degradation.compare.compare_paired` and
:mod:`core.degradation.stats.calibrated_min_p`: the single-unit shortcut, the 0/1 route (binomial
null per unit) and the sign-flip route (the comparison's own shared draws, with exact
McNemar tables for 0/1 units and exact nulls for small non-binary units).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from core.degradation.stats.calibrated_min_p import (
    Calibration,
    calibrate_binary,
    calibrate_sign_flip,
    log_pvalue_table,
)
from core.degradation.stats.permutation import EXACT_LIMIT, _exact_null

_LOG10 = math.log(10.0)


def _single_unit(rows: Sequence, log10_min: float) -> Calibration | None:
    """With flips in one unit only, the three tests are one test: its own p-value.

    (Capped at 3 x min, which matters only when the pooled test is a sign-flip test
    while the unit's own is exact.)
    """
    flipped = [row for row in rows if row.b + row.c > 0]
    if len(flipped) != 1:
        return None
    row = flipped[0]
    log10_p = min(row.log10_pvalue, log10_min + math.log10(3.0), 0.0)
    return Calibration(min(row.pvalue, 10.0**log10_p), log10_p, "single-unit")


def calibrate_binary_rows(rows: Sequence, log10_min: float, options) -> Calibration:
    """Calibrated min-p when every unit holds 0/1 scores.

    Parameters
    ----------
    rows : sequence of UnitComparison
        Per unit (``b``, ``c``, ``pvalue``, ``log10_pvalue`` are read).
    log10_min : float
        log10 of the observed min(pooled, Max-Drop, Fisher).
    options : CompareOptions

    Returns
    -------
    Calibration
    """
    single = _single_unit(rows, log10_min)
    if single is not None:
        return single
    return calibrate_binary(
        tuple(row.b for row in rows),
        tuple(row.c for row in rows),
        log10_min,
        alternative=options.alternative,
        pvalue_method=options.pvalue_method,
        n_draws=options.calibration_draws,
        seed=options.seed,
    )


def calibrate_permutation_rows(
    rows: Sequence, per_unit_d, shared, log10_min: float, options
) -> Calibration:
    """Calibrated min-p when some scores are not 0/1 (the shared sign-flip draws).

    ``rows``, ``log10_min`` and ``options`` and the result are those of
    :func:`calibrate_binary_rows`; the null comes from the comparison's own draws:

    Parameters
    ----------
    per_unit_d : list of numpy.ndarray
        Per unit, the item differences baseline - candidate.
    shared : SharedSignFlipResult
        From ``sign_flip_units(..., keep_draws=True)``.
    """
    single = _single_unit(rows, log10_min)
    if single is not None:
        return single
    draws = shared.unit_draws
    unit_logs: list[np.ndarray | None] = []
    for row, unit_d in zip(rows, per_unit_d):
        nonzero = unit_d[unit_d != 0]
        if row.binary:
            # sum of +-1 flips = 2 b - n: the exact McNemar p of each draw
            table = log_pvalue_table(nonzero.size, "greater", options.pvalue_method)
            b_star = np.rint((draws[:, len(unit_logs)] + nonzero.size) / 2).astype(np.int64)
            unit_logs.append(table[np.clip(b_star, 0, nonzero.size)])
        elif shared.method == "monte-carlo" and 0 < nonzero.size <= EXACT_LIMIT:
            null = np.sort(_exact_null(nonzero))
            tol = 1e-12 * float(np.abs(nonzero).sum()) + 1e-300
            at_least = null.size - np.searchsorted(null, draws[:, len(unit_logs)] - tol, "left")
            unit_logs.append(np.log(at_least / null.size))
        else:
            unit_logs.append(None)
    return calibrate_sign_flip(
        draws,
        shared.scale,
        unit_logs,
        log10_min * _LOG10,
        log10_min,
        exact=shared.method == "exact",
        mid_p=options.pvalue_method == "mid-p",
    )
