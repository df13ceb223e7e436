"""The HTML report of several candidates (core.degradation.present.family_report): words
follow the options, counts carry separators, long lists say they are cut, nothing runs.

Complements test_candidates.py (escaping of names and the provenance record).
"""

from __future__ import annotations

import re

import pytest

from core.degradation.candidate_checks import BrokenQuestion
from core.degradation.candidates import CandidateFamily, CandidateResult, family_verdicts
from core.degradation.compare import compare_paired
from core.degradation.comparison import CompareOptions
from core.degradation.data.pairing import pair_runs
from core.degradation.present.family_report import build_family_html

from .helpers import runs_from_counts

RECORD = {"command": "python -m core compare b a.csv", "settings": {}, "inputs": {}}


def _candidate(name, b, c, n, options):
    baseline, candidate = runs_from_counts({"task": (n, b, c)})
    return CandidateResult(
        name, f"{name}.csv", comparison=compare_paired(pair_runs(baseline, candidate), options)
    )


@pytest.fixture(scope="module")
def family():
    options = CompareOptions(confidence_level=0.9, alpha=0.01)
    rows = family_verdicts(
        [_candidate("big", 1_300, 1_100, 20_000, options), _candidate("small", 9, 2, 400, options)],
        options.alpha,
    )
    broken = tuple(BrokenQuestion("task", str(i), "task", ("big", "small")) for i in range(250))
    return CandidateFamily("base", "b", rows, options, warnings=("w<1>",), broken=broken)


def test_interval_level_and_counts_follow_the_options_and_carry_separators(family):
    html = build_family_html(family, RECORD)
    assert "(90% CI " in html and "95% CI" not in html
    assert "<td>1,300 / 1,100</td>" in html
    assert html.count("<tr class=") == 2  # one row per compared candidate


def test_a_long_list_of_broken_questions_says_it_is_cut(family):
    html = build_family_html(family, RECORD)
    assert "(first 200 of 250)" in html
    assert html.count("<td>big, small</td>") == 200


def test_no_script_and_every_warning_escaped(family):
    html = build_family_html(family, RECORD, chart_svg="<svg><text>chart</text></svg>")
    assert not re.search(r"<script", html, re.IGNORECASE)
    assert "<li class='warn'>w&lt;1&gt;</li>" in html
    assert "<svg><text>chart</text></svg>" in html  # embedded as given
    assert html.startswith("<!doctype html>") and html.endswith("</body></html>")


def test_without_broken_questions_there_is_no_such_section(family):
    plain = CandidateFamily("base", "b", family.candidates, family.options)
    assert "Questions several candidates" not in build_family_html(plain, RECORD)
