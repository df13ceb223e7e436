"""Boundaries at several quantile levels that never cross (``docs/method-frontier.md`` §7.5).

Independent sigmoid fits at, say, tau = 0.5, 0.9 and 0.98 can cross. Predictions are
repaired by monotone rearrangement (Chernozhukov, Fernandez-Val and Galichon 2010):
at each z the predicted values are sorted across tau, which can only reduce the error
of every curve against a non-crossing truth.

Fits at several τ of one table share work: :class:`ContinuationMemo` keeps the states of
:func:`~core.frontier.boundary.sigmoid_fit.fit_frontier`'s continuation after each stage.

The continuation runs through (τ, κ) stages that begin at min(τ, 0.90): the fits at τ =
0.9, 0.95, 0.98 and 0.99 of one table pass through the same first stages with the same
numbers, and the fit at 0.98 passes through the whole continuation of 0.95 but its sharp
end. On the sample table those shared stages (screening the starting shapes included) are
about two thirds of a fit at 0.95 or 0.98. A page that changes τ, or a family of
boundaries at several τ, computed them again for every level.

The memo keys the states (the refined starts) reached after each stage by everything
they were computed from: the rows and weights the fit sees (by
content), the options that shape the starts (seed, survivors, screening rows, extra
starts, λ) and the exact (τ, κ, λ, tolerance, best-only) of every stage so far. A fit
resumes from the longest prefix of its own stages found there. The numbers a resumed fit
computes are those of a fit from scratch, bit for bit (the memo only skips repeating the
same operations on the same inputs); the tests compare the two on every field.

Written by hand: a memo of intermediate states of our own optimiser is nothing a library
offers; ``functools.lru_cache`` keys on whole arguments (arrays are not hashable) and
cannot resume from a prefix.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from core.frontier.boundary.sigmoid_fit import FrontierFit, fit_frontier


@dataclass(frozen=True, slots=True)
class FrontierFamily:
    """Fits at increasing tau; ``predict`` returns rearranged, non-crossing curves."""

    taus: tuple[float, ...]
    fits: tuple[FrontierFit, ...]

    def predict_unrearranged(self, log10_flops) -> np.ndarray:
        """Raw predictions, shape (len(taus), len(z)); rows may cross."""
        return np.vstack([f.predict(log10_flops) for f in self.fits])

    def predict(self, log10_flops) -> np.ndarray:
        """Predictions sorted across tau at each z, shape (len(taus), len(z))."""
        return np.sort(self.predict_unrearranged(np.atleast_1d(log10_flops)), axis=0)

    def crossings(self, log10_flops) -> int:
        """Number of z where the raw fits are out of order (before the repair)."""
        raw = self.predict_unrearranged(np.atleast_1d(log10_flops))
        return int(np.count_nonzero(np.any(np.diff(raw, axis=0) < 0, axis=0)))


def fit_frontier_family(log10_flops, score, taus, **fit_options) -> FrontierFamily:
    """Fit one boundary per tau (sorted ascending); options go to ``fit_frontier``.

    The fits share the stages of the continuation they have in common (a
    :class:`ContinuationMemo` of their own
    unless ``memo`` is given); each is the fit :func:`fit_frontier` makes alone.
    """
    levels = tuple(sorted(float(t) for t in taus))
    if len(set(levels)) != len(levels) or not levels:
        raise ValueError(f"give distinct tau values, got {list(taus)}")
    options = {"memo": ContinuationMemo(), **fit_options}
    fits = tuple(fit_frontier(log10_flops, score, tau=t, **options) for t in levels)
    return FrontierFamily(levels, fits)


#: One stage of the continuation as it runs: (tau, kappa, lambda, tolerance, best only).
Stage = tuple[float, float, float, float, bool]
#: The refined starts after a stage: (phi, objective, converged) each.
States = list[tuple[np.ndarray, float, bool]]


class ContinuationMemo:
    """Bounded, thread-safe store of continuation states (least recently used dropped).

    Parameters
    ----------
    max_entries : int
        States kept; each is a handful of 4-vectors, so 512 entries take well under 1 MB.
    """

    def __init__(self, max_entries: int = 512):
        self._states: OrderedDict[tuple, tuple[int, States]] = OrderedDict()
        self._lock = threading.Lock()
        self.max_entries = max_entries

    @staticmethod
    def key(z, y, w, *options) -> bytes:
        """A digest of the rows and weights a fit sees (by content) and of its ``options``
        (floats, ints, tuples of floats: compared exactly, through ``repr``)."""
        h = hashlib.blake2b(digest_size=20)
        for array in (z, y, w):
            array = np.ascontiguousarray(array, dtype=float)
            h.update(f"{array.shape};".encode())
            h.update(array.tobytes())
        h.update(repr(options).encode())
        return h.digest()

    def __len__(self) -> int:
        return len(self._states)

    def resume(self, inputs: bytes, stages: list[Stage]) -> tuple[int, int | None, States | None]:
        """The longest prefix of ``stages`` already run on ``inputs``.

        Returns
        -------
        (done, n_starts, states)
            ``done`` stages are done (1 to ``len(stages)``), ``n_starts`` starts were
            refined and ``states`` are the states after the last done stage (copies); with
            no stage stored, ``(0, None, None)``.
        """
        with self._lock:
            for done in range(len(stages), 0, -1):
                key = (inputs, tuple(stages[:done]))
                if key in self._states:
                    self._states.move_to_end(key)
                    n_starts, states = self._states[key]
                    return done, n_starts, _copied(states)
        return 0, None, None

    def store(self, inputs: bytes, stages: list[Stage], n_starts: int, states: States) -> None:
        """Keep ``states`` as those reached after ``stages`` (all of them) on ``inputs``."""
        with self._lock:
            self._states[(inputs, tuple(stages))] = (n_starts, _copied(states))
            self._states.move_to_end((inputs, tuple(stages)))
            while len(self._states) > self.max_entries:
                self._states.popitem(last=False)


def _copied(states: States) -> States:
    return [(np.array(phi, copy=True), f, ok) for phi, f, ok in states]
