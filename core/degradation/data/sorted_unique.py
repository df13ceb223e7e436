"""Sorted unique values by sorting, not hashing.

numpy 2.4's ``np.unique`` without ``return_index``/``return_inverse`` hashes the values: on a
million distinct int64 keys it took 0.7 s against 6 ms for a sort and a comparison of
neighbours (the result is the same). Pairing a million items per side called it several
times (issue 13: 10^6 samples per side in under 5 s).
"""

from __future__ import annotations

import numpy as np


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` for integer or bytes arrays: the distinct values, sorted."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]]


def all_distinct(values: np.ndarray) -> bool:
    """Whether no value repeats (``len(np.unique(values)) == len(values)``)."""
    ordered = np.sort(values)
    return not bool((ordered[1:] == ordered[:-1]).any())
