"""Tie-aware equal-mass bins on log compute (``docs/method-frontier.md`` §6.2).

Many models share a base model and so the same compute: identical z values are never
split across two bins, otherwise coverage would depend on row order.
"""

from __future__ import annotations

import numpy as np


def equal_mass_edges(log10_flops, n_bins: int = 10, min_bin_size: int = 30) -> np.ndarray:
    """Edges of tie-aware equal-mass bins, merged until each holds ``min_bin_size`` points.

    Parameters
    ----------
    log10_flops : array_like
        Training z values (any order; ties allowed).
    n_bins : int
        Target number of bins before merging (10 in the paper).
    min_bin_size : int
        Bins with fewer points are merged, smallest first, into their smaller neighbour,
        until every bin is large enough or only one is left.

    Returns
    -------
    numpy.ndarray
        Increasing edges e_0 < ... < e_B: bin k is [e_k, e_{k+1}), the last one closed.
        A bin's edge is the z value that opens it; e_B is the largest z.

    Notes
    -----
    Cut rule (reproduces the paper's 5, 5 and 8 training bins on the OLL v2 periods): sort
    z, let T = n / n_bins and s = 0; take the point at position floor(s + T), cut just
    before its group of tied values, and measure the next bin from the end of that group.
    """
    z = np.sort(np.asarray(log10_flops, dtype=float))
    n = z.size
    if n == 0:
        raise ValueError("cannot build bins on an empty set of compute values")
    if n_bins < 1 or min_bin_size < 1:
        raise ValueError(f"n_bins and min_bin_size must be >= 1, got {n_bins}, {min_bin_size}")
    target = n / n_bins
    starts = [0]
    s = 0
    while int(np.floor(s + target)) < n:
        pos = int(np.floor(s + target))
        group_start = int(np.searchsorted(z, z[pos], side="left"))
        group_end = int(np.searchsorted(z, z[pos], side="right"))
        if group_start > starts[-1]:
            starts.append(group_start)
        s = group_end
    counts = list(np.diff(starts + [n]))
    while len(counts) > 1 and min(counts) < min_bin_size:
        k = int(np.argmin(counts))
        if k == 0:
            j = 1
        elif k == len(counts) - 1:
            j = k - 1
        else:
            j = k - 1 if counts[k - 1] <= counts[k + 1] else k + 1
        lo, hi = min(k, j), max(k, j)
        counts[lo] += counts[hi]
        del counts[hi]
        del starts[hi]
    return np.array([z[i] for i in starts] + [z[-1]])


def clip_edges(edges, low: float, high: float) -> np.ndarray:
    """Training edges clipped to [low, high], dropping bins left empty by the clipping.

    Used for out-of-period evaluation with ``low, high`` the z-range where the training
    and test periods overlap. Only the outer edges move, as in the paper's code: when
    ``low`` (``high``) lies beyond the first (last) interior edge, the emptied bin is dropped
    and its neighbour keeps its own edge, so points between that edge and the overlap still
    fall in it. Points below the first kept edge or above the last fall outside every bin.
    (The backtest's test points never lie there: they are the overlap's own points.)
    """
    e = np.asarray(edges, dtype=float).copy()
    e[0] = max(e[0], low)
    e[-1] = min(e[-1], high)
    keep = [i for i in range(len(e) - 1) if e[i + 1] > e[i] + 1e-12]
    if not keep:
        return np.array([])
    return np.array([e[i] for i in keep] + [e[keep[-1] + 1]])


def bin_index(log10_flops, edges) -> np.ndarray:
    """Bin of each z for ``edges`` ([e_k, e_{k+1}), last closed); -1 outside every bin."""
    z = np.asarray(log10_flops, dtype=float)
    e = np.asarray(edges, dtype=float)
    if e.size < 2:
        return np.full(z.shape, -1)
    k = np.searchsorted(e, z, side="right") - 1
    k = np.where(z == e[-1], e.size - 2, k)
    return np.where((z < e[0]) | (z > e[-1]), -1, np.minimum(k, e.size - 2))
