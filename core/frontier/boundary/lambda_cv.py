"""Choose the slope penalty lambda_b from the data: cross-validation grouped by family.

The paper fixes lambda_b by data source (1e-3 for Open LLM Leaderboard tables, 1e-4 for
Epoch AI frontier models, ``docs/method-frontier.md`` §3). For a user's own table the
choice is made here: each candidate lambda_b is scored by K-fold cross-validation in
which whole model families (base models) are held out together, because fine-tunes of
one base share its compute and would otherwise leak into the held-out fold. The score is
the plain pinball (check) loss of the held-out models at tau, the proper scoring rule of
a tau-quantile; the candidate with the lowest mean loss wins, ties going to the larger
penalty (the smoother boundary).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.frontier.boundary.loss import DEFAULT_KAPPA
from core.frontier.boundary.sigmoid_fit import fit_frontier

#: Candidate penalties: two decades either side of the paper's two settings.
LAMBDA_GRID = (1e-5, 1e-4, 1e-3, 1e-2)


@dataclass(frozen=True, slots=True)
class LambdaChoice:
    """Outcome of the grouped cross-validation.

    Attributes
    ----------
    lambda_b : float
        The chosen penalty.
    grid : tuple of float
        Candidates, in the order tried.
    cv_loss : tuple of float
        Mean held-out pinball loss of each candidate (all held-out models pooled).
    n_folds : int
    n_groups : int
        Families (or models, when no family column was given) split into folds.
    grouped_by : str
        "family" or "model".
    """

    lambda_b: float
    grid: tuple[float, ...]
    cv_loss: tuple[float, ...]
    n_folds: int
    n_groups: int
    grouped_by: str

    def describe(self) -> str:
        """One phrase, e.g. 'chosen by 5-fold cross-validation over 40 families'."""
        edge = "; the edge of the candidates tried" if self.at_grid_edge else ""
        if self.grouped_by == "family":
            unit = "family" if self.n_groups == 1 else "families"
            return (
                f"chosen by {self.n_folds}-fold cross-validation over {self.n_groups:,} "
                f"{unit}, each held out whole{edge}"
            )
        unit = "model" if self.n_groups == 1 else "models"
        return f"chosen by {self.n_folds}-fold cross-validation over {self.n_groups:,} {unit}{edge}"

    @property
    def at_grid_edge(self) -> bool:
        """True when the choice is the smallest or largest candidate (the best may lie beyond)."""
        return self.lambda_b in (min(self.grid), max(self.grid)) and len(self.grid) > 1


def pinball_loss(residual, tau: float) -> np.ndarray:
    """Plain pinball (check) loss ``u * (tau - 1{u < 0})`` of residuals u = y - q."""
    u = np.asarray(residual, dtype=float)
    return u * (tau - (u < 0))


def group_folds(groups, n_folds: int, seed: int = 0) -> np.ndarray:
    """Fold index of each row; every group lands in one fold, folds about equal in rows.

    Groups are shuffled with ``seed``, then sorted by size (largest first, stable) and
    each is put into the fold that has the fewest rows so far.
    """
    _, codes, sizes = np.unique(
        np.asarray(groups).astype(str), return_inverse=True, return_counts=True
    )
    order = np.random.default_rng(seed).permutation(sizes.size)
    order = order[np.argsort(-sizes[order], kind="stable")]
    fold_of_group = np.empty(sizes.size, dtype=int)
    rows = np.zeros(n_folds)
    for g in order:
        k = int(np.argmin(rows))
        fold_of_group[g] = k
        rows[k] += sizes[g]
    return fold_of_group[codes]


def choose_lambda(
    log10_flops,
    score,
    groups=None,
    *,
    tau: float = 0.98,
    kappa: float = DEFAULT_KAPPA,
    method: str = "paper",
    grid=LAMBDA_GRID,
    n_folds: int = 5,
    seed: int = 0,
) -> LambdaChoice:
    """Pick lambda_b by K-fold cross-validation with whole groups held out.

    Parameters
    ----------
    log10_flops, score : array_like
        The data of one boundary.
    groups : array_like, optional
        Family (base model) of each row. Without it every model is its own group.
    tau, kappa, method
        As in :func:`core.frontier.boundary.sigmoid_fit.fit_frontier`.
    grid : sequence of float
        Candidate penalties (non-negative).
    n_folds : int
        Folds; fewer when there are fewer groups.
    seed : int
        Seed of the assignment of groups to folds.

    Returns
    -------
    LambdaChoice

    Raises
    ------
    ValueError
        Fewer than 3 groups, or a training fold with a single compute value.
    """
    z = np.asarray(log10_flops, dtype=float)
    y = np.asarray(score, dtype=float)
    grouped_by = "model" if groups is None else "family"
    labels = np.arange(z.size) if groups is None else np.asarray(groups)
    n_groups = int(np.unique(labels.astype(str)).size)
    if n_groups < 3:
        raise ValueError(
            f"choosing lambda needs at least 3 {'families' if groups is not None else 'models'}"
            f" to hold out, found {n_groups}; give --lambda a number instead"
        )
    k = min(n_folds, n_groups)
    fold = group_folds(labels, k, seed)
    grid = tuple(float(v) for v in grid)
    losses = []
    for lam in grid:
        total = 0.0
        for f in range(k):
            train, test = fold != f, fold == f
            if np.unique(z[train]).size < 2 or np.count_nonzero(train) < 3:
                raise ValueError(
                    "a cross-validation fold leaves fewer than 3 models or one compute value "
                    "for fitting; give --lambda a number instead"
                )
            fit = fit_frontier(
                z[train], y[train], tau=tau, kappa=kappa, lambda_b=lam, method=method
            )
            total += pinball_loss(y[test] - fit.predict(z[test]), tau).sum()
        losses.append(total / z.size)
    best = min(range(len(grid)), key=lambda i: (round(losses[i], 12), -grid[i]))
    return LambdaChoice(grid[best], grid, tuple(losses), k, n_groups, grouped_by)
