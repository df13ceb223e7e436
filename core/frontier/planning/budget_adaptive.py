"""Batch-adaptive budget planner: evaluate a batch, refit, choose the next batch.

Goes past the one-shot design of ``docs/method-frontier.md`` §9. The paper linearises the
boundary at a fixed prior whose midpoint lies at 1e30 FLOPs, far above any data, so the
gradients barely distinguish the curve's shape. Here:

1. The first batch (a share ``1/batches`` of the budget) is the paper's balanced
   I-optimal design.
2. After each batch the tau-boundary of every task is refitted on the models evaluated so
   far, and becomes that task's prior.
3. The next batch maximises the summed, per-task normalised drop in average prediction
   variance, tr(A_t M_t^-1), plus the paper's bin-balance bonus, per unit cost. With
   ``density_weights`` each candidate's information is scaled by the estimated density
   of scores near the boundary in its compute bin (the quantity that sets the variance
   of a quantile-regression fit: many near-boundary models in a bin, more information).
   With ``weighting="cost"`` the information is scaled instead by each candidate's
   predicted probability of scoring within ``tail`` of the boundary or above it, from a
   normal linear model of the residual on compute and log cost fitted on the evaluated
   models. At equal compute a cost-aware design favours cheap, token-heavy models, and
   on OLL v2 these sit systematically below a tau = 0.98 boundary (residual vs tokens
   per parameter: Spearman -0.1 to -0.7 per task and period), so a plain design misses
   the models that define the boundary and fits it too low.
4. With ``history`` (models of earlier periods, all evaluated), the first batch is
   steered the same way by the boundaries and residual model of the earlier data
   instead of the paper's fixed prior; later batches use the current period's results.

The planner only ever sees compute and cost of all candidates, the scores of models it
has already chosen, and ``history``. Evaluation is simulated by revealing the scores the pool already holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy.special import ndtr

from core.frontier.boundary.binning import equal_mass_edges
from core.frontier.boundary.loss import DEFAULT_KAPPA, DEFAULT_LAMBDA_B
from core.frontier.boundary.sigmoid_fit import fit_frontier
from core.frontier.data.budget_pool import CandidatePool
from core.frontier.planning.budget_design import DesignPrior, select_models

Weighting = Literal["bin", "cost", "none"]
WEIGHTINGS = ("bin", "cost", "none")


@dataclass(frozen=True, slots=True)
class AdaptivePlan:
    """Models chosen batch by batch.

    Attributes
    ----------
    selected : tuple of int
        Pool indices in the order they were chosen.
    batch_of : tuple of int
        Batch number (0-based) of each selected model.
    spent, budget : float
        Cost of the chosen models and the total budget.
    n_candidates, batches : int
        Pool size and number of batches asked for.
    tasks : tuple of str
        Score columns whose boundaries steered the later batches.
    density_weights : bool
        Whether near-boundary density scaled the information.
    weighting : str
        "bin", "cost" or "none" (see :func:`adaptive_plan`).
    """

    selected: tuple[int, ...]
    batch_of: tuple[int, ...]
    spent: float
    budget: float
    n_candidates: int
    batches: int
    tasks: tuple[str, ...]
    density_weights: bool
    weighting: str = "bin"

    @property
    def n_selected(self) -> int:
        return len(self.selected)

    def mask(self) -> np.ndarray:
        m = np.zeros(self.n_candidates, bool)
        m[list(self.selected)] = True
        return m


def _density(z, y, fit, edges, h):
    """Per-bin density of residuals within +-h of the boundary (smoothed by +0.5)."""
    r = y - fit.predict(z)
    k = np.clip(np.searchsorted(edges, z, side="right") - 1, 0, edges.size - 2)
    near = np.bincount(k, np.abs(r) < h, edges.size - 1) + 0.5
    total = np.bincount(k, minlength=edges.size - 1) + 1.0
    return near / total / (2 * h)


def _cost_tail(z, logc, z_seen, logc_seen, r_seen, tail):
    """Probability that each candidate scores above ``boundary - tail``, from a normal
    linear model of the residual, r ~ [1, z, z^2, log10 cost], fitted on evaluated models.

    At a given compute, cost (parameters) tells a param-heavy model from a token-heavy
    one, and on OLL v2 the param-heavy ones sit higher: the residual falls with tokens
    per parameter (Spearman -0.2 to -0.7 per task and period).
    """
    centre = float(np.mean(z_seen))

    def design(zz, cc):
        return np.column_stack([np.ones_like(zz), zz - centre, (zz - centre) ** 2, cc])

    X = design(z_seen, logc_seen)
    coef, *_ = np.linalg.lstsq(X, r_seen, rcond=None)
    dof = max(r_seen.size - X.shape[1], 1)
    sigma = max(float(np.sqrt(np.sum((r_seen - X @ coef) ** 2) / dof)), 1e-3)
    return ndtr((design(z, logc) @ coef + tail) / sigma)


def adaptive_plan(
    pool: CandidatePool,
    budget: float,
    *,
    tasks=None,
    batches: int = 4,
    tau: float = 0.98,
    kappa: float = DEFAULT_KAPPA,
    lambda_b: float = DEFAULT_LAMBDA_B,
    lambda_bal: float = 1e-3,
    n_bins: int = 10,
    density_weights: bool = True,
    weighting: Weighting | None = None,
    tail: float = 0.03,
    history: CandidatePool | None = None,
    bandwidth: float = 0.02,
    ridge: float = 1e-9,
    seed: int = 42,
) -> AdaptivePlan:
    """Plan evaluations in ``batches`` rounds, refitting the boundaries between rounds.

    Parameters
    ----------
    pool : CandidatePool
        Candidates; ``pool.scores`` play the role of the evaluation results, revealed only
        for models already chosen.
    budget : float
        Total cost allowed (absolute, in the pool's cost unit).
    tasks : sequence of str, optional
        Score columns to steer by (all of the pool's by default).
    batches : int
        Rounds; 1 reproduces the one-shot design.
    tau, kappa, lambda_b : float
        Boundary settings of the refits.
    lambda_bal, n_bins, ridge, seed
        As in :func:`core.frontier.planning.budget_design.select_models`.
    density_weights : bool
        Scale information by the near-boundary density per bin (see module notes);
        the default of ``weighting``.
    weighting : {"bin", "cost", "none"}, optional
        How a candidate's information is scaled: near-boundary density of its compute
        bin ("bin", the default when ``density_weights``), predicted probability of
        scoring above boundary - ``tail`` given compute and cost ("cost"), or not at all.
    tail : float
        Score margin below the boundary that still counts as "near" for "cost".
    history : CandidatePool, optional
        Already evaluated models (e.g. earlier periods) that steer the first batch
        instead of the paper's prior; same score columns as ``pool``.
    bandwidth : float
        Half-width in score units of "near the boundary" for the density.

    Returns
    -------
    AdaptivePlan
    """
    tasks = tuple(pool.scores) if tasks is None else tuple(tasks)
    if batches < 1:
        raise ValueError(f"batches must be >= 1, got {batches}")
    if weighting is None:
        weighting = "bin" if density_weights else "none"
    if weighting not in WEIGHTINGS:
        raise ValueError(f"weighting must be one of {WEIGHTINGS}, got {weighting!r}")
    z, c = pool.log10_flops, pool.cost
    logc = np.log10(c)
    order: list[int] = []
    batch_of: list[int] = []
    spent = 0.0
    if history is None:
        first = select_models(
            z, c, budget / batches, lambda_bal=lambda_bal, n_bins=n_bins, ridge=ridge, seed=seed
        )
        order = list(first.selected)
        batch_of = [0] * len(order)
        spent = first.spent
    rng = np.random.default_rng(seed + 1)
    edges = equal_mass_edges(z, n_bins, 1)
    k = np.clip(np.searchsorted(edges, z, side="right") - 1, 0, edges.size - 2)
    offset = DesignPrior().offset
    mids = 0.5 * (edges[:-1] + edges[1:])
    for b in range(0 if history is not None else 1, batches):
        target = budget * (b + 1) / batches
        used = np.zeros(z.size, bool)
        used[order] = True
        Js, As, Minvs = [], [], []
        for task in tasks:
            y = pool.scores[task]
            seen = used & np.isfinite(y)
            if seen.sum() >= 5 and np.ptp(z[seen]) > 0:
                zs, ys, cs = z[seen], y[seen], logc[seen]
            elif history is not None and task in history.scores:
                h = np.isfinite(history.scores[task])
                zs, ys = history.log10_flops[h], history.scores[task][h]
                cs = np.log10(history.cost[h])
                if zs.size < 5 or np.ptp(zs) <= 0:
                    continue
            else:
                continue
            fit = fit_frontier(zs, ys, tau=tau, kappa=kappa, lambda_b=lambda_b)
            prior = DesignPrior.from_fit(fit, offset)
            J = prior.jacobian(z)
            if weighting == "cost":
                J = J * np.sqrt(_cost_tail(z, logc, zs, cs, ys - fit.predict(zs), tail))[:, None]
            elif weighting == "bin":
                J = J * np.sqrt(_density(zs, ys, fit, edges, bandwidth)[k])[:, None]
            Jg = prior.jacobian(mids)
            Minv = np.linalg.inv(
                (ridge if used.any() else max(ridge, 1e-6)) * np.eye(4) + J[seen].T @ J[seen]
            )
            Js.append(J)
            As.append(Jg.T @ Jg / mids.size)
            Minvs.append(Minv)
        if not Js:  # nothing to refit on: continue with the one-shot design
            more = select_models(
                z,
                c,
                target - spent,
                lambda_bal=lambda_bal,
                n_bins=n_bins,
                ridge=ridge,
                seed=seed,
                fixed=order,
            )
            order += list(more.selected)
            batch_of += [b] * len(more.selected)
            spent += more.spent
            continue
        counts = np.bincount(k[used], minlength=edges.size - 1).astype(float)
        while target - spent > 0:
            ok = ~used & (c <= target - spent)
            if not ok.any():
                break
            gain = np.zeros(z.size)
            for J, A, Minv in zip(Js, As, Minvs):
                V = J @ Minv
                denom = 1.0 + np.einsum("ij,ij->i", V, J)
                gain += np.einsum("ij,jk,ik->i", V, A, V) / denom / np.trace(A @ Minv)
            gain /= len(Js)
            nk = counts[k]
            gain += lambda_bal * (np.log(nk + 1.0 + 1e-6) - np.log(nk + 1e-6))
            score = np.where(ok, gain / c, -np.inf)
            best = score.max()
            if not best > 0:
                break
            ties = np.flatnonzero(score == best)
            i = int(ties[rng.integers(ties.size)])
            for t, (J, Minv) in enumerate(zip(Js, Minvs)):
                v = Minv @ J[i]
                Minvs[t] = Minv - np.outer(v, v) / (1.0 + J[i] @ v)
            used[i] = True
            counts[k[i]] += 1
            order.append(i)
            batch_of.append(b)
            spent += float(c[i])
    return AdaptivePlan(
        tuple(order),
        tuple(batch_of),
        float(spent),
        float(budget),
        z.size,
        int(batches),
        tasks,
        weighting == "bin",
        weighting,
    )
