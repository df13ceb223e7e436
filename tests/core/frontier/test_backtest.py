"""Out-of-period checks of a boundary (core.frontier.history.backtest): every metric is
recomputed here from the per-bin counts and the training fit, and the edge cases (no
dates, too few models, no overlap) say so instead of failing."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from core.errors import InputError
from core.frontier.data.table import load_boundary_tables
from core.frontier.history.backtest import backtest_frontier
from core.frontier.history.periods import Period, PeriodScheme, periods_from_cuts

CUTS = periods_from_cuts(["2024-07-01", "2024-10-01"])


def _table(z_ranges=((20, 24), (20.5, 24.5), (21, 25)), n=80, seed=0, shift=0.0, extra=()):
    rng = np.random.default_rng(seed)
    rows = []
    for k, ((lo, hi), day) in enumerate(zip(z_ranges, ("2024-03-01", "2024-08-01", "2024-11-01"))):
        z = rng.uniform(lo, hi, n)
        y = np.clip(0.1 + 0.6 / (1 + np.exp(-1.5 * (z - 22.5))) + k * shift, 0, 1)
        y = np.clip(y - rng.exponential(0.05, n), 0, 1)
        rows += [(f"m{k}-{i}", 10.0**zi, yi, day) for i, (zi, yi) in enumerate(zip(z, y))]
    rows += list(extra)
    frame = pd.DataFrame(rows, columns=["model", "flops", "acc", "date"])
    (table,) = load_boundary_tables(
        frame, ["acc"], flops="flops", flops_scale=1.0, date="date", model="model"
    )
    return table


@pytest.fixture(scope="module")
def report():
    return backtest_frontier(_table(), CUTS, n_bins=4, min_bin_size=10)


def test_metrics_are_the_per_bin_coverages_against_tau(report):
    assert [(p.train, p.test) for p in report.periods] == [
        ("before 2024-07-01", "2024-07-01 to 2024-09-30"),
        ("2024-07-01 to 2024-09-30", "from 2024-10-01"),
    ]
    for p in report.periods:
        cov = np.array([b.coverage for b in p.bins])
        n = np.array([b.n for b in p.bins])
        assert p.signed_coverage_error == pytest.approx(np.mean(cov - 0.98))
        assert p.abs_coverage_error == pytest.approx(np.mean(np.abs(cov - 0.98)))
        assert p.abs_coverage_error_micro == pytest.approx(np.sum(n * np.abs(cov - 0.98)) / n.sum())
        assert p.n_test_in_bins == n.sum() <= p.n_test == 80
        assert p.excess_pinball == pytest.approx(np.mean([b.excess_pinball for b in p.bins]))


def test_bin_coverage_is_the_share_at_or_below_the_old_boundary(report):
    table = _table()
    index = CUTS.assign(table.date)
    p = report.periods[0]
    z, y = table.log10_flops[index == 1], table.score[index == 1]
    q = p.train_fit.predict_paper_grid(z)
    for k, b in enumerate(p.bins):
        last = k == len(p.bins) - 1
        inside = (z >= b.low) & ((z <= b.high) if last else (z < b.high))
        assert b.n == int(inside.sum())
        assert b.coverage == pytest.approx(np.mean(y[inside] <= q[inside]))


def test_a_model_exactly_on_the_old_boundary_counts_as_covered(monkeypatch):
    from core.frontier.history import backtest

    class Flat:
        def __init__(self, *args, **kwargs):
            pass

        def predict_paper_grid(self, z):
            return np.full(np.shape(z), 0.5)

    monkeypatch.setattr(backtest, "fit_frontier", lambda *a, **k: Flat())
    rows = [(f"a{i}", 10.0 ** (20 + i / 10), 0.5, "2024-03-01") for i in range(30)]
    rows += [
        (f"b{i}", 10.0 ** (20 + i / 10), 0.5 if i % 2 else 0.6, "2024-08-01") for i in range(30)
    ]
    frame = pd.DataFrame(rows, columns=["model", "flops", "acc", "date"])
    (table,) = load_boundary_tables(
        frame, ["acc"], flops="flops", flops_scale=1.0, date="date", model="model"
    )
    (period,) = backtest_frontier(
        table, periods_from_cuts(["2024-07-01"]), n_bins=1, min_bin_size=1
    ).periods
    (only,) = period.bins
    assert only.coverage == pytest.approx(0.5)  # the 15 models at exactly 0.5 are covered


def test_cumulative_training_pools_the_earlier_periods():
    cumulative = backtest_frontier(_table(), CUTS, scheme="cumulative", n_bins=4, min_bin_size=10)
    assert [p.train for p in cumulative.periods] == [
        "before 2024-07-01",
        "before 2024-07-01 .. 2024-07-01 to 2024-09-30",
    ]
    assert [p.n_train for p in cumulative.periods] == [80, 160]
    assert cumulative.scheme == "cumulative"
    bounded = PeriodScheme(
        (
            Period("A", pd.Timestamp("2024-01-01"), pd.Timestamp("2024-07-01")),
            Period("B", pd.Timestamp("2024-07-01"), pd.Timestamp("2024-10-01")),
            Period("C", pd.Timestamp("2024-10-01"), pd.Timestamp("2025-01-01")),
        )
    )
    early = _table(extra=[(f"old{i}", 10.0**22, 0.3, "2023-01-01") for i in range(3)])
    pooled = backtest_frontier(early, bounded, scheme="cumulative", n_bins=4, min_bin_size=10)
    assert [p.n_train for p in pooled.periods] == [80, 160]  # models in no period never train


def test_an_advancing_boundary_has_a_negative_signed_error():
    rising = backtest_frontier(_table(shift=0.1), CUTS, n_bins=4, min_bin_size=10)
    assert all(p.signed_coverage_error < -0.1 for p in rising.periods)


def test_no_overlap_and_too_few_models_are_notes_with_nan_metrics():
    apart = _table(z_ranges=((20, 21), (23, 24), (23, 24)), n=40)
    report = backtest_frontier(apart, CUTS, n_bins=4, min_bin_size=10, min_train=3)
    first = report.periods[0]
    assert first.note == "training and test compute do not overlap"
    assert math.isnan(first.signed_coverage_error) and first.bins == ()
    few = backtest_frontier(_table(n=4), CUTS, min_train=5)
    assert all(
        p.note == "too few models or compute values to fit (need 5 and two values)"
        and p.train_fit is None
        for p in few.periods
    )


def test_dates_outside_every_period_are_counted_and_missing_dates_dropped_at_load():
    bounded = PeriodScheme(
        (
            Period("A", None, pd.Timestamp("2024-07-01")),
            Period("B", pd.Timestamp("2024-07-01"), pd.Timestamp("2024-10-01")),
            Period("C", pd.Timestamp("2024-10-01"), pd.Timestamp("2025-01-01")),
        )
    )
    late = _table(extra=[("late", 1e22, 0.3, "2030-01-01"), ("later", 1e22, 0.3, "2031-01-01")])
    assert backtest_frontier(late, bounded, n_bins=4, min_bin_size=10).n_without_period == 2
    undated = _table(extra=[("nodate", 1e22, 0.3, "")])
    assert undated.dropped["missing or unreadable date"] == 1
    assert backtest_frontier(undated, bounded, n_bins=4, min_bin_size=10).n_without_period == 0


def test_summary_has_one_row_per_pair(report):
    summary = report.summary
    assert len(summary) == 2
    assert summary["signed_coverage_error"].tolist() == pytest.approx(
        [p.signed_coverage_error for p in report.periods]
    )


def test_refusals():
    (undated,) = load_boundary_tables(
        pd.DataFrame({"m": ["a", "b", "c"], "f": [1e21, 1e22, 1e23], "acc": [0.1, 0.2, 0.3]}),
        ["acc"],
        flops="f",
        flops_scale=1.0,
        model="m",
    )
    with pytest.raises(
        InputError, match="the backtest needs dates; load the table with a date column"
    ):
        backtest_frontier(undated, CUTS)
    with pytest.raises(ValueError, match="scheme must be 'single' or 'cumulative'"):
        backtest_frontier(_table(n=5), CUTS, scheme="rolling")
