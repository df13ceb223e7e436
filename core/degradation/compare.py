"""The whole comparison: per-unit tests, aggregation, power, and the verdict.

:func:`compare_paired` takes :class:`~core.degradation.pairing.PairedSamples` and returns a
:class:`Comparison`. Binary units use the exact McNemar test; when any unit holds
non-binary scores (probabilities, partial credit, averaged reruns) the pooled and Max-Drop
tests use shared sign-flip draws, binary units keep their exact per-unit p-values, and
Fisher's chi^2 reference is marked approximate (degradation-method.md §5).

Verdict (degradation-method.md §7, §9):

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
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from core.degradation.aggregate import (
    CombinedResult,
    FisherResult,
    MaxDropResult,
    combine_pvalues,
    fisher_combination,
    holm_adjust,
    max_drop_test,
)
from core.degradation.combined_rule import calibrate_binary_rows, calibrate_permutation_rows
from core.degradation.mcnemar import Alternative, PValueMethod, mcnemar_test
from core.degradation.pairing import PairedSamples
from core.degradation.permutation import sign_flip_units
from core.degradation.power import detectable_drop, required_items
from core.errors import InputError

Verdict = Literal["degraded", "not_degraded", "inconclusive"]
CombineRule = Literal["calibrated", "paper"]
_LOG10 = math.log(10.0)


@dataclass(frozen=True)
class CompareOptions:
    """Settings of a comparison.

    Attributes
    ----------
    alpha : float, default 0.05
        Family-wise false-positive rate of the verdict.
    margin : float, default 0.01
        The drop (fraction; 0.01 = 1 point) the user must be able to rule out before
        "no degradation" is declared rather than "inconclusive".
    alternative : {"greater", "two-sided"}, default "greater"
        The paper's one-sided test, or a two-sided departure (binary scores only).
    pvalue_method : {"exact", "mid-p"}, default "exact"
        Exact tails (the paper), or mid-p (a less conservative departure).
    confidence_level : float, default 0.95
        Of the intervals for the accuracy differences.
    power : float, default 0.8
        For the smallest detectable drop.
    n_resamples : int, default 20000
        Sign-flip draws for non-binary scores.
    seed : int, default 0
        Seed of those draws and of the calibration's.
    combine : {"calibrated", "paper"}, default "calibrated"
        How the pooled, Max-Drop and Fisher p-values become the verdict's p-value: their
        calibrated min-p, or the paper's 3 x min.
    calibration_draws : int, default 20000
        Simulated null data sets for the calibrated min-p with 0/1 scores (when the units
        are too large to enumerate). Non-binary scores reuse the ``n_resamples`` sign flips.
    """

    alpha: float = 0.05
    margin: float = 0.01
    alternative: Alternative = "greater"
    pvalue_method: PValueMethod = "exact"
    confidence_level: float = 0.95
    power: float = 0.8
    n_resamples: int = 20_000
    seed: int = 0
    combine: CombineRule = "calibrated"
    calibration_draws: int = 20_000

    def __post_init__(self) -> None:
        if not 0.0 < self.alpha < 1.0:
            raise InputError(f"alpha must lie between 0 and 1 (e.g. 0.05), got {self.alpha}")
        if not 0.0 < self.margin < 1.0:
            raise InputError(
                f"margin is a fraction between 0 and 1 (0.01 = 1 point), got {self.margin}"
            )
        if self.alternative not in ("greater", "two-sided"):
            raise InputError(
                f"alternative must be 'greater' or 'two-sided', got {self.alternative!r}"
            )
        if self.pvalue_method not in ("exact", "mid-p"):
            raise InputError(
                f"pvalue_method must be 'exact' or 'mid-p', got {self.pvalue_method!r}"
            )
        if self.combine not in ("calibrated", "paper"):
            raise InputError(f"combine must be 'calibrated' or 'paper', got {self.combine!r}")
        if not 0.0 < self.confidence_level < 1.0:
            raise InputError(
                f"confidence_level must lie between 0 and 1 (e.g. 0.95), got {self.confidence_level}"
            )
        if not 0.0 < self.power < 1.0:
            raise InputError(f"power must lie between 0 and 1 (e.g. 0.8), got {self.power}")
        if self.calibration_draws < 1 or self.n_resamples < 1:
            raise InputError("calibration_draws and n_resamples must be at least 1")


@dataclass(frozen=True)
class UnitComparison:
    """One row of the per-unit table (or the pooled row).

    Attributes
    ----------
    unit : str
        Benchmark or subtask name (``"pooled"`` for the pooled row).
    n : int
        Paired items.
    b, c : int
        Items where the candidate scored lower / higher than the baseline (for 0/1 scores:
        baseline right & candidate wrong, and the reverse).
    accuracy_baseline, accuracy_candidate : float
        Mean scores.
    delta : float
        accuracy_baseline - accuracy_candidate (positive = the candidate is worse).
    ci_low, ci_high : float
        Two-sided interval for delta (Tango for 0/1 scores, t-interval otherwise).
    p_value, log10_p_value : float
        The unit's test (one-sided by default).
    p_value_holm : float
        Holm-adjusted over the units with flips (1 for the pooled row).
    flip_rate : float
        (b + c) / n.
    test : str
        ``"mcnemar-exact"``, ``"mcnemar-mid-p"`` or ``"sign-flip"``.
    binary : bool
        Whether all scores are 0/1.
    pvalue_floor : float
        Smallest p-value the test can give (0 for the exact McNemar test).
    flagged : bool
        Holm-adjusted p-value at most alpha.
    """

    unit: str
    n: int
    b: int
    c: int
    accuracy_baseline: float
    accuracy_candidate: float
    delta: float
    ci_low: float
    ci_high: float
    p_value: float
    log10_p_value: float
    p_value_holm: float
    flip_rate: float
    test: str
    binary: bool
    pvalue_floor: float = 0.0
    flagged: bool = False


@dataclass(frozen=True)
class Comparison:
    """The result of :func:`compare_paired`.

    Attributes
    ----------
    verdict : {"degraded", "not_degraded", "inconclusive"}
    options : CompareOptions
    pooled : UnitComparison
        All items together.
    units : tuple of UnitComparison
        One per benchmark (or subtask).
    max_drop : MaxDropResult
    max_drop_unit : str or None
        The unit with the largest standardized drop.
    fisher : FisherResult
    combined : CombinedResult
        The p-value the verdict used (``options.combine``).
    combined_paper, combined_calibrated : CombinedResult
        Both rules, always computed (shown side by side).
    mde : float
        Smallest drop detectable with ``options.power`` at level alpha / 3, at the observed
        flip rate and N (fraction; may be ``inf``).
    items_for_margin : float
        Items needed to detect a drop of ``options.margin`` with ``options.power`` at level
        alpha / 3, at the observed flip rate (or at a flip rate equal to the margin when
        fewer items flipped than that).
    improved : bool
        Two-sided test only: a significant change in the candidate's favour.
    route : {"exact", "permutation"}
        Exact McNemar tests throughout, or sign-flip tests (non-binary scores present).
    level : {"group", "task"}
    pairing : PairingReport
    """

    verdict: Verdict
    options: CompareOptions
    pooled: UnitComparison
    units: tuple[UnitComparison, ...]
    max_drop: MaxDropResult
    max_drop_unit: str | None
    fisher: FisherResult
    combined: CombinedResult
    combined_paper: CombinedResult
    combined_calibrated: CombinedResult
    mde: float
    items_for_margin: float
    improved: bool
    route: str
    level: str
    pairing: object

    @property
    def combined_p_value(self) -> float:
        """The verdict's p-value (calibrated min-p, or the paper's 3 x min)."""
        return self.combined.pvalue

    @property
    def detectable_level(self) -> float:
        """The level of the pooled test the detectable drop is computed at.

        alpha / 3, halved again for a two-sided test (one tail of it).
        """
        return self.options.alpha / (6.0 if self.options.alternative == "two-sided" else 3.0)


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
        p_value=test.pvalue,
        log10_p_value=test.log10_pvalue,
        p_value_holm=1.0,
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
        From :func:`core.degradation.pairing.pair_runs`.
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
                p_value=result.pvalue,
                log10_p_value=math.log10(result.pvalue),
                p_value_holm=1.0,
                flip_rate=float(np.mean(unit_d != 0)),
                test="sign-flip",
                binary=False,
                pvalue_floor=0.0 if result.method == "exact" else result.pvalue_floor,
            )
        )

    has_flips = [row.b + row.c > 0 for row in rows]
    holm = holm_adjust([row.p_value for row in rows], has_flips)
    rows = [
        replace(row, p_value_holm=float(h), flagged=bool(h <= options.alpha))
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
        log_ps = [row.log10_p_value * _LOG10 for row, f in zip(rows, has_flips) if f]
        fisher = fisher_combination(log_ps)
        route = "exact"
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
            p_value=shared.pooled.pvalue,
            log10_p_value=math.log10(shared.pooled.pvalue),
            p_value_holm=1.0,
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
        log_ps = [row.log10_p_value * _LOG10 for row, f in zip(rows, has_flips) if f]
        fisher = fisher_combination(log_ps, approximate=True)
        route = "permutation"
        planning_flip_rate = float(np.mean(d * d))
    paper = combine_pvalues(
        pooled.p_value,
        max_drop.pvalue,
        fisher.pvalue,
        log10_values=(pooled.log10_p_value, max_drop.log10_pvalue, fisher.log10_pvalue),
    )
    log10_min = min(pooled.log10_p_value, max_drop.log10_pvalue, fisher.log10_pvalue)
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
    level_alpha = options.alpha / (6.0 if options.alternative == "two-sided" else 3.0)
    mde = detectable_drop(n_total, planning_flip_rate, level_alpha, options.power)
    if pooled.binary and mde > pooled.accuracy_baseline:
        mde = math.inf  # accuracy cannot fall below zero: no drop this large can happen
    # A drop of the margin needs a flip rate of at least the margin (see detectable_drop).
    needed = required_items(
        options.margin, max(planning_flip_rate, options.margin), level_alpha, options.power
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
