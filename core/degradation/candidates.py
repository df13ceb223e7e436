"""Several candidates against one baseline: which optimizations are safe to ship?

Each candidate gets its own full comparison (:func:`~core.degradation.compare.compare_paired`
against the same baseline). Across candidates the verdicts control the family-wise
false-positive rate: the candidates' combined p-values are Holm-adjusted (the project's own
:func:`~core.degradation.stats.aggregate.holm_adjust`), and a candidate is called degraded only
when its adjusted p-value is at most alpha.

Family verdict of one candidate:

- ``"degraded"`` when its Holm-adjusted combined p-value is at most alpha;
- ``"inconclusive"`` when it would be degraded on its own but not after the adjustment
  (the evidence is there for one comparison, not for the family; a drop cannot be ruled out);
- otherwise its own verdict (``"not_degraded"`` or ``"inconclusive"``).

With one candidate the adjusted p-value equals the combined p-value and nothing changes.
A candidate that could not be read or paired has no verdict; its ``problem`` says why,
and it takes no part in the adjustment.

No pandas, scipy or statsmodels import at module level: the command line stays light.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from core.degradation.candidate_checks import (
    BrokenQuestion,
    broken_questions,
    same_candidates,
    shown_names,
)
from core.degradation.comparison import CompareOptions, Comparison
from core.degradation.present.verdict_words import VERDICT_TITLES, verdict_parts
from core.degradation.stats.aggregate import holm_adjust
from core.formatting import format_pvalue, plural

if TYPE_CHECKING:
    from core.degradation.data.pairing import Level

__all__ = [
    "BrokenQuestion",
    "CandidateFamily",
    "CandidateResult",
    "broken_questions",
    "compare_candidates",
    "family_verdicts",
    "same_candidates",
    "shown_names",
]

#: Order of the ranking, safest first.
_SAFETY = {"not_degraded": 0, "inconclusive": 1, "degraded": 2}
NO_VERDICT = "no_verdict"
#: Verdict titles of a family, with the title of a candidate that got no verdict.
FAMILY_VERDICT_TITLES = {**VERDICT_TITLES, NO_VERDICT: "No verdict"}


@dataclass(frozen=True)
class CandidateResult:
    """One candidate's row of the family.

    Attributes
    ----------
    name : str
        Shown name: the model name when it tells the candidates apart, else the file name.
    source : str
        The path or upload name as given.
    comparison : Comparison or None
        Its full comparison against the baseline; None when it has no verdict.
    problem : str or None
        Why it has no verdict (could not be read, or shares no item with the baseline).
    pvalue_adjusted : float
        Holm-adjusted combined p-value across the compared candidates (nan without verdict).
    rank : int or None
        1 = safest (verdict, then the smallest worst-case drop, i.e. the interval's upper end).
    verdict : str
        The family verdict (see the module docstring), or ``"no_verdict"``.
    """

    name: str
    source: str
    comparison: Comparison | None = None
    problem: str | None = None
    pvalue_adjusted: float = math.nan
    rank: int | None = None
    verdict: str = NO_VERDICT

    @property
    def downgraded(self) -> bool:
        """Degraded on its own, but not after the adjustment across candidates."""
        return (
            self.comparison is not None
            and self.comparison.verdict == "degraded"
            and self.verdict != "degraded"
        )

    def sentence(self, n_compared: int, alpha: float) -> tuple[str, str]:
        """The verdict title and its plain sentence, with the adjustment in words."""
        if self.comparison is None:
            return FAMILY_VERDICT_TITLES[NO_VERDICT], f"{self.problem}"
        title, body = verdict_parts(self.comparison)
        adjusted = format_pvalue(self.pvalue_adjusted)
        adjusted = f"p {adjusted}" if adjusted.startswith("<") else f"p = {adjusted}"
        if n_compared < 2:
            return title, body
        if self.downgraded:
            return (
                FAMILY_VERDICT_TITLES["inconclusive"],
                f"{body} On its own this would be called degraded, but with "
                f"{n_compared} candidates compared the Holm-adjusted {adjusted} is above "
                f"alpha {alpha:g}, so a drop cannot be claimed nor ruled out.",
            )
        return title, f"{body} Holm-adjusted over {n_compared} candidates: {adjusted}."


@dataclass(frozen=True)
class CandidateFamily:
    """Several candidates compared with one baseline, with Holm across candidates.

    Attributes
    ----------
    baseline : str
        The baseline's shown name (model name, else file name).
    baseline_source : str
        Its path or upload name as given.
    candidates : tuple of CandidateResult
        In the order given.
    options : CompareOptions
    warnings : tuple of str
        Candidates that are the same run, candidates compared with the baseline's own run.
    broken : tuple of BrokenQuestion
        Questions that at least two candidates got wrong but the baseline got right.
    """

    baseline: str
    baseline_source: str
    candidates: tuple[CandidateResult, ...]
    options: CompareOptions
    warnings: tuple[str, ...] = ()
    broken: tuple[BrokenQuestion, ...] = field(default=(), repr=False)

    @property
    def compared(self) -> tuple[CandidateResult, ...]:
        """The candidates that have a verdict."""
        return tuple(c for c in self.candidates if c.comparison is not None)

    @property
    def ranked(self) -> tuple[CandidateResult, ...]:
        """Safest first; candidates without a verdict last, in the order given."""
        with_rank = sorted((c for c in self.candidates if c.rank is not None), key=_rank_of)
        return (*with_rank, *(c for c in self.candidates if c.rank is None))

    def count(self, verdict: str) -> int:
        """How many candidates have this family verdict."""
        return sum(c.verdict == verdict for c in self.candidates)

    def summary(self) -> str:
        """One line: how many candidates, how many of each verdict."""
        parts = [
            f"{self.count(v):,} {FAMILY_VERDICT_TITLES[v].lower()}"
            for v in ("degraded", "inconclusive", "not_degraded", NO_VERDICT)
            if self.count(v)
        ]
        m = len(self.compared)
        return (
            f"{plural(len(self.candidates), 'candidate')} against baseline {self.baseline}: "
            f"{', '.join(parts)} (Holm across {plural(m, 'compared candidate')}, "
            f"alpha {self.options.alpha:g})."
        )

    def to_dict(self, provenance: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The JSON object of ``compare BASELINE CANDIDATE CANDIDATE ...`` (full precision)."""
        from core.degradation.present.family_text import family_dict

        return family_dict(self, provenance)

    def to_json(self, provenance: Mapping[str, Any] | None = None) -> str:
        """:meth:`to_dict` as strict JSON text."""
        return json.dumps(self.to_dict(provenance), indent=2, allow_nan=False, ensure_ascii=False)

    def to_text(self) -> str:
        """The terminal report: summary, one table, then the verdict sentences."""
        from core.degradation.present.family_text import family_text

        return family_text(self)

    def to_markdown(self) -> str:
        """The Markdown report (a pull-request comment): summary, one table, the sentences."""
        from core.degradation.present.family_text import family_markdown

        return family_markdown(self)


def _rank_of(candidate: CandidateResult) -> tuple[int, float, str]:
    result = candidate.comparison
    return (_SAFETY[candidate.verdict], result.pooled.ci_high, candidate.name)


def family_verdicts(
    candidates: Sequence[CandidateResult], alpha: float
) -> tuple[CandidateResult, ...]:
    """Holm across the candidates' combined p-values, the family verdicts and the ranks.

    Parameters
    ----------
    candidates : sequence of CandidateResult
        With ``comparison`` set for those compared (the others keep no verdict).
    alpha : float
        Family-wise false-positive rate.

    Returns
    -------
    tuple of CandidateResult
        The same candidates, in the same order, with ``pvalue_adjusted``, ``verdict`` and
        ``rank`` filled in.
    """
    compared = [k for k, c in enumerate(candidates) if c.comparison is not None]
    pvalues = [candidates[k].comparison.combined.pvalue for k in compared]
    adjusted = holm_adjust(pvalues, [True] * len(pvalues)) if pvalues else []
    out = list(candidates)
    for k, p_adj in zip(compared, adjusted):
        result = out[k].comparison
        verdict = result.verdict
        if verdict == "degraded" and p_adj > alpha:
            verdict = "inconclusive"  # significant alone, not across the family
        out[k] = replace(out[k], pvalue_adjusted=float(p_adj), verdict=verdict)
    order = sorted(compared, key=lambda k: _rank_of(out[k]))
    for rank, k in enumerate(order, start=1):
        out[k] = replace(out[k], rank=rank)
    return tuple(out)


def compare_candidates(
    baseline: Any,
    candidates: Sequence[tuple[str, Any, str | None]],
    options: CompareOptions,
    level: Level = "group",
    baseline_source: str = "",
    paired: Mapping[str, Any] | None = None,
) -> tuple[CandidateFamily, dict[str, Any]]:
    """Compare every candidate with one baseline; Holm across the candidates.

    Parameters
    ----------
    baseline : SampleScores
        Read once.
    candidates : sequence of (source, SampleScores or None, problem or None)
        Each candidate as given: its path or upload name, the run read (None when it could
        not be read) and why it could not be read.
    options : CompareOptions
    level : {"group", "task"}
    baseline_source : str
        The baseline's path or upload name (for the report).
    paired : mapping of str to PairedSamples, optional
        The pairings an earlier call returned for the same baseline, candidates and level,
        reused instead of pairing again (the page changes alpha or margin without re-pairing).

    Returns
    -------
    family : CandidateFamily
    paired : dict of str to PairedSamples
        Each compared candidate's pairing, by shown name (for the full view of one).

    Raises
    ------
    InputError
        When no candidate could be compared; the message names each and why.
    """
    from core.degradation.compare import compare_paired
    from core.degradation.data.pairing import pair_runs
    from core.degradation.data.pairing_checks import same_sides
    from core.errors import InputError
    from core.text_safety import one_line

    names = shown_names(
        baseline.model, [(source, run.model if run else None) for source, run, _ in candidates]
    )
    rows, paired_by_name, runs_by_name, warnings = [], {}, {}, []
    for name, (source, run, problem) in zip(names, candidates):
        comparison = None
        if run is not None:
            try:
                pairing = (paired or {}).get(name)
                if pairing is None:
                    pairing = pair_runs(baseline, run, level=level)
                comparison = compare_paired(pairing, options)
            except InputError as error:
                problem = one_line(error, 2000)
            else:
                paired_by_name[name], runs_by_name[name] = pairing, run
                warnings += [f"{name}: {w}" for w in same_sides(pairing)]
        rows.append(CandidateResult(name, source, comparison=comparison, problem=problem))
    if not paired_by_name:
        detail = "; ".join(f"{row.name}: {row.problem}" for row in rows)
        raise InputError(f"no candidate could be compared with the baseline. {detail}")
    warnings += same_candidates(runs_by_name, paired_by_name)
    family = CandidateFamily(
        baseline=baseline.model or _file_name(baseline_source or baseline.source),
        baseline_source=baseline_source or baseline.source,
        candidates=family_verdicts(rows, options.alpha),
        options=options,
        warnings=tuple(warnings),
        broken=broken_questions(paired_by_name),
    )
    return family, paired_by_name


def _file_name(path: object) -> str:
    return str(path).rstrip("/\\").replace("\\", "/").rsplit("/", 1)[-1]
