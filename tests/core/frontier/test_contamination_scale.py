"""The contamination permutation test without an n x n hat matrix: same numbers, linear memory."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pandas as pd
import pytest

from core.frontier.analyses.contamination import _permuted_gammas, _strata, contamination_probe


def _table(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.05, 0.95, n)
    dates = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 700, n), unit="D")
    shift = 0.3 * (dates >= pd.Timestamp("2025-01-01"))
    y = np.clip(x + shift * 0.2 + rng.normal(0, 0.1, n), 0.01, 0.99)
    return x, y, dates


def _with_hat_matrix(X0, yk, dk, strata, n_permutations, seed):
    """The textbook computation: D~ = D - D H with the hat matrix H of [1, x]."""
    H = X0 @ np.linalg.pinv(X0)
    rng = np.random.default_rng(seed)
    D = np.tile(dk, (n_permutations, 1))
    for s in np.unique(strata):
        idx = np.flatnonzero(strata == s)
        D[:, idx] = rng.permuted(D[:, idx], axis=1)
    Dt = D - D @ H
    return (Dt @ yk) / np.einsum("ij,ij->i", Dt, Dt)


@pytest.mark.parametrize(
    ("n", "n_strata", "block_cells"), [(40, 1, 7), (300, 5, 2**21), (257, 3, 100)]
)
def test_permuted_gammas_equal_the_hat_matrix_computation(n, n_strata, block_cells) -> None:
    rng = np.random.default_rng(n)
    xk = rng.normal(size=n)
    dk = (rng.random(n) < 0.3).astype(float)
    yk = 0.8 * xk + 0.4 * dk + rng.normal(size=n)
    X0 = np.column_stack([np.ones(n), xk])
    strata = _strata(xk, n_strata)
    ours = _permuted_gammas(X0, yk, dk, strata, 199, 7, block_cells=block_cells)
    np.testing.assert_allclose(ours, _with_hat_matrix(X0, yk, dk, strata, 199, 7), rtol=1e-10)


def test_memory_grows_linearly_with_the_number_of_models() -> None:
    peaks = {}
    for n in (2_000, 20_000):
        x, y, dates = _table(n)
        tracemalloc.start()
        contamination_probe(x, y, dates, "2025-01-01", n_permutations=200)
        peaks[n] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    # An n x n matrix would take 3.2 GB at n = 20,000 (100 times the 2,000-row one).
    assert peaks[20_000] < 200e6
    assert peaks[20_000] < 20 * peaks[2_000]
