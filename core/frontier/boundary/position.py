"""Where new models sit relative to a fitted boundary (the paper's Proteus-2k check).

For each new model with compute C and score y the boundary value q(log10 C) is read from
a saved fit; the margin y - q says by how much the model is above (positive) or below it.
With tau = 0.98 about 2% of models like those the boundary was fitted on sit above it;
a clearly larger share of new models above it means the boundary has moved.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.formatting import json_fields
from core.frontier.boundary.sigmoid_fit import FrontierFit

_POSITION_FIELDS = "score boundary margin above extrapolated"


@dataclass(frozen=True, slots=True)
class ModelPosition:
    """One new model against the boundary.

    ``margin`` = score - boundary (positive: above). ``extrapolated``: its compute is
    outside the range the boundary was fitted on.
    """

    model: str
    log10_flops: float
    score: float
    boundary: float
    margin: float
    above: bool
    extrapolated: bool

    def to_dict(self) -> dict:
        """The JSON-ready form (``position --format json``), compute in FLOPs."""
        flops = {"flops": 10.0**self.log10_flops}
        return {"model": self.model, **flops, **json_fields(self, _POSITION_FIELDS)}


@dataclass(frozen=True, slots=True)
class PositionReport:
    """All new models of one benchmark against one boundary."""

    task: str
    tau: float
    positions: tuple[ModelPosition, ...]

    @property
    def n(self) -> int:
        return len(self.positions)

    @property
    def n_above(self) -> int:
        return sum(p.above for p in self.positions)

    @property
    def share_above(self) -> float:
        """Share of new models strictly above the boundary (NaN when there are none)."""
        return self.n_above / self.n if self.n else float("nan")

    @property
    def n_extrapolated(self) -> int:
        return sum(p.extrapolated for p in self.positions)

    def to_dict(self) -> dict:
        """The JSON-ready form: counts, the sentence and every model (share None without any)."""
        share = {"share_above": self.share_above if self.n else None}
        counts = json_fields(self, "task tau n n_above")
        return {**counts, **share, "n_extrapolated": self.n_extrapolated} | {
            "sentence": self.sentence(),
            "models": [p.to_dict() for p in self.positions],
        }

    def sentence(self) -> str:
        """Plain words: how many are above, against the share the boundary expects."""
        if not self.n:
            return f"{self.task}: no new models to place."
        models = "model" if self.n == 1 else "models"
        verb = "sits" if self.n_above == 1 else "sit"
        expected = 1.0 - self.tau
        text = (
            f"{self.task}: {self.n_above:,} of {self.n:,} new {models} ({self.share_above:.1%}) "
            f"{verb} above the boundary; a boundary at tau = {self.tau:g} leaves about "
            f"{expected:.0%} of models like those it was fitted on above it."
        )
        if self.share_above > 2 * expected and self.n_above >= 3:
            text += " The new models beat it clearly more often: the boundary has moved up."
        if self.n_extrapolated:
            text += (
                f" {self.n_extrapolated:,} of the new {models} lie outside the compute range of "
                "the fit (boundary held at its closed form there)."
            )
        return text


def position_models(fit: FrontierFit, task: str, model, log10_flops, score) -> PositionReport:
    """Place each new model above or below ``fit`` at its own compute.

    Parameters
    ----------
    fit : FrontierFit
        The boundary (e.g. read back with :func:`core.frontier.data.fit_file.load_fits`).
    task : str
        Benchmark name for the report.
    model, log10_flops, score : array_like
        The new models: names, log10 pre-training FLOPs, scores in [0, 1].
    """
    z = np.asarray(log10_flops, dtype=float)
    y = np.asarray(score, dtype=float)
    q = fit.predict(z)
    outside = (z < fit.log10_flops_min) | (z > fit.log10_flops_max)
    names = np.asarray(model).astype(str)
    return PositionReport(
        task,
        fit.tau,
        tuple(
            ModelPosition(
                str(names[i]),
                float(z[i]),
                float(y[i]),
                float(q[i]),
                float(y[i] - q[i]),
                bool(y[i] > q[i]),
                bool(outside[i]),
            )
            for i in range(z.size)
        ),
    )
