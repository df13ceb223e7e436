"""Choose which models to evaluate under a budget: the balanced I-optimal design.

``docs/method-frontier.md`` §9 (Zhang et al., arXiv 2602.15327, Figure 6). Each candidate
has a known compute z and a cost c. The boundary q = y0 + L * sigmoid(a + b * z) is
linearised at a prior curve; candidate i contributes ``j_i j_i^T`` to the information
matrix M(S) = eps*I + sum_{i in S} w_i j_i j_i^T, where j is the gradient of q in
(y0, L, a, b). The design greedily adds the candidate with the largest drop in the
average prediction variance tr(A M^-1) over a grid of bin midpoints, plus a small bonus
for bins with few chosen models, per unit cost, until nothing fits the budget.

Units: the design works in the reference's zettaFLOP units, z_code = log10 FLOPs - 21,
because the ridge eps*I is not invariant to a change of units (§9, "Units matter").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from scipy.special import expit

from core.frontier.boundary.binning import equal_mass_edges

Objective = Literal["i_optimal_balanced", "i_optimal", "d_optimal"]
OBJECTIVES = ("i_optimal_balanced", "i_optimal", "d_optimal")


@dataclass(frozen=True, slots=True)
class DesignPrior:
    """Prior boundary ``q = y0 + L * sigmoid(a + b * (log10 FLOPs - offset))``.

    The default is the paper's (0.20, 0.75, -9, 1) in zettaFLOP units (offset 21): its
    midpoint sits at 1e30 FLOPs, far above the data, which is what Figure 6b used.
    """

    y0: float = 0.20
    L: float = 0.75
    a: float = -9.0
    b: float = 1.0
    offset: float = 21.0

    @classmethod
    def from_fit(cls, fit, offset: float = 21.0) -> DesignPrior:
        """The prior equal to a fitted boundary (``FrontierFit``), e.g. from a pilot batch."""
        return cls(y0=fit.y0, L=fit.L, a=-fit.b * (fit.z_star - offset), b=fit.b, offset=offset)

    def jacobian(self, log10_flops) -> np.ndarray:
        """Rows j(z) = [1, s, L s(1-s), L s(1-s) z_code] of dq/d(y0, L, a, b)."""
        z = np.asarray(log10_flops, dtype=float) - self.offset
        s = expit(self.a + self.b * z)
        ds = self.L * s * (1.0 - s)
        return np.column_stack([np.ones_like(z), s, ds, ds * z])


@dataclass(frozen=True, slots=True)
class BudgetDesign:
    """The models chosen for evaluation.

    Attributes
    ----------
    selected : tuple of int
        Indices into the candidate arrays, in the order they were chosen (seeds first).
    spent, budget : float
        Cost of the chosen models and the budget (same unit as the costs).
    n_candidates : int
        Size of the pool.
    objective : str
        "i_optimal_balanced" (the paper's), "i_optimal" or "d_optimal".
    prior : DesignPrior
        Curve the gradients were taken at.
    lambda_bal, ridge : float
        Weight of the bin-balance bonus and the ridge eps of M.
    n_bins : int
        Equal-mass bins of the pool's z used for the target grid and the balance term.
    seed : int
        Seed of the random tie-breaking.
    avg_variance : float
        Final tr(A M^-1): average prediction variance over the grid (in units of the
        noise variance); lower is better.
    n_seeds : int
        How many of ``selected`` are the seed points (extremes and prior midpoint +- 1.543/b).
    """

    selected: tuple[int, ...]
    spent: float
    budget: float
    n_candidates: int
    objective: str
    prior: DesignPrior
    lambda_bal: float
    ridge: float
    n_bins: int
    seed: int
    avg_variance: float
    n_seeds: int
    fixed: tuple[int, ...] = field(default=())

    @property
    def n_selected(self) -> int:
        return len(self.selected)

    def mask(self) -> np.ndarray:
        """Boolean mask over the candidates (chosen now or fixed before)."""
        m = np.zeros(self.n_candidates, bool)
        m[list(self.selected) + list(self.fixed)] = True
        return m


def _validate(z, cost, budget, objective, weights):
    if z.ndim != 1 or z.shape != cost.shape:
        raise ValueError("log10_flops and cost must be 1-D arrays of one length")
    if z.size == 0:
        raise ValueError("the candidate pool is empty; give at least one model")
    if not np.all(np.isfinite(z)):
        raise ValueError("log10_flops must be finite; drop models without compute first")
    if not np.all(np.isfinite(cost)) or np.any(cost <= 0):
        raise ValueError(
            "every cost must be positive and finite; drop or fix models with a "
            "missing or zero cost (e.g. #Params (B) = 0)"
        )
    if not np.isfinite(budget) or budget < 0:
        raise ValueError(f"budget must be a non-negative number, got {budget}")
    if objective not in OBJECTIVES:
        raise ValueError(f"objective must be one of {OBJECTIVES}, got {objective!r}")
    if weights is not None and (weights.shape != z.shape or np.any(~(weights >= 0))):
        raise ValueError("weights must be non-negative, one per candidate")


_PAIRS = tuple((a, b) for a in range(4) for b in range(a, 4))


def _pair_products(J: np.ndarray) -> np.ndarray:
    """The ten distinct products ``J[:, a] * J[:, b]`` (a <= b), one contiguous row each."""
    return np.stack([J[:, a] * J[:, b] for a, b in _PAIRS])


def _quadratic_forms(products: np.ndarray, Q: np.ndarray) -> np.ndarray:
    """``j_i' Q j_i`` of every candidate for a symmetric 4 x 4 ``Q``.

    Elementwise multiply-adds, in the same order for every candidate, so candidates with
    equal ``j`` get bit-equal values (exact ties stay ties for the tie-breaking). A BLAS
    product is neither (its kernels round the tail of a vector differently) nor fast with
    threads on a loaded machine: ``(n x 4) @ (4 x 4)`` took 7-30 ms at load 8 on 2 cores
    against 0.5 ms single-threaded.
    """
    out = products[0] * Q[0, 0]
    term = np.empty_like(out)
    for row, (a, b) in enumerate(_PAIRS[1:], start=1):
        coefficient = Q[a, b] if a == b else Q[a, b] + Q[b, a]
        np.multiply(products[row], coefficient, out=term)
        out += term
    return out


def select_models(
    log10_flops,
    cost,
    budget: float,
    *,
    prior: DesignPrior | None = None,
    objective: Objective = "i_optimal_balanced",
    lambda_bal: float = 1e-3,
    n_bins: int = 10,
    ridge: float = 1e-9,
    seed: int = 42,
    seed_spread: float = 1.543,
    weights=None,
    fixed=(),
    progress: Callable[[int, int], None] | None = None,
) -> BudgetDesign:
    """Choose models to evaluate so that the boundary fitted on them is nearly the full one.

    Parameters
    ----------
    log10_flops : array_like
        Compute of each candidate (log10 FLOPs); scores are not needed.
    cost : array_like
        Positive cost of evaluating each candidate (the paper: ``#Params (B)``).
    budget : float
        Total cost allowed for the models chosen now (``fixed`` ones are not charged).
    prior : DesignPrior, optional
        Curve to linearise at; the paper's (0.20, 0.75, -9, 1) in zettaFLOP units.
    objective : {"i_optimal_balanced", "i_optimal", "d_optimal"}
        Balanced I-optimal (the paper's Figure 6b), plain I-optimal, or D-optimal
        (log det M per unit cost; no Fedorov exchange here).
    lambda_bal : float
        Weight of the bin-balance bonus log((n_k + 1)/n_k) (1e-3 in the paper).
    n_bins : int
        Equal-mass bins of the pool's z (ties kept together, minimum size 1).
    ridge : float
        eps of M = eps*I + sum j j^T.
    seed : int
        Seed of the random tie-breaking among equally good candidates.
    seed_spread : float
        Seed points sit at the prior midpoint +- ``seed_spread / b`` (1.543: the classic
        D-optimal points of a two-parameter logistic), besides the smallest and largest z.
    weights : array_like, optional
        Information weight of each candidate (1 by default), e.g. a local density of scores
        near the boundary in the adaptive planner.
    fixed : sequence of int
        Candidates already evaluated: they enter M and the bin counts, are never chosen
        again, cost nothing, and suppress the seed points.
    progress : callable, optional
        Called as ``progress(percent, 100)`` with the share of the budget spent so far
        (a line on stderr in the command line); ``progress(100, 100)`` at the end.

    Returns
    -------
    BudgetDesign
        Chosen indices, spent cost and the settings that determine the result.

    Notes
    -----
    Ties (many fine-tunes share a base model, hence z and cost) are broken as in the
    reference: a fresh permutation of the pool per greedy step, first best wins.
    The greedy step stops when no candidate fits the remaining budget or no score is
    positive; the budget is never exceeded.

    Examples
    --------
    >>> import numpy as np
    >>> z = np.linspace(21, 25, 50)
    >>> d = select_models(z, np.ones(50), 10)
    >>> d.n_selected, d.spent
    (10, 10.0)
    """
    z = np.asarray(log10_flops, dtype=float)
    c = np.asarray(cost, dtype=float)
    w = None if weights is None else np.asarray(weights, dtype=float)
    _validate(z, c, float(budget), objective, w)
    prior = prior or DesignPrior()
    n = z.size
    J = prior.jacobian(z)
    if w is not None:
        J = J * np.sqrt(w)[:, None]
    rng = np.random.default_rng(seed)
    z_code = z - prior.offset
    edges = equal_mass_edges(z_code, n_bins, 1)
    mids = 0.5 * (edges[:-1] + edges[1:])
    Jg = prior.jacobian(mids + prior.offset)
    A = Jg.T @ Jg / mids.size
    k = np.clip(np.searchsorted(edges, z_code, side="right") - 1, 0, mids.size - 1)
    counts = np.zeros(mids.size)
    Minv = np.eye(4) / ridge
    used = np.zeros(n, bool)
    order: list[int] = []

    def add(i):
        nonlocal Minv
        v = Minv @ J[i]
        Minv = Minv - np.outer(v, v) / (1.0 + J[i] @ v)
        used[i] = True
        counts[k[i]] += 1

    for i in (int(i) for i in fixed):
        if not 0 <= i < n:
            raise ValueError(f"fixed index {i} is outside the pool of {n} candidates")
        if not used[i]:
            add(i)
    spent = 0.0
    base_perm = rng.permutation(n)
    n_seeds = 0
    if not len(fixed):
        mid = -prior.a / max(prior.b, 1e-8)
        targets = [
            z_code.min(),
            z_code.max(),
            mid - seed_spread / prior.b,
            mid + seed_spread / prior.b,
        ]
        for t in targets:
            for i in np.lexsort((base_perm, np.abs(z_code - t))):
                if not used[i] and spent + c[i] <= budget:
                    add(i)
                    order.append(int(i))
                    spent += c[i]
                    n_seeds += 1
                    break
    balanced = objective == "i_optimal_balanced" and lambda_bal > 0
    products = _pair_products(J)
    bins = np.arange(mids.size)
    # Candidates still open: not chosen, and (as the budget left only shrinks) not yet
    # dearer than what is left; kept up to date instead of recomputed at every step.
    ok = ~used
    by_cost = np.argsort(-c, kind="stable")  # dearest first
    dearest = -c[by_cost]
    too_dear = 0
    shown = -1
    while budget - spent > 0:
        cut = int(np.searchsorted(dearest, -(budget - spent), side="left"))  # c > budget left
        ok[by_cost[too_dear:cut]] = False
        too_dear = cut
        if not ok.any():
            break
        if progress is not None and int(100 * spent / budget) != shown:
            shown = int(100 * spent / budget)
            progress(shown, 100)
        denom = 1.0 + _quadratic_forms(products, Minv)
        if objective == "d_optimal":
            gain = np.log(denom)
        else:
            B = Minv @ A @ Minv
            gain = _quadratic_forms(products, B) / denom
            if balanced:
                nk = counts[bins]
                bonus = lambda_bal * (np.log(nk + 1.0 + 1e-6) - np.log(nk + 1e-6))
                gain = gain + bonus[k]
        score = np.where(ok, gain / c, -np.inf)
        perm = rng.permutation(n)  # drawn every step: the tie-breaking stream of the reference
        best = score.max()
        if not best > 0:
            break
        ties = np.flatnonzero(score == best)
        if ties.size == 1:
            i = int(ties[0])
        else:
            position = np.empty(n, int)
            position[perm] = np.arange(n)
            i = int(ties[np.argmin(position[ties])])
        add(i)
        ok[i] = False
        order.append(i)
        spent += c[i]
    if progress is not None:
        progress(100, 100)
    return BudgetDesign(
        selected=tuple(order),
        spent=float(spent),
        budget=float(budget),
        n_candidates=n,
        objective=objective,
        prior=prior,
        lambda_bal=float(lambda_bal),
        ridge=float(ridge),
        n_bins=int(mids.size),
        seed=int(seed),
        avg_variance=float(np.trace(A @ Minv)),
        n_seeds=n_seeds,
        fixed=tuple(int(i) for i in fixed),
    )


def budget_amount(cost, budget: float, *, fraction: bool | None = None) -> float:
    """Turn a budget given as a fraction of the pool's total cost (<= 1) or an absolute
    figure (> 1) into an absolute one; ``fraction`` forces either reading."""
    total = float(np.sum(cost))
    if budget < 0 or not np.isfinite(budget):
        raise ValueError(f"budget must be a non-negative number, got {budget}")
    as_fraction = budget <= 1.0 if fraction is None else fraction
    return budget * total if as_fraction else float(budget)
