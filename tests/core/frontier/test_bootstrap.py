"""The bootstrap band (core.frontier.boundary.bootstrap): percentile intervals against
``numpy.quantile`` on hand-made refits, the widening, refusals, seeds and clusters.

Complements test_bootstrap_questions.py (coverage by simulation) and
test_bootstrap_warm_start.py (warm refits equal full refits).
"""

from __future__ import annotations

import numpy as np
import pytest

from core.frontier.boundary.bootstrap import BootstrapBand, bootstrap_frontier
from core.frontier.boundary.sigmoid_fit import FrontierFit, fit_frontier

FIT = FrontierFit(0.1, 0.6, 23.0, 1.5, 0.98, 50.0, 1e-3, 0.0, 100, 20.0, 25.0, True, 1)


def _band(widening=1.0, level=0.9):
    rng = np.random.default_rng(1)
    params = np.column_stack(
        [
            rng.normal(0.1, 0.02, 300),
            rng.normal(0.6, 0.05, 300),
            rng.normal(23, 0.3, 300),
            rng.uniform(1, 2, 300),
        ]
    )
    return BootstrapBand(FIT, params, level, 300, 300, False, 0, widening)


def test_replicates_are_the_closed_form_sigmoid_clipped():
    band = _band()
    z = np.array([19.0, 23.0, 30.0])
    y0, L, zs, b = band.params.T
    expected = np.clip(
        y0[:, None] + L[:, None] / (1 + np.exp(-b[:, None] * (z - zs[:, None]))), 0, 1
    )
    assert band.replicate_predictions(z) == pytest.approx(expected)
    assert band.replicate_predictions(23.0).shape == (300, 1)


@pytest.mark.parametrize("level", [0.8, 0.9, 0.95])
def test_interval_is_the_percentile_band_of_the_refits(level):
    band = _band(level=level)
    z = np.linspace(20, 25, 7)
    reps = band.replicate_predictions(z)
    a = (1 - level) / 2
    low, high = band.interval(z)
    assert low == pytest.approx(np.quantile(reps, a, axis=0))
    assert high == pytest.approx(np.quantile(reps, 1 - a, axis=0))
    wider_low, wider_high = band.interval(z, confidence_level=0.99)
    assert np.all(wider_low <= low) and np.all(wider_high >= high)


def test_widening_stretches_each_side_around_the_full_data_boundary():
    plain, wide = _band(), _band(widening=1.5)
    z = np.linspace(20, 25, 9)
    low, high = plain.interval(z)
    centre = FIT.predict(z)
    w_low, w_high = wide.interval(z)
    assert w_low == pytest.approx(np.clip(centre - 1.5 * (centre - low), 0, 1))
    assert w_high == pytest.approx(np.clip(centre + 1.5 * (high - centre), 0, 1))
    grid, mid, b_low, b_high = wide.band(grid_points=5)
    assert grid.tolist() == [20.0, 21.25, 22.5, 23.75, 25.0]
    assert mid == pytest.approx(FIT.predict(grid))
    assert np.all((b_low >= 0) & (b_high <= 1))


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"confidence_level": 1.0}, r"confidence_level must be in \(0, 1\)"),
        ({"confidence_level": 0.0}, r"confidence_level must be in \(0, 1\)"),
        ({"n_resamples": 9}, "use at least 10 resamples, got 9"),
    ],
)
def test_refusals(options, message):
    with pytest.raises(ValueError, match=message):
        bootstrap_frontier([20.0, 21.0, 22.0], [0.1, 0.2, 0.3], FIT, **options)


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(3)
    z = rng.uniform(20, 25, 80)
    y = np.clip(0.1 + 0.6 / (1 + np.exp(-1.5 * (z - 22.5))) - rng.exponential(0.05, 80), 0, 1)
    return z, y, fit_frontier(z, y, tau=0.9)


def test_seeded_clustered_and_reported(data):
    z, y, fit = data
    calls = []
    first = bootstrap_frontier(
        z, y, fit, n_resamples=12, seed=5, progress=lambda d, n: calls.append((d, n))
    )
    again = bootstrap_frontier(z, y, fit, n_resamples=12, seed=5)
    other = bootstrap_frontier(z, y, fit, n_resamples=12, seed=6)
    assert np.array_equal(first.params, again.params)
    assert not np.array_equal(first.params, other.params)
    assert calls == [(k, 12) for k in range(1, 13)]
    assert (first.n_clusters, first.clustered, first.seed, first.widening) == (80, False, 5, 1.0)
    families = np.repeat(np.arange(16), 5).astype(str)
    clustered = bootstrap_frontier(z, y, fit, clusters=families, n_resamples=10)
    assert (clustered.n_clusters, clustered.clustered) == (16, True)
    assert clustered.params.shape == (10, 4) and np.isfinite(clustered.params).all()
