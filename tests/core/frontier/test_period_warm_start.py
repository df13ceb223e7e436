"""Period fits warm-started from the full fit reach the default fits' optimum, with fewer fits.

The capability page's Over-time tab fits every benchmark period by period (backtest with the
paper's estimator, per-period boundaries with the page's). Warm starts from the fit on all
rows (``start=``) and one fit per set of rows must not change a number.
"""

from __future__ import annotations

import numpy as np
import pytest

from core.frontier.boundary.fit_settings import FitSettings
from core.frontier.boundary.sigmoid_fit import fit_frontier
from core.frontier.history import backtest as backtest_module
from core.frontier.history import period_boundaries as period_module
from core.frontier.history.backtest import backtest_frontier, warm_options
from core.frontier.history.period_boundaries import period_boundaries
from core.frontier.history.periods import paper_oll_periods

from .conftest import TASKS

BENCHMARKS = [TASKS["MATH Lvl 5"], TASKS["BBH"]]  # one advancing, one stable boundary


def _metrics(report):
    return np.array(
        [
            [p.signed_coverage_error, p.abs_coverage_error, p.excess_pinball, p.train_fit.objective]
            for p in report.periods
            if p.train_fit is not None
        ]
    )


@pytest.mark.parametrize("column", BENCHMARKS)
@pytest.mark.parametrize("scheme", ["single", "cumulative"])
def test_warm_backtest_equals_the_default_one(oll_dated_tables, column, scheme):
    table = oll_dated_tables[column]
    start = fit_frontier(table.log10_flops, table.score, tau=0.98, method="sharp")
    cold = backtest_frontier(table, paper_oll_periods(), scheme=scheme)
    warm = backtest_frontier(table, paper_oll_periods(), scheme=scheme, start=start)
    assert len(_metrics(warm)) == len(_metrics(cold)) >= 2
    np.testing.assert_allclose(_metrics(warm), _metrics(cold), rtol=0, atol=1e-9)
    for p, q in zip(warm.periods, cold.periods):
        assert [b.n for b in p.bins] == [b.n for b in q.bins]
        assert [b.coverage for b in p.bins] == [b.coverage for b in q.bins]


@pytest.mark.parametrize("method", ["sharp", "paper"])
def test_warm_period_boundaries_equal_the_default_ones(oll_dated_tables, method):
    table = oll_dated_tables[TASKS["MATH Lvl 5"]]
    settings = FitSettings(tau=0.98, method=method)
    start = fit_frontier(table.log10_flops, table.score, tau=0.98, method=method)
    args = (table.log10_flops, table.score, table.date, paper_oll_periods(), [1e23, 1e24])
    cold = period_boundaries(*args, settings=settings)
    warm = period_boundaries(*args, settings=settings, start=start)
    fitted = [p for p in cold.periods if p.fit is not None]
    assert len(fitted) >= 3
    for p, q in zip(warm.periods, cold.periods):
        assert p.label == q.label and p.n == q.n and p.note == q.note
        np.testing.assert_allclose(p.scores, q.scores, rtol=0, atol=1e-8)
        if q.fit is not None:
            assert p.fit.objective == pytest.approx(q.fit.objective, abs=1e-12)


def _count_fits(monkeypatch, module):
    calls = []
    real = module.fit_frontier

    def spy(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "fit_frontier", spy)
    return calls


def test_single_scheme_fits_each_period_once_and_warm_starts_it(oll_dated_tables, monkeypatch):
    table = oll_dated_tables[TASKS["BBH"]]
    start = fit_frontier(table.log10_flops, table.score, tau=0.98)
    calls = _count_fits(monkeypatch, backtest_module)
    report = backtest_frontier(table, paper_oll_periods(), start=start)
    fitted_pairs = [p for p in report.periods if p.bins]
    # pair t fits period t and refits period t + 1, which the next pair trains on
    assert len(calls) == len(fitted_pairs) + 1 < 2 * len(fitted_pairs)
    assert all(c["extra_starts"] == (start,) and c["n_survivors"] == 1 for c in calls)

    calls.clear()
    backtest_frontier(table, paper_oll_periods())  # no start: the defaults
    assert calls and all("extra_starts" not in c and "n_survivors" not in c for c in calls)


def test_period_boundaries_pass_the_warm_start(oll_dated_tables, monkeypatch):
    table = oll_dated_tables[TASKS["BBH"]]
    start = fit_frontier(table.log10_flops, table.score, tau=0.98)
    calls = _count_fits(monkeypatch, period_module)
    period_boundaries(
        table.log10_flops, table.score, table.date, paper_oll_periods(), [1e24], start=start
    )
    assert calls and all(c["extra_starts"] == (start,) for c in calls)
    assert warm_options(None) == {}
