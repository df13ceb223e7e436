"""The paired sign-flip permutation test, for scores that are not 0/1.

Per item, d_i = baseline score - candidate score (after averaging reruns). Under H0 the two
labels of an item are exchangeable, so each d_i is equally likely to carry either sign.
The statistic is T = sum(d_i); large T means degradation. With few non-zero differences
all 2^n sign patterns are enumerated (exact); otherwise K seeded random sign vectors give a
Monte Carlo p-value (1 + #{T* >= T}) / (K + 1), which can never fall below 1 / (K + 1).

:func:`sign_flip_units` applies the *same* sign draws to several units at once, which gives
per-unit p-values, the pooled p-value and the Max-Drop p-value from one pass over memory
(docs/method-degradation.md §5).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

#: Enumerate every sign pattern when there are at most this many non-zero differences.
EXACT_LIMIT = 20
#: Sign vectors drawn per chunk; bounds memory at CHUNK x n bytes.
_CHUNK_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class PermutationResult:
    """Result of :func:`sign_flip_test`.

    Attributes
    ----------
    statistic : float
        T = sum of the differences d_i (baseline minus candidate).
    pvalue : float
        One-sided p-value for "the candidate scores lower".
    n_nonzero : int
        Items whose difference is not zero (the others cannot change under a swap).
    method : {"exact", "monte-carlo"}
        Full enumeration of the 2^n sign patterns, or K random draws.
    n_resamples : int
        K, the number of random sign vectors (0 when exact).
    pvalue_floor : float
        The smallest p-value the method can return: 1/(K + 1) for Monte Carlo, 2^-n exact.
    seed : int or None
        The seed of the draws, for reproducibility.
    """

    statistic: float
    pvalue: float
    n_nonzero: int
    method: Literal["exact", "monte-carlo"]
    n_resamples: int
    pvalue_floor: float
    seed: int | None


@dataclass(frozen=True, slots=True)
class SharedSignFlipResult:
    """Per-unit, pooled and Max-Drop sign-flip tests from shared draws.

    Attributes
    ----------
    units : tuple of PermutationResult
        One per unit, in input order.
    pooled : PermutationResult
        The test on all items concatenated.
    max_drop_statistic : float
        max over units with a non-zero difference of z_i = sum(d) / sqrt(sum(d^2)).
    max_drop_unit : int or None
        Index of the unit attaining the maximum (None when all differences are zero).
    max_drop_pvalue : float
        P(max_i z_i* >= max_drop_statistic) under the shared sign flips.
    method, n_resamples, pvalue_floor, seed
        As in :class:`PermutationResult`, for the pooled and Max-Drop p-values.
    unit_draws : numpy.ndarray or None
        With ``keep_draws=True``: the K x T per-unit sums of every draw (for the calibrated
        combined test).
    scale : numpy.ndarray or None
        With ``keep_draws=True``: per unit sqrt(sum d^2), the Max-Drop standardisation.
    """

    units: tuple[PermutationResult, ...]
    pooled: PermutationResult
    max_drop_statistic: float
    max_drop_unit: int | None
    max_drop_pvalue: float
    method: Literal["exact", "monte-carlo"]
    n_resamples: int
    pvalue_floor: float
    seed: int | None
    unit_draws: np.ndarray | None = None
    scale: np.ndarray | None = None


def _tolerance(d: np.ndarray) -> float:
    return 1e-12 * float(np.abs(d).sum()) + 1e-300


def _exact_null(d: np.ndarray) -> np.ndarray:
    """Sums over every sign pattern: an array of length 2^n."""
    sums = np.zeros(1)
    for value in d:  # doubling: O(2^n) work and memory, no 2^n x n sign matrix
        sums = np.concatenate((sums + value, sums - value))
    return sums


def _all_signs(n: int) -> np.ndarray:
    """Every +-1 vector of length n, one per row (2^n rows), built with bit operations."""
    bits = (np.arange(2**n, dtype=np.int64)[:, None] >> np.arange(n, dtype=np.int64)) & 1
    return 1.0 - 2.0 * bits


def sign_flip_test(
    differences: Sequence[float] | np.ndarray,
    *,
    n_resamples: int = 20_000,
    rng: int | None = 0,
) -> PermutationResult:
    """Paired sign-flip test that the candidate scores lower than the baseline.

    Parameters
    ----------
    differences : array-like of float
        d_i = baseline score - candidate score per item (reruns averaged first).
    n_resamples : int, default 20000
        K random sign vectors when enumeration is not feasible.
    rng : int or None, default 0
        Seed of the draws (echoed in the result).

    Returns
    -------
    PermutationResult

    Notes
    -----
    With at most 20 non-zero differences all sign patterns are enumerated and the p-value
    is exact. On 0/1 data the test reduces to the exact McNemar test, which should be used
    there instead (it reaches p-values far below 1/(K + 1)).
    """
    result = sign_flip_units(
        [np.asarray(differences, dtype=float)], n_resamples=n_resamples, rng=rng
    )
    return result.pooled


def sign_flip_units(
    units: Sequence[np.ndarray],
    *,
    n_resamples: int = 20_000,
    rng: int | None = 0,
    keep_draws: bool = False,
) -> SharedSignFlipResult:
    """Sign-flip tests per unit, pooled and Max-Drop, all from the same sign draws.

    Parameters
    ----------
    units : sequence of numpy.ndarray
        Per unit, the item differences d_i = baseline - candidate.
    n_resamples : int, default 20000
        K random sign vectors (used unless the pooled data have <= 20 non-zero items).
    rng : int or None, default 0
        Seed of the draws.
    keep_draws : bool, default False
        Also return the per-unit sums of every draw (K x T floats).

    Returns
    -------
    SharedSignFlipResult
    """
    if n_resamples < 1:
        raise ValueError(f"n_resamples must be at least 1, got {n_resamples}")
    nonzero = [np.asarray(u, dtype=float)[np.asarray(u, dtype=float) != 0.0] for u in units]
    for unit in nonzero:
        if not np.all(np.isfinite(unit)):
            raise ValueError("differences must be finite numbers")
    sizes = np.array([u.size for u in nonzero])
    d = np.concatenate(nonzero) if nonzero else np.zeros(0)
    bounds = np.concatenate([[0], np.cumsum(sizes)])
    observed_units = np.array([u.sum() for u in nonzero])
    scale = np.array([np.sqrt((u * u).sum()) for u in nonzero])
    active = scale > 0
    observed_z = np.where(active, observed_units / np.where(active, scale, 1.0), -np.inf)
    z_max = float(observed_z.max()) if active.any() else 0.0
    arg_max = int(observed_z.argmax()) if active.any() else None

    exact = d.size <= EXACT_LIMIT
    seed = rng if isinstance(rng, int) else None
    generator = np.random.default_rng(rng)
    unit_counts = np.zeros(len(nonzero))
    pooled_count = 0
    max_count = 0
    total = 0
    tol_units = np.array([_tolerance(u) for u in nonzero])
    tol_pooled = _tolerance(d)
    kept: list[np.ndarray] = []
    for block in _sign_blocks(d.size, exact, n_resamples, generator):
        flipped = block * d  # (rows, n)
        if d.size:
            sums = (
                np.add.reduceat(flipped, bounds[:-1][sizes > 0], axis=1)
                if (sizes > 0).any()
                else None
            )
        else:
            sums = None
        unit_sums = np.zeros((block.shape[0], len(nonzero)))
        if sums is not None:
            unit_sums[:, sizes > 0] = sums
        if keep_draws:
            kept.append(unit_sums)
        unit_counts += (unit_sums >= observed_units - tol_units).sum(axis=0)
        pooled_count += int((unit_sums.sum(axis=1) >= observed_units.sum() - tol_pooled).sum())
        if active.any():
            z_star = unit_sums[:, active] / scale[active]
            max_count += int((z_star.max(axis=1) >= z_max - 1e-12 * max(1.0, abs(z_max))).sum())
        total += block.shape[0]

    if exact:
        method: Literal["exact", "monte-carlo"] = "exact"
        unit_p = unit_counts / total
        pooled_p = pooled_count / total
        max_p = max_count / total if active.any() else 1.0
        floor = 1.0 / total
        k = 0
    else:
        method = "monte-carlo"
        unit_p = (1 + unit_counts) / (total + 1)
        pooled_p = (1 + pooled_count) / (total + 1)
        max_p = (1 + max_count) / (total + 1) if active.any() else 1.0
        floor = 1.0 / (total + 1)
        k = total
    unit_results = []
    for index, unit in enumerate(nonzero):
        if unit.size <= EXACT_LIMIT and not exact:
            unit_results.append(_exact_single(unit, seed))
            continue
        unit_results.append(
            PermutationResult(
                statistic=float(observed_units[index]),
                pvalue=float(min(1.0, unit_p[index])) if unit.size else 1.0,
                n_nonzero=int(unit.size),
                method=method,
                n_resamples=k,
                pvalue_floor=floor,
                seed=seed,
            )
        )
    pooled = PermutationResult(
        statistic=float(d.sum()),
        pvalue=float(min(1.0, pooled_p)) if d.size else 1.0,
        n_nonzero=int(d.size),
        method=method,
        n_resamples=k,
        pvalue_floor=floor,
        seed=seed,
    )
    return SharedSignFlipResult(
        units=tuple(unit_results),
        pooled=pooled,
        max_drop_statistic=z_max,
        max_drop_unit=arg_max,
        max_drop_pvalue=float(min(1.0, max_p)),
        method=method,
        n_resamples=k,
        pvalue_floor=floor,
        seed=seed,
        unit_draws=np.concatenate(kept) if keep_draws else None,
        scale=scale if keep_draws else None,
    )


def _exact_single(d: np.ndarray, seed: int | None) -> PermutationResult:
    null = _exact_null(d)
    observed = float(d.sum())
    pvalue = float(np.mean(null >= observed - _tolerance(d))) if d.size else 1.0
    return PermutationResult(observed, pvalue, int(d.size), "exact", 0, 1.0 / null.size, seed)


def _sign_blocks(n: int, exact: bool, n_resamples: int, generator: np.random.Generator):
    """Yield (rows, n) arrays of +-1 signs: all patterns when exact, else K random rows."""
    if exact:
        if n == 0:
            yield np.zeros((1, 0))
            return
        yield _all_signs(n)
        return
    rows = max(1, min(n_resamples, _CHUNK_BYTES // max(8 * n, 1)))
    remaining = n_resamples
    while remaining > 0:
        take = min(rows, remaining)
        bits = generator.integers(0, 2, size=(take, n), dtype=np.int8)
        yield (2.0 * bits - 1.0) if n else np.zeros((take, 0))
        remaining -= take
