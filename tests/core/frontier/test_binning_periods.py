"""Tie-aware equal-mass bins and period schemes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core.frontier.boundary.binning import bin_index, clip_edges, equal_mass_edges
from core.frontier.history.periods import paper_oll_periods, periods_from_cuts, quarterly_periods


def test_ties_are_never_split():
    rng = np.random.default_rng(0)
    z = np.repeat(rng.uniform(20, 25, 40), rng.integers(1, 30, 40))
    edges = equal_mass_edges(z, 10, 30)
    k = bin_index(z, edges)
    for value in np.unique(z):
        assert np.unique(k[z == value]).size == 1
    counts = np.bincount(k)
    assert counts.min() >= 30 or counts.size == 1
    assert counts.sum() == z.size


def test_cut_rule_by_hand():
    # n = 20, 10 bins -> T = 2. The point at floor(s + T) opens the next bin, and counting
    # restarts after its tie group (s = index after the group): cuts at 2, 5, 8, ..., 17.
    # This literal rule is the one that reproduces the paper's 5/5/8 bins and Figure 3a.
    z = np.arange(20.0)
    assert equal_mass_edges(z, 10, 1).tolist() == [0, 2, 5, 8, 11, 14, 17, 19]
    # The tie group at positions 1-3 is kept whole and counting restarts at position 4.
    z = np.array([0, 1, 1, 1, 4, 5, 6, 7, 8, 9.0])
    assert equal_mass_edges(z, 5, 1).tolist() == [0, 1, 6, 9, 9]


def test_single_value_and_merging():
    assert bin_index([3.0, 3.0], equal_mass_edges([3.0, 3.0])).tolist() == [0, 0]
    z = np.arange(100.0)
    edges = equal_mass_edges(z, 10, 30)
    assert np.all(np.bincount(bin_index(z, edges)) >= 30)


def test_clip_edges_and_outside_points():
    edges = np.array([0.0, 1.0, 2.0, 3.0])
    clipped = clip_edges(edges, 0.5, 2.5)
    assert clipped.tolist() == [0.5, 1.0, 2.0, 2.5]
    assert bin_index([0.4, 0.5, 2.5, 2.6], clipped).tolist() == [-1, 0, 2, -1]
    # Only the outer edges move (as in the paper's code): a bin wholly below the overlap
    # is dropped and the next bin keeps its own opening edge.
    assert clip_edges(edges, 1.5, 2.5).tolist() == [1.0, 2.0, 2.5]


def test_periods_from_cuts_and_quarters():
    scheme = periods_from_cuts(["2024-07-01", "2024-10-01"])
    dates = ["2024-06-30", "2024-07-01", "2024-12-31", None, "garbage"]
    assert scheme.assign(dates).tolist() == [0, 1, 2, -1, -1]
    with pytest.raises(ValueError, match="increasing"):
        periods_from_cuts(["2024-10-01", "2024-07-01"])
    q = quarterly_periods(pd.Series(["2024-01-05"] * 40 + ["2024-05-01"] * 5 + ["2024-08-01"]))
    assert q.labels == ("2024Q1", "2024Q2", "2024Q3")
    q = quarterly_periods(["2023-01-05"] * 3 + ["2024-05-01"] * 40, min_size=30)
    assert q.labels[0] == "up to 2024Q2"


def test_paper_periods():
    scheme = paper_oll_periods()
    assert scheme.assign(
        ["2023-01-01", "2024-09-30", "2024-10-01", "2025-03-13", "2025-04-01"]
    ).tolist() == [0, 1, 2, 3, -1]
