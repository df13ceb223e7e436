"""Boundaries at several tau (core.frontier.boundary.several_taus): sorting, refusals,
crossings counted before the repair."""

from __future__ import annotations

import numpy as np
import pytest

from core.frontier.boundary.several_taus import FrontierFamily, fit_frontier_family
from core.frontier.boundary.sigmoid_fit import FrontierFit


def _fit(y0, L, z_star, b, tau):
    return FrontierFit(y0, L, z_star, b, tau, 50, 1e-3, 0, 10, 20, 25, True, 1)


@pytest.mark.parametrize("taus", [[], [0.9, 0.9], [0.5, 0.9, 0.5]])
def test_empty_or_repeated_taus_are_refused(taus):
    with pytest.raises(ValueError, match="give distinct tau values"):
        fit_frontier_family([20, 21, 22], [0.1, 0.2, 0.3], taus)


def test_crossings_count_the_z_where_raw_fits_are_out_of_order():
    # two flat curves swapping order at z = 22: below, tau 0.9 is lower than tau 0.5
    low = _fit(0.3, 0.0, 22.0, 1.0, 0.5)
    high = _fit(0.1, 0.4, 22.0, 50.0, 0.9)  # ~0.1 below 22, ~0.5 above
    family = FrontierFamily((0.5, 0.9), (low, high))
    z = np.array([20.0, 21.0, 21.5, 22.5, 23.0])
    assert family.crossings(z) == 3
    raw = family.predict_unrearranged(z)
    fixed = family.predict(z)
    assert fixed.shape == raw.shape == (2, 5)
    assert fixed[:, 0].tolist() == sorted(raw[:, 0].tolist())
    assert fixed[:, 4].tolist() == raw[:, 4].tolist()  # already ordered: untouched


def test_scalar_z_gives_one_column():
    family = FrontierFamily((0.5,), (_fit(0.1, 0.5, 22.0, 1.0, 0.5),))
    assert family.predict(22.0).shape == (1, 1)
    assert family.predict(22.0)[0, 0] == pytest.approx(0.35)
    assert family.crossings(22.0) == 0


def test_options_reach_every_fit():
    rng = np.random.default_rng(0)
    z = rng.uniform(20, 25, 120)
    y = np.clip(0.1 + 0.5 / (1 + np.exp(-(z - 22.5))) + rng.normal(0, 0.03, 120), 0, 1)
    family = fit_frontier_family(z, y, [0.9, 0.5], lambda_b=0.01)
    assert family.taus == (0.5, 0.9)
    assert [f.tau for f in family.fits] == [0.5, 0.9]
    assert all(f.lambda_b == 0.01 for f in family.fits)
