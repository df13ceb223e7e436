"""Questions asked of a fitted boundary (core.frontier.boundary.questions): the score at a
compute, the compute for a score, the ceiling.

References: the closed-form sigmoid y0 + L / (1 + exp(-b (z - z*))) and its derivative
L b s (1 - s), checked against a central finite difference; percentile intervals against
``numpy.quantile`` on hand-made bootstrap parameters.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest

from core.errors import InputError
from core.frontier.boundary.questions import attainable_score, ceiling, compute_needed
from core.frontier.boundary.sigmoid_fit import FrontierFit

FIT = FrontierFit(0.1, 0.6, 23.0, 1.5, 0.98, 50, 1e-3, 0.0, 100, 20.0, 25.0, True, 1)


def _boundary(z):
    return 0.1 + 0.6 / (1 + math.exp(-1.5 * (z - 23.0)))


@pytest.mark.parametrize("score", [0.11, 0.3, 0.4, 0.65, 0.69])
def test_compute_needed_inverts_the_closed_form(score):
    got = compute_needed(FIT, score)
    assert got.status == "reachable"
    assert _boundary(got.log10_flops) == pytest.approx(score, rel=1e-12)
    assert got.flops == pytest.approx(10**got.log10_flops, rel=1e-12)
    assert got.extrapolated == (not 20.0 <= got.log10_flops <= 25.0)


def test_half_way_score_is_reached_at_z_star():
    assert compute_needed(FIT, 0.4).log10_flops == pytest.approx(23.0, abs=1e-12)


@pytest.mark.parametrize(
    ("score", "status", "sign"),
    [
        (0.1, "at or below floor", -1),
        (0.05, "at or below floor", -1),
        (0.7, "above ceiling", 1),
        (0.9, "above ceiling", 1),
    ],
)
def test_scores_outside_the_boundary_say_why(score, status, sign):
    got = compute_needed(FIT, score)
    assert got.status == status
    assert got.log10_flops == sign * math.inf
    assert not got.extrapolated


@pytest.mark.parametrize("score", [-0.1, 1.5, 75])
def test_a_score_outside_zero_one_is_refused_in_one_line(score):
    with pytest.raises(InputError, match=r"score must be in \[0, 1\] \(a fraction, not percent\)"):
        compute_needed(FIT, score)


@pytest.mark.parametrize("flops", [0, -1e24, math.inf, math.nan])
def test_attainable_needs_positive_finite_flops(flops):
    with pytest.raises(InputError, match="compute must be positive FLOPs such as 1e24"):
        attainable_score(FIT, [1e23, flops])


def test_attainable_score_is_the_boundary_and_flags_extrapolation():
    answers = attainable_score(FIT, [1e19, 1e23, 1e25, 1e26])
    assert [a.extrapolated for a in answers] == [True, False, False, True]
    for a in answers:
        assert a.score == pytest.approx(_boundary(math.log10(a.flops)), rel=1e-12)
        assert math.isnan(a.ci_low) and math.isnan(a.confidence_level)


def test_ceiling_headroom_z90_and_slope():
    c = ceiling(FIT)
    assert c.ceiling == pytest.approx(0.7) and c.headroom == pytest.approx(0.3)
    assert _boundary(c.log10_flops_90) == pytest.approx(0.9 * 0.7, rel=1e-12)
    h = 1e-6
    slope = (_boundary(25.0 + h) - _boundary(25.0 - h)) / (2 * h)
    assert c.slope_at_max == pytest.approx(slope, rel=1e-6)
    assert math.isnan(c.ci_low)


def _band(params, level=0.9, widening=1.0):
    return SimpleNamespace(
        params=np.asarray(params, float), confidence_level=level, widening=widening
    )


def test_intervals_are_percentiles_of_the_bootstrap_fits():
    rng = np.random.default_rng(0)
    params = np.column_stack(
        [
            rng.normal(0.1, 0.01, 400),
            rng.normal(0.6, 0.02, 400),
            rng.normal(23.0, 0.2, 400),
            np.full(400, 1.5),
        ]
    )
    band = _band(params)
    c = ceiling(FIT, band)
    low, high = np.quantile(params[:, 0] + params[:, 1], [0.05, 0.95])
    assert (c.ci_low, c.ci_high) == pytest.approx((low, high))
    need = compute_needed(FIT, 0.4, band)
    zs = (
        params[:, 2]
        + np.log((0.4 - params[:, 0]) / params[:, 1] / (1 - (0.4 - params[:, 0]) / params[:, 1]))
        / 1.5
    )
    low, high = np.quantile(zs, [0.05, 0.95], method="inverted_cdf")
    assert (need.ci_low_log10_flops, need.ci_high_log10_flops) == pytest.approx((low, high))
    wider = compute_needed(FIT, 0.4, band, confidence_level=0.99)
    assert (
        wider.ci_low_log10_flops < need.ci_low_log10_flops
        and wider.ci_high_log10_flops > need.ci_high_log10_flops
    )


def test_widening_stretches_the_interval_around_the_estimate():
    params = [[0.1, 0.6, 22.0, 1.5], [0.1, 0.6, 23.5, 1.5]] * 10
    plain = compute_needed(FIT, 0.4, _band(params))
    wide = compute_needed(FIT, 0.4, _band(params, widening=2.0))
    centre = plain.log10_flops
    assert wide.ci_low_log10_flops == pytest.approx(
        centre - 2 * (centre - plain.ci_low_log10_flops)
    )
    assert wide.ci_high_log10_flops == pytest.approx(
        centre + 2 * (plain.ci_high_log10_flops - centre)
    )
    top = ceiling(FIT, _band([[0.3, 0.65, 23, 1.5], [0.1, 0.5, 23, 1.5]] * 5, widening=3.0))
    assert top.ci_high <= 1.0 and top.ci_low >= 0.0  # clipped to scores
