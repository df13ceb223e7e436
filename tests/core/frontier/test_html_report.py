"""The capability HTML report: small, readable at 1,000 px, with the computed extra results."""

from __future__ import annotations

import base64
import re
import struct
from dataclasses import replace

import pandas as pd
import pytest

from core.frontier.boundary.bootstrap import bootstrap_frontier
from core.frontier.boundary.sigmoid_fit import fit_frontier
from core.frontier.history.backtest import backtest_frontier
from core.frontier.history.periods import paper_oll_periods
from core.frontier.present.charts import boundary_chart
from core.frontier.present.html_report import REPORT_WIDTH, ReportSection, build_html_report
from core.frontier.present.results import BenchmarkBoundary

from .conftest import TASKS


@pytest.fixture(scope="module")
def all_results(oll_dated_tables):
    """Six OLL v2 benchmarks with the paper's periods and history, a band on the first."""
    results = []
    for name, column in TASKS.items():
        t = oll_dated_tables[column]
        fit = fit_frontier(t.log10_flops, t.score)
        backtest = backtest_frontier(t, paper_oll_periods(), tau=0.98)
        results.append(
            BenchmarkBoundary(name, t, fit, periods=paper_oll_periods(), backtest=backtest)
        )
    t = results[0].table
    band = bootstrap_frontier(t.log10_flops, t.score, results[0].fit, n_resamples=20)
    results[0] = replace(results[0], band=band)
    return results


def _png_widths(page: str) -> list[int]:
    widths = []
    for data in re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)", page):
        raw = base64.b64decode(data)
        assert raw[:8] == b"\x89PNG\r\n\x1a\n"
        widths.append(struct.unpack(">I", raw[16:20])[0])
    return widths


@pytest.mark.slow
def test_report_of_six_benchmarks_stays_under_2_mb_and_reads_at_1000_px(all_results):
    extra = ReportSection(
        "Evaluation budget: 10% of the pool's cost",
        ("Evaluating these **12 of 3,000 models** covers the compute range.",),
        table=pd.DataFrame({"model": ["<b>org/m</b>"], "FLOPs": ["3e24"]}),
        chart=boundary_chart(all_results[1]),
    )
    page = build_html_report(all_results, "IFEval", note="OLL v2", sections=[extra])
    assert len(page.encode()) < 2_000_000  # 10.9 MB with one SVG element per model
    widths = _png_widths(page)
    assert len(widths) == 4  # focus, all benchmarks, history, the budget section's chart
    # rendered at 1.5x: about 1,000 CSS px wide, no wider than the page's 1,200 px
    assert all(800 <= w / 1.5 <= 1200 for w in widths[:3]), widths
    assert REPORT_WIDTH <= 1000
    assert "<h2>Evaluation budget: 10% of the pool&#x27;s cost</h2>" in page
    assert "<strong>12 of 3,000 models</strong>" in page
    assert "&lt;b&gt;org/m&lt;/b&gt;" in page and "<b>org" not in page
    assert "MATH Lvl 5: the boundary is advancing" in page


def test_legends_and_titles_are_never_truncated(all_results, monkeypatch):
    seen = []
    monkeypatch.setattr(
        "core.frontier.present.html_report.chart_png",
        lambda chart, scale: seen.append(chart.to_dict()) or b"\x89PNG\r\n\x1a\n",
    )
    build_html_report(all_results[:2], "IFEval")
    assert seen
    for spec in seen:
        assert spec["config"]["legend"] == {"labelLimit": 0, "titleLimit": 0}
        assert spec["config"]["title"]["limit"] == 0
