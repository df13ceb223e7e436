"""The records of a comparison: its options, one unit's tests, and the whole result.

:func:`~core.degradation.compare.compare_paired` fills them; they keep full precision and
render through :mod:`core.degradation.present` (docs/method-degradation.md §7, §9).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from core.errors import InputError

if TYPE_CHECKING:  # annotations only: this module stays free of scipy (``compare`` forks
    # a worker that imports the statistics while the parent reads the files)
    from core.degradation.data.pairing import Level
    from core.degradation.data.pairing_report import PairingReport
    from core.degradation.stats.aggregate import CombinedResult, FisherResult, MaxDropResult
    from core.degradation.stats.mcnemar import Alternative, PValueMethod

Verdict = Literal["degraded", "not_degraded", "inconclusive"]
CombineRule = Literal["calibrated", "paper"]
#: How the units were tested: exact McNemar tests throughout, or sign-flip tests.
Route = Literal["exact", "permutation"]


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
    pvalue, log10_pvalue : float
        The unit's test (one-sided by default).
    pvalue_holm : float
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
    pvalue: float
    log10_pvalue: float
    pvalue_holm: float
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
    route: Route
    level: Level
    pairing: PairingReport

    @property
    def summary(self) -> str:
        """The verdict in one plain sentence a manager can repeat."""
        from core.degradation.present.verdict_words import verdict_sentence

        return verdict_sentence(self)

    def to_text(self) -> str:
        """The terminal report (``python -m core compare``'s default output)."""
        from core.degradation.present.report import to_text

        return to_text(self)

    def to_markdown(self) -> str:
        """The Markdown report (a pull-request comment)."""
        from core.degradation.present.report import to_markdown

        return to_markdown(self)

    def to_dict(self) -> dict:
        """The JSON object of ``compare --format json`` (full precision), without provenance."""
        from core.degradation.present.report import to_dict

        return to_dict(self)

    def to_json(self, indent: int | None = 2) -> str:
        """:meth:`to_dict` as strict JSON text (no NaN or Infinity)."""
        from core.degradation.present.report import to_json

        return to_json(self, indent=indent)

    def to_html(self, *, title: str = "Eval Verdict: degradation check", note: str = "") -> str:
        """One self-contained HTML page: verdict, charts, tables (no provenance record; use
        :func:`~core.degradation.api.compare_runs` for a report that records its inputs)."""
        from core.degradation.present.html_report import build_html_report

        return build_html_report(self, title=title, note=note)

    @property
    def combined_pvalue(self) -> float:
        """The verdict's p-value (calibrated min-p, or the paper's 3 x min)."""
        return self.combined.pvalue

    @property
    def detectable_level(self) -> float:
        """The level of the pooled test the detectable drop is computed at.

        alpha / 3, halved again for a two-sided test (one tail of it).
        """
        from core.degradation.stats.verdict_plan import verdict_tests

        return self.options.alpha / verdict_tests(self.options.alternative)
