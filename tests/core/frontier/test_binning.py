"""Tie-aware equal-mass bins (core.frontier.boundary.binning): invariants on random data
with ties (hypothesis), the merge rule, edges of the index, refusals.

Complements test_binning_periods.py (the cut rule by hand and the paper's periods).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.frontier.boundary.binning import bin_index, clip_edges, equal_mass_edges

_values = st.lists(st.integers(0, 40).map(lambda v: 20 + v / 8), min_size=1, max_size=300)


@settings(max_examples=60, deadline=None)
@given(z=_values, n_bins=st.integers(1, 12), min_size=st.integers(1, 40))
def test_every_point_in_one_bin_ties_together_bins_big_enough(z, n_bins, min_size):
    z = np.asarray(z)
    edges = equal_mass_edges(z, n_bins, min_size)
    assert np.all(np.diff(edges[:-1]) > 0) and edges[-1] >= edges[-2]
    assert edges[0] == z.min() and edges[-1] == z.max()
    k = bin_index(z, edges)
    assert np.all(k >= 0)  # every training point is in a bin
    for value in np.unique(z):
        assert np.unique(k[z == value]).size == 1  # ties never split
    counts = np.bincount(k, minlength=edges.size - 1)
    assert counts.sum() == z.size
    assert len(counts) == 1 or counts.min() >= min_size
    assert len(counts) <= n_bins


def test_order_of_the_rows_does_not_matter():
    rng = np.random.default_rng(3)
    z = np.repeat(rng.uniform(20, 25, 30), rng.integers(1, 9, 30))
    assert equal_mass_edges(z, 6, 5).tolist() == equal_mass_edges(rng.permutation(z), 6, 5).tolist()


def test_a_small_bin_merges_into_its_smaller_neighbour():
    # cut rule gives bins of 2, 3, 3, 3, 3, 3, 3 on 0..19 (T = 2): see the hand example
    z = np.arange(20.0)
    edges = equal_mass_edges(z, 10, 3)
    counts = np.bincount(bin_index(z, edges))
    assert counts.min() >= 3
    # the first bin (2 points) can only merge to the right
    assert edges.tolist()[:2] == [0.0, 5.0]


def test_the_small_bin_joins_the_smaller_of_its_two_neighbours():
    # cut rule: bins of 5, 2 and 10 points; the middle one joins the left (5 <= 10)
    z = np.array([0.0] * 5 + [1.0] * 2 + [2.0] * 10)
    assert equal_mass_edges(z, 3, 3).tolist() == [0.0, 2.0, 2.0]
    # bins of 4, 1 and 2 points: the middle one joins the right (2 < 4)
    z = np.array([0.0, 0.0, 0.0, 1.0, 2.0, 3.0, 3.0])
    assert equal_mass_edges(z, 4, 2).tolist() == [0.0, 2.0, 3.0]


def test_merging_stops_at_one_bin():
    z = np.arange(10.0)
    edges = equal_mass_edges(z, 5, 100)
    assert edges.tolist() == [0.0, 9.0]
    assert bin_index(z, edges).tolist() == [0] * 10


@pytest.mark.parametrize(("z", "n_bins", "min_size"), [([], 10, 30), ([1.0], 0, 30), ([1.0], 3, 0)])
def test_refusals(z, n_bins, min_size):
    with pytest.raises(ValueError):
        equal_mass_edges(z, n_bins, min_size)


def test_bin_index_last_edge_closed_others_open():
    edges = [0.0, 1.0, 2.0]
    assert bin_index([-0.1, 0.0, 0.999, 1.0, 2.0, 2.1], edges).tolist() == [-1, 0, 0, 1, 1, -1]
    assert bin_index([0.0, 5.0], [3.0]).tolist() == [-1, -1]  # no bins at all


@pytest.mark.parametrize(("low", "high"), [(0.5, 2.5), (1.5, 3.0), (0.0, 3.0), (0.5, 2.2)])
def test_clipped_bins_hold_every_point_of_the_overlap(low, high):
    clipped = clip_edges([0.0, 1.0, 2.0, 3.0], low, high)
    assert np.all(bin_index(np.linspace(low, high, 41), clipped) >= 0)
    assert clipped[-1] == high


@pytest.mark.parametrize(
    ("low", "high", "kept", "binned", "outside"),
    [
        # the paper's rule: only the outer edges move; an emptied bin is dropped and its
        # neighbour keeps its own edge (points there are still binned)
        (0.0, 0.7, [0.0, 1.0, 2.0], [0.1, 0.9, 1.5], [2.2, 2.9]),
        (2.5, 3.0, [1.0, 2.0, 3.0], [1.5, 2.2, 2.9], [0.1, 0.9]),
    ],
)
def test_an_emptied_bin_is_dropped_and_its_neighbour_keeps_its_edge(
    low, high, kept, binned, outside
):
    clipped = clip_edges([0.0, 1.0, 2.0, 3.0], low, high)
    assert clipped.tolist() == kept
    assert np.all(bin_index(binned, clipped) >= 0)
    assert bin_index(outside, clipped).tolist() == [-1] * len(outside)
