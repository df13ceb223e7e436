"""The whole comparison: per-unit tests, aggregation, power, and the verdict.

:func:`compare_paired` takes :class:`~core.degradation.data.pairing.PairedSamples` and returns a
:class:`Comparison`. Binary units use the exact McNemar test; when any unit holds
non-binary scores (probabilities, partial credit, averaged reruns) the pooled and Max-Drop
tests use shared sign-flip draws, binary units keep their exact per-unit p-values, and
Fisher's chi^2 reference is marked approximate (docs/method-degradation.md §5).

Verdict (docs/method-degradation.md §7, §9):

- ``"degraded"`` when the combined p-value is at most alpha;
- ``"not_degraded"`` when not, and the smallest drop these data could detect with the
  chosen power (80% by default) at level alpha / 3 is at most the user's margin;
- ``"inconclusive"`` otherwise.

The combined p-value is the calibrated min-p by default (:mod:`.calibrated_min_p`); the
paper's 3 x min(pooled, Max-Drop, Fisher) is ``combine="paper"``. Both are always
computed and kept on the result. The calibrated value never exceeds the paper's, so a drop
the pooled test detects at level alpha / 3 is detected by either rule: the detectable drop
(MDE) at level alpha / 3 is a guarantee for both.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from core.degradation.comparison import (
    CompareOptions,
    Comparison,
    Route,
    UnitComparison,
    Verdict,
)
from core.degradation.data.pairing import PairedSamples
from core.degradation.stats.aggregate import (
    MaxDropResult,
    combine_pvalues,
    fisher_combination,
    holm_adjust,
    max_drop_test,
)
from core.degradation.stats.combined_rule import calibrate_binary_rows, calibrate_permutation_rows
from core.degradation.stats.mcnemar import mcnemar_test
from core.degradation.stats.permutation import sign_flip_units
from core.degradation.stats.power import detectable_drop, required_items
from core.degradation.stats.verdict_plan import planning_flip_rate as rate_to_plan
from core.degradation.stats.verdict_plan import verdict_tests
from core.errors import InputError

_LOG10 = math.log(10.0)


def _binary_row(
    unit: str, b: int, c: int, n: int, acc_b: float, acc_c: float, options: CompareOptions
):
    test = mcnemar_test(b, c, n, alternative=options.alternative, method=options.pvalue_method)
    interval = test.confidence_interval(options.confidence_level)
    return UnitComparison(
        unit=unit,
        n=n,
        b=b,
        c=c,
        accuracy_baseline=acc_b,
        accuracy_candidate=acc_c,
        delta=(b - c) / n,
        ci_low=interval.low,
        ci_high=interval.high,
        pvalue=test.pvalue,
        log10_pvalue=test.log10_pvalue,
        pvalue_holm=1.0,
        flip_rate=(b + c) / n,
        test=f"mcnemar-{options.pvalue_method}",
        binary=True,
    )


def _t_interval(d: np.ndarray, confidence_level: float) -> tuple[float, float]:
    if d.size < 2 or not np.any(d != d[0]):
        mean = float(d.mean()) if d.size else 0.0
        return mean, mean
    from scipy.stats import ttest_1samp  # only non-binary units; slow to import

    interval = ttest_1samp(d, 0.0).confidence_interval(confidence_level)
    return float(interval.low), float(interval.high)


def _item_arrays(
    paired: PairedSamples, units: list[str]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per tested item: its unit's position in ``units``, the baseline and candidate scores."""
    columns = paired.columns
    if columns is not None and list(columns.units) == units:  # no pandas needed
        return columns.unit, columns.baseline, columns.candidate
    import pandas as pd

    items = paired.items
    unit_index = pd.Categorical(items["unit"], categories=units).codes.astype(np.int64)
    base = items["baseline"].to_numpy(dtype=float)
    cand = items["candidate"].to_numpy(dtype=float)
    return unit_index, base, cand


def compare_paired(paired: PairedSamples, options: CompareOptions | None = None) -> Comparison:
    """Test whether the candidate is worse than the baseline, per unit and overall.

    Parameters
    ----------
    paired : PairedSamples
        From :func:`core.degradation.data.pairing.pair_runs`.
    options : CompareOptions, optional

    Returns
    -------
    Comparison

    Raises
    ------
    InputError
        Two-sided tests were asked for non-binary scores.
    """
    options = options or CompareOptions()
    units = list(paired.units)
    unit_index, base, cand = _item_arrays(paired, units)
    d = base - cand
    size = np.bincount(unit_index, minlength=len(units))
    b_all = np.bincount(unit_index, weights=d > 0, minlength=len(units)).astype(np.int64)
    c_all = np.bincount(unit_index, weights=d < 0, minlength=len(units)).astype(np.int64)
    sum_b = np.bincount(unit_index, weights=base, minlength=len(units))
    sum_c = np.bincount(unit_index, weights=cand, minlength=len(units))
    all_binary = all(paired.binary_units)
    if not all_binary and options.alternative != "greater":
        raise InputError(
            "two-sided tests are available for 0/1 scores only; these runs have non-binary scores."
        )

    rows: list[UnitComparison] = []
    shared = None
    if not all_binary:
        per_unit_d = [d[unit_index == k] for k in range(len(units))]
        shared = sign_flip_units(
            per_unit_d, n_resamples=options.n_resamples, rng=options.seed, keep_draws=True
        )
    for k, (name, binary) in enumerate(zip(units, paired.binary_units)):
        n = int(size[k])
        acc_b, acc_c = float(sum_b[k] / n), float(sum_c[k] / n)
        if binary:
            rows.append(_binary_row(name, int(b_all[k]), int(c_all[k]), n, acc_b, acc_c, options))
            continue
        unit_d = d[unit_index == k]
        low, high = _t_interval(unit_d, options.confidence_level)
        result = shared.units[k]
        rows.append(
            UnitComparison(
                unit=name,
                n=n,
                b=int(b_all[k]),
                c=int(c_all[k]),
                accuracy_baseline=acc_b,
                accuracy_candidate=acc_c,
                delta=float(unit_d.mean()),
                ci_low=low,
                ci_high=high,
                pvalue=result.pvalue,
                log10_pvalue=math.log10(result.pvalue),
                pvalue_holm=1.0,
                flip_rate=float(np.mean(unit_d != 0)),
                test="sign-flip",
                binary=False,
                pvalue_floor=0.0 if result.method == "exact" else result.pvalue_floor,
            )
        )

    has_flips = [row.b + row.c > 0 for row in rows]
    holm = holm_adjust([row.pvalue for row in rows], has_flips)
    rows = [
        replace(row, pvalue_holm=float(h), flagged=bool(h <= options.alpha))
        for row, h in zip(rows, holm)
    ]
    n_total = int(size.sum())
    b_total, c_total = int(b_all.sum()), int(c_all.sum())
    if all_binary:
        pooled = _binary_row(
            "pooled", b_total, c_total, n_total, float(base.mean()), float(cand.mean()), options
        )
        max_drop = max_drop_test(
            [r.b for r in rows], [r.c for r in rows], two_sided=options.alternative == "two-sided"
        )
        log_ps = [row.log10_pvalue * _LOG10 for row, f in zip(rows, has_flips) if f]
        fisher = fisher_combination(log_ps)
        route: Route = "exact"
        planning_flip_rate = (b_total + c_total) / n_total
    else:
        low, high = _t_interval(d, options.confidence_level)
        pooled = UnitComparison(
            unit="pooled",
            n=n_total,
            b=b_total,
            c=c_total,
            accuracy_baseline=float(base.mean()),
            accuracy_candidate=float(cand.mean()),
            delta=float(d.mean()),
            ci_low=low,
            ci_high=high,
            pvalue=shared.pooled.pvalue,
            log10_pvalue=math.log10(shared.pooled.pvalue),
            pvalue_holm=1.0,
            flip_rate=float(np.mean(d != 0)),
            test="sign-flip",
            binary=False,
            pvalue_floor=shared.pooled.pvalue_floor if shared.method == "monte-carlo" else 0.0,
        )
        max_drop = MaxDropResult(
            statistic=shared.max_drop_statistic,
            unit=shared.max_drop_unit,
            pvalue=shared.max_drop_pvalue,
            log10_pvalue=math.log10(shared.max_drop_pvalue),
            n_units=int(sum(has_flips)),
            method=shared.method,
        )
        log_ps = [row.log10_pvalue * _LOG10 for row, f in zip(rows, has_flips) if f]
        fisher = fisher_combination(log_ps, approximate=True)
        route = "permutation"
        planning_flip_rate = float(np.mean(d * d))
    paper = combine_pvalues(
        pooled.pvalue,
        max_drop.pvalue,
        fisher.pvalue,
        log10_values=(pooled.log10_pvalue, max_drop.log10_pvalue, fisher.log10_pvalue),
    )
    log10_min = min(pooled.log10_pvalue, max_drop.log10_pvalue, fisher.log10_pvalue)
    if all_binary:
        calibration = calibrate_binary_rows(rows, log10_min, options)
    else:
        calibration = calibrate_permutation_rows(rows, per_unit_d, shared, log10_min, options)
    capped = calibration.capped or calibration.pvalue >= paper.pvalue
    calibrated = replace(
        paper,
        pvalue=paper.pvalue if capped else calibration.pvalue,
        log10_pvalue=paper.log10_pvalue if capped else calibration.log10_pvalue,
        rule="calibrated",
        method=calibration.method,
        n_draws=calibration.n_draws,
        mc_error=calibration.mc_error,
        capped=capped and calibration.method in ("monte-carlo", "bound"),
        lower_bound=calibration.lower_bound if capped else 0.0,
    )
    combined = calibrated if options.combine == "calibrated" else paper
    level_alpha = options.alpha / verdict_tests(options.alternative)
    mde = detectable_drop(n_total, planning_flip_rate, level_alpha, options.power)
    if pooled.binary and mde > pooled.accuracy_baseline:
        mde = math.inf  # accuracy cannot fall below zero: no drop this large can happen
    # A drop of the margin needs a flip rate of at least the margin (see detectable_drop).
    needed = required_items(
        options.margin, rate_to_plan(planning_flip_rate, options.margin), level_alpha, options.power
    )
    significant = combined.pvalue <= options.alpha
    improved = significant and options.alternative == "two-sided" and pooled.delta < 0
    if significant and not improved:
        verdict: Verdict = "degraded"
    elif mde <= options.margin or improved:
        verdict = "not_degraded"
    else:
        verdict = "inconclusive"
    max_unit = rows[max_drop.unit].unit if max_drop.unit is not None else None
    return Comparison(
        verdict=verdict,
        options=options,
        pooled=pooled,
        units=tuple(rows),
        max_drop=max_drop,
        max_drop_unit=max_unit,
        fisher=fisher,
        combined=combined,
        combined_paper=paper,
        combined_calibrated=calibrated,
        mde=mde,
        items_for_margin=needed,
        improved=improved,
        route=route,
        level=paired.level,
        pairing=paired.report,
    )
