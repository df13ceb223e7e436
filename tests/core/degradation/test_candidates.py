"""Several candidates against one baseline: Holm across candidates, rows, ranks, reports."""

from __future__ import annotations

import math

import numpy as np
import pytest
from statsmodels.stats.multitest import multipletests

from core.degradation.candidates import (
    CandidateFamily,
    CandidateResult,
    broken_questions,
    family_verdicts,
    shown_names,
)
from core.degradation.compare import compare_paired
from core.degradation.comparison import CompareOptions
from core.degradation.data.pairing import pair_runs

from .helpers import paired_from_arrays, runs_from_counts


def _candidate(name: str, b: int, c: int, n: int = 1000) -> CandidateResult:
    baseline, candidate = runs_from_counts({"task": (n, b, c)})
    comparison = compare_paired(pair_runs(baseline, candidate))
    return CandidateResult(name, f"{name}.csv", comparison=comparison)


def _family(counts: dict[str, tuple[int, int]]) -> tuple[CandidateResult, ...]:
    rows = [_candidate(name, b, c) for name, (b, c) in counts.items()]
    return family_verdicts(rows, 0.05)


def test_adjusted_p_values_are_holms_and_where_holm_differs_from_bonferroni_the_verdict_follows_holm():
    # one-sided exact McNemar p: 0.0067, 0.0222, 0.161. Holm: 0.0202, 0.0444, 0.161;
    # Bonferroni would give 0.0666 to the second (not degraded).
    rows = _family({"a": (40, 20), "b": (32, 17), "c": (29, 21)})
    raw = [row.comparison.combined.pvalue for row in rows]
    expected = multipletests(raw, method="holm")[1]
    np.testing.assert_allclose([row.pvalue_adjusted for row in rows], expected, rtol=1e-12)
    bonferroni = multipletests(raw, method="bonferroni")[1]
    assert bonferroni[1] > 0.05 >= expected[1]  # the case separates Holm from Bonferroni
    assert [row.verdict for row in rows][:2] == ["degraded", "degraded"]
    assert rows[2].verdict != "degraded"


def test_significant_alone_but_not_after_holm_is_inconclusive_and_says_so():
    # p = 0.029 alone (degraded); Holm over three candidates gives 0.087.
    rows = _family({"kv": (35, 20), "x": (29, 21), "y": (25, 25)})
    kv = rows[0]
    assert kv.comparison.verdict == "degraded"
    assert kv.pvalue_adjusted == pytest.approx(3 * kv.comparison.combined.pvalue)
    assert kv.verdict == "inconclusive" and kv.downgraded
    title, body = kv.sentence(3, 0.05)
    assert title == "Inconclusive"
    assert "On its own this would be called degraded" in body and "p = 0.09" in body


def test_one_candidate_keeps_its_own_p_value_and_verdict():
    (row,) = _family({"only": (35, 20)})
    assert row.pvalue_adjusted == row.comparison.combined.pvalue
    assert row.verdict == row.comparison.verdict == "degraded"
    assert row.rank == 1


def test_ranks_safest_first_and_candidates_without_verdict_keep_no_rank():
    rows = [
        _candidate("worst", 60, 20),
        CandidateResult("broken", "broken.csv", problem="shares no task with the baseline"),
        _candidate("safe", 20, 22, n=20_000),
        _candidate("middle", 35, 30),
    ]
    out = family_verdicts(rows, 0.05)
    by_name = {row.name: row for row in out}
    assert by_name["safe"].rank == 1 and by_name["worst"].rank == 3
    assert by_name["broken"].rank is None and by_name["broken"].verdict == "no_verdict"
    assert math.isnan(by_name["broken"].pvalue_adjusted)
    family = CandidateFamily("base", "base.csv", out, CompareOptions())
    assert [row.name for row in family.ranked] == ["safe", "middle", "worst", "broken"]
    payload = family.to_dict()
    assert payload["adjustment"] == "holm" and payload["n_compared"] == 3
    broken = next(row for row in payload["candidates"] if row["candidate"] == "broken")
    assert broken["verdict"] is None and "no task" in broken["problem"]
    # Holm over the 3 compared, not 4
    raw = [by_name[n].comparison.combined.pvalue for n in ("worst", "safe", "middle")]
    np.testing.assert_allclose(
        [by_name[n].pvalue_adjusted for n in ("worst", "safe", "middle")],
        multipletests(raw, method="holm")[1],
    )
    assert "no verdict: shares no task" in family.to_text()


def test_names_from_files_are_escaped_in_text_and_markdown():
    row = _candidate("evil|name\x1b[31m", 60, 20)
    family = CandidateFamily("base", "b", family_verdicts([row], 0.05), CompareOptions())
    assert "\x1b" not in family.to_text() and "\\x1b" in family.to_text()
    markdown = family.to_markdown()
    assert "evil\\|name" in markdown and "\x1b" not in markdown


def test_broken_questions_lists_items_several_candidates_broke():
    sizes = (4,)
    base = np.array([1, 1, 1, 0.0])
    pairs = {
        "A": paired_from_arrays(sizes, base, np.array([0, 0, 1, 0.0])),
        "B": paired_from_arrays(sizes, base, np.array([0, 1, 0, 1.0])),
        "C": paired_from_arrays(sizes, base, np.array([0, 0, 1, 0.0])),
    }
    broken = broken_questions(pairs)
    assert [(q.item_id, q.candidates) for q in broken] == [
        ("0", ("A", "B", "C")),
        ("1", ("A", "C")),
    ]
    assert broken_questions(pairs, min_candidates=1)[-1].candidates == ("B",)


def test_shown_names_prefer_a_distinct_model_name_else_the_file():
    names = shown_names(
        "m-base",
        [
            ("runs/kv.zip", "m-kv"),
            ("runs/rerun.zip", "m-base"),
            ("x/a.csv", None),
            ("y/a.csv", None),
        ],
    )
    assert names == ["m-kv", "rerun.zip", "x/a.csv", "y/a.csv"]
    assert shown_names(None, [("a.csv", None), ("a.csv", None)]) == ["a.csv", "a.csv (2)"]


def test_family_wise_false_positive_rate_with_five_lossless_candidates():
    """Seeded, through compare_paired and family_verdicts: Holm holds the family-wise rate at
    alpha; without the adjustment the chance of flagging a harmless candidate is far larger."""
    rng = np.random.default_rng(20261130)
    sizes = (200, 100)
    options = CompareOptions(calibration_draws=1000)
    reps, n_candidates, alpha = 240, 5, options.alpha
    any_holm = any_raw = 0
    for _ in range(reps):
        # a lossless change is a rerun: every run draws each item's score from the same
        # per-item chance (most items easy or hard, a fifth a coin toss)
        chance = rng.choice([0.97, 0.03, 0.5], size=sum(sizes), p=[0.5, 0.3, 0.2])
        baseline = (rng.random(chance.size) < chance).astype(float)
        rows = []
        for k in range(n_candidates):
            candidate = (rng.random(chance.size) < chance).astype(float)
            result = compare_paired(paired_from_arrays(sizes, baseline, candidate), options)
            rows.append(CandidateResult(f"c{k}", f"c{k}", comparison=result))
        out = family_verdicts(rows, alpha)
        any_holm += any(row.verdict == "degraded" for row in out)
        any_raw += any(row.comparison.verdict == "degraded" for row in out)
    holm_rate, raw_rate = any_holm / reps, any_raw / reps
    mc_error = math.sqrt(alpha * (1 - alpha) / reps)
    print(f"family-wise false-positive rate: Holm {holm_rate:.3f}, unadjusted {raw_rate:.3f}")
    assert holm_rate <= alpha + 2 * mc_error
    assert raw_rate > alpha + 2 * mc_error > holm_rate  # the adjustment matters


def test_same_model_with_identical_scores_is_a_warning_different_scores_are_not():
    from core.degradation.candidates import same_candidates

    baseline, first = runs_from_counts({"t": (200, 20, 5)}, seed=1)
    _, other = runs_from_counts({"t": (200, 20, 5)}, seed=2)  # same counts, other items
    runs = {"a": first, "b": first, "c": other}
    paired = {name: pair_runs(baseline, run) for name, run in runs.items()}
    warnings = same_candidates(runs, paired)
    assert len(warnings) == 1
    assert warnings[0].startswith("candidates a and b carry the same model name (cand-model)")


def test_family_chart_rows_flag_cells_within_each_candidate_and_facet_by_candidate():
    from core.degradation.present.family_charts import family_chart, family_rows

    baseline, worse = runs_from_counts({"gsm8k": (3000, 160, 60), "arc": (1000, 30, 31)})
    other_baseline, same = runs_from_counts({"gsm8k": (3000, 50, 52), "arc": (1000, 30, 31)})
    rows = [
        CandidateResult(name, name, comparison=compare_paired(pair_runs(base, run)))
        for name, base, run in (("worse", baseline, worse), ("same", other_baseline, same))
    ]
    family = CandidateFamily("base", "b", family_verdicts(rows, 0.05), CompareOptions())
    cells = {(r["candidate"], r["unit"]): r for r in family_rows(family)}
    assert cells[("worse", "gsm8k")]["status"] == "worse (flagged)"
    assert cells[("worse", "arc")]["status"] == "no clear change"
    assert cells[("same", "gsm8k")]["status"] == "no clear change"
    assert cells[("worse", "All benchmarks (pooled)")]["status"] == "pooled"
    assert cells[("worse", "gsm8k")]["delta"] == pytest.approx(100 / 3000 * 100)
    assert [r["candidate"] for r in family_rows(family)][0] == "same"  # safest first
    spec = family_chart(family).to_dict()
    assert spec["facet"]["column"]["field"] == "candidate"
    # the shared axis holds every interval whole, zero included
    low, high = spec["spec"]["layer"][1]["encoding"]["x"]["scale"]["domain"]
    rows_ = family_rows(family)
    assert low <= min(0, *(r["low"] for r in rows_))
    assert high >= max(r["high"] for r in rows_)


def test_rank_is_by_the_worst_drop_the_interval_allows_not_by_the_point_estimate():
    # both degraded; "wide" has the smaller drop (4 points) but an interval reaching further
    rows = family_verdicts(
        [_candidate("wide", 30, 10, n=500), _candidate("tight", 1300, 400, n=20_000)], 0.05
    )
    wide, tight = rows
    assert wide.verdict == tight.verdict == "degraded"
    assert wide.comparison.pooled.delta < tight.comparison.pooled.delta
    assert wide.comparison.pooled.ci_high > tight.comparison.pooled.ci_high
    assert (tight.rank, wide.rank) == (1, 2)


def test_family_html_report_escapes_names_and_records_inputs():
    from core.degradation.present.family_report import build_family_html

    rows = [
        _candidate("<img src=x onerror=alert(1)>", 60, 20),
        CandidateResult("broken<b>", "broken.csv", problem="shares no <task>"),
    ]
    family = CandidateFamily("base", "b", family_verdicts(rows, 0.05), CompareOptions())
    record = {
        "command": "python -m core compare b a.csv broken.csv",
        "settings": {"alpha": 0.05},
        "inputs": {
            "baseline": [{"name": "b", "sha256": "0" * 64, "size": 1234}],
            "candidates": [
                {"source": "a.csv", "files": [{"name": "a.csv", "sha256": "f" * 64, "size": 5}]}
            ],
        },
        "app_version": "0.1.0",
        "created": "2026-11-30T00:00:00+00:00",
    }
    report = build_family_html(family, record)
    assert "<img" not in report and "&lt;img src=x" in report
    assert "broken&lt;b&gt;" in report and "no verdict: shares no &lt;task&gt;" in report
    assert "f" * 64 in report and "1,234" in report and "alpha = 0.05" in report
