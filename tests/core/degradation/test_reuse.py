"""What the page reuses between reruns: pairings across option changes, chart conversions."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

import core.chart_export as charts
import core.degradation.data.pairing as pairing_module
from core.degradation.candidates import compare_candidates
from core.degradation.comparison import CompareOptions

from .helpers import runs_from_counts


def _family_inputs():
    baseline, worse = runs_from_counts({"a": (400, 30, 10), "b": (300, 12, 10)})
    _, other = runs_from_counts({"a": (400, 14, 12), "b": (300, 9, 11)}, seed=1)
    other = type(other)(
        baseline.scores.assign(score=other.scores["score"].to_numpy()),
        "other",
        "test",
        "other-model",
        other.tasks,
    )
    return baseline, [("worse.csv", worse, None), ("other.csv", other, None)]


def test_pairings_of_an_earlier_call_are_reused_and_give_the_same_family(monkeypatch):
    baseline, candidates = _family_inputs()
    first, paired = compare_candidates(baseline, candidates, CompareOptions(), level="group")
    options = CompareOptions(alpha=0.01, margin=0.02, pvalue_method="mid-p")
    fresh, fresh_paired = compare_candidates(baseline, candidates, options, level="group")

    def no_pairing(*args, **kwargs):
        raise AssertionError("paired again although the pairings were given")

    monkeypatch.setattr(pairing_module, "pair_runs", no_pairing)
    reused, reused_paired = compare_candidates(
        baseline, candidates, options, level="group", paired=paired
    )
    assert reused.to_json() == fresh.to_json()  # every number, verdict, rank and sentence
    assert reused.to_json() != first.to_json()  # the options did change the family
    assert all(reused_paired[name] is paired[name] for name in paired)
    assert set(reused_paired) == set(fresh_paired)


def test_a_candidate_missing_from_the_given_pairings_is_paired(monkeypatch):
    baseline, candidates = _family_inputs()
    _, paired = compare_candidates(baseline, candidates, CompareOptions(), level="group")
    calls = []
    original = pairing_module.pair_runs
    monkeypatch.setattr(
        pairing_module, "pair_runs", lambda *a, **k: calls.append(1) or original(*a, **k)
    )
    first_name = next(iter(paired))
    compare_candidates(
        baseline,
        candidates,
        CompareOptions(),
        level="group",
        paired={first_name: paired[first_name]},
    )
    assert len(calls) == 1


MARK = "test_reuse chart"  # other threads (the page's prewarming) may convert other charts


def _chart(values):
    frame = pd.DataFrame({"x": values, "y": [1, 2]})
    return alt.Chart(frame, title=MARK).mark_point().encode(x="x", y="y")


@pytest.mark.parametrize(
    "convert, name", [(charts.chart_svg, "vegalite_to_svg"), (charts.chart_png, "vegalite_to_png")]
)
def test_chart_conversions_are_remembered_by_the_full_spec(monkeypatch, convert, name):
    import vl_convert

    charts._svg.cache_clear()
    charts._png.cache_clear()
    specs = []
    original = getattr(vl_convert, name)

    def counting(spec, *args, **kwargs):
        if MARK in spec:
            specs.append(spec)
        return original(spec, *args, **kwargs)

    monkeypatch.setattr(vl_convert, name, counting)
    one = convert(_chart([0.5, 1.5]))
    assert convert(_chart([0.5, 1.5])) == one and len(specs) == 1  # same spec: converted once
    other = convert(_chart([0.5, 2.5]))  # other data: converted again, another image
    assert len(specs) == 2 and other != one
