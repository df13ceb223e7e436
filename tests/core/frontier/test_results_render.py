"""Frontier results render themselves (issue 14): a fit and a backtest to a dict, a fit to a
sentence; the same numbers the command line writes."""

from __future__ import annotations

import json
import math

from core.frontier import backtest_frontier, fit_frontier
from core.frontier.history.periods import quarterly_periods


def test_a_fit_renders_its_parameters_and_a_sentence(oll_tables):
    table = oll_tables["BBH Raw"]
    fit = fit_frontier(table.log10_flops, table.score, tau=0.98)
    record = fit.to_dict()
    assert list(record)[:4] == ["y0", "L", "z_star", "b"]
    assert record["y0"] == fit.y0 and record["lambda_b"] == fit.lambda_b  # full precision
    assert record["n"] == table.n and record["method"] == fit.method
    json.dumps(record, allow_nan=False)
    low, high = fit.predict([fit.log10_flops_min, fit.log10_flops_max])
    sentence = fit.summary
    assert sentence.startswith("At tau = 0.98, the boundary rises from ")
    assert f"{low:.2f} at " in sentence and f"to {high:.2f} at " in sentence
    assert f"fitted ceiling {fit.ceiling:.2f}" in sentence and f"{table.n:,} models" in sentence
    assert "e" in sentence.split(" FLOPs")[0].split(" at ")[-1]  # compute written as 2.4e22


def test_a_backtest_renders_every_period(oll_dated_tables):
    table = oll_dated_tables["MATH Lvl 5 Raw"]
    report = backtest_frontier(table, quarterly_periods(table.date), tau=0.98)
    record = report.to_dict()
    assert record["task"] == report.task and record["tau"] == 0.98
    assert len(record["periods"]) == len(report.periods) > 0
    assert record["periods"][0] == report.periods[0].to_dict()
    first = record["periods"][0]["signed_coverage_error"]
    assert first is None or math.isfinite(first)
    json.dumps(record, allow_nan=False)
