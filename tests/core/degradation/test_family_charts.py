"""Rows and domain of the benchmarks x candidates chart
(core.degradation.present.family_charts)."""

from __future__ import annotations

import pytest

from core.degradation.candidates import CandidateFamily, CandidateResult, family_verdicts
from core.degradation.compare import compare_paired
from core.degradation.comparison import CompareOptions
from core.degradation.data.pairing import pair_runs
from core.degradation.present.family_charts import family_chart, family_rows

from .helpers import runs_from_counts


@pytest.fixture(scope="module")
def family():
    options = CompareOptions(confidence_level=0.8)
    rows = []
    for name, counts in (
        ("worse", {"arc": (2_000, 120, 20), "gsm": (1_000, 10, 12)}),
        ("same", {"arc": (2_000, 20, 20), "gsm": (1_000, 10, 10)}),
    ):
        baseline, candidate = runs_from_counts(counts)
        rows.append(
            CandidateResult(
                name, name, comparison=compare_paired(pair_runs(baseline, candidate), options)
            )
        )
    rows.append(CandidateResult("unread", "x", problem="no file"))
    return CandidateFamily("base", "b", family_verdicts(rows, 0.05), options)


def test_rows_are_points_with_the_pooled_row_last_and_unread_candidates_left_out(family):
    rows = family_rows(family)
    assert [r["candidate"] for r in rows] == ["same"] * 3 + ["worse"] * 3  # safest first
    worse = {r["unit"]: r for r in rows if r["candidate"] == "worse"}
    result = next(c for c in family.candidates if c.name == "worse").comparison
    arc = next(u for u in result.units if u.unit == "arc")
    assert worse["arc"]["delta"] == pytest.approx(arc.delta * 100)
    assert (worse["arc"]["low"], worse["arc"]["high"]) == pytest.approx(
        (arc.ci_low * 100, arc.ci_high * 100)
    )
    assert worse["arc"]["status"] == "worse (flagged)" and worse["arc"]["flagged"]
    assert worse["gsm"]["status"] == "no clear change"
    assert worse["All benchmarks (pooled)"]["status"] == "pooled"
    assert worse["All benchmarks (pooled)"]["delta"] == pytest.approx(result.pooled.delta * 100)


def test_chart_axis_holds_zero_and_every_interval_and_names_the_level(family):
    spec = family_chart(family).to_dict()
    layers = spec["spec"]["layer"]
    rule = next(layer for layer in layers if "x2" in layer.get("encoding", {}))
    x = rule["encoding"]["x"]
    low, high = x["scale"]["domain"]
    rows = family_rows(family)
    assert low <= min(0.0, *(r["low"] for r in rows))
    assert high >= max(0.0, *(r["high"] for r in rows))
    assert x["title"] == "drop, points (80% interval)"
