"""Seeded rows around a sigmoid boundary with bootstrap-like integer weights, shared by the
tests of the objective (``test_fit_terms``) and of its fast paths (``test_fit_fast_paths``)."""

from __future__ import annotations

import numpy as np
from scipy.special import expit


def sigmoid_rows(n: int, ties: bool, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(z, y, w): log10 compute on [20, 25] (rounded to 0.1 when ``ties``, so many rows share
    a z), scores below a sigmoid, and weights 0-3 as a resample draws them."""
    rng = np.random.default_rng(seed)
    z = rng.uniform(20.0, 25.0, n)
    if ties:
        z = np.round(z, 1)
    y = np.clip(0.1 + 0.6 * expit(1.5 * (z - 23.0)) - rng.exponential(0.05, n), 0.0, 1.0)
    w = rng.integers(0, 4, n).astype(float)
    return z, y, w
