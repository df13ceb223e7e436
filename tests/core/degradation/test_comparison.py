"""A Comparison renders itself (issue 14): the same texts the report functions write."""

from __future__ import annotations

import json

from core.degradation.compare import compare_paired
from core.degradation.data.pairing import pair_runs
from core.degradation.present import html_report, report, verdict_words

from .helpers import runs_from_counts


def test_a_comparison_renders_itself_as_the_reports_do():
    baseline, candidate = runs_from_counts({"gsm8k": (400, 20, 8), "arc": (300, 6, 9)})
    result = compare_paired(pair_runs(baseline, candidate))
    assert result.summary == verdict_words.verdict_sentence(result)
    assert result.to_text() == report.to_text(result)
    assert result.to_markdown() == report.to_markdown(result)
    assert result.to_dict() == report.to_dict(result)
    assert json.loads(result.to_json()) == json.loads(report.to_json(result))
    page = result.to_html(title="Nightly <check>")
    assert page == html_report.build_html_report(result, title="Nightly <check>")
    assert "Nightly &lt;check&gt;" in page and result.verdict in result.to_json()
