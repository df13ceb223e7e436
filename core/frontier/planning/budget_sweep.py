"""How good is a boundary fitted on a budgeted subset? The temporal budget sweep.

``docs/method-frontier.md`` §9 ("Sweep") (Figure 6b of Zhang et al., arXiv 2602.15327):
for each consecutive period pair (t, t+1) and each budget alpha, choose models from
period t's pool within alpha of its total cost, fit the tau-boundary on the chosen models
only, and score it on the **full** pool of period t+1:

- out-of-period pinball: mean smoothed pinball loss (kappa = 50) over all test models,
  the curve evaluated on the paper's 400-point grid;
- coverage error: mean over equal-mass bins of the test z of |share below the boundary
  - tau| (macro).

Averages run over tasks and periods. Budget 100% is the full-data reference.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from core.frontier.boundary.binning import bin_index, equal_mass_edges
from core.frontier.boundary.loss import DEFAULT_KAPPA, DEFAULT_LAMBDA_B, smoothed_pinball_loss
from core.frontier.boundary.sigmoid_fit import fit_frontier
from core.frontier.data.budget_pool import CandidatePool
from core.frontier.history.periods import PeriodScheme
from core.frontier.planning.budget_design import select_models

#: The paper's budget grid (fractions of the pool's total cost), Figure 6b.
PAPER_BUDGETS = (0.05, 0.10, 0.20, 0.50, 1.00)
#: Figure 6b: mean out-of-period pinball over the six OLL v2 tasks and t = 1, 2, 3.
PAPER_FIGURE_6B = {0.05: 0.0086, 0.10: 0.0063, 0.20: 0.0058, 0.50: 0.0056, 1.00: 0.0050}

Planner = Literal["one-shot", "adaptive"]


@dataclass(frozen=True, slots=True)
class SweepResult:
    """Per (planner, budget, task, period pair) results of a budget sweep.

    Attributes
    ----------
    rows : pandas.DataFrame
        Columns planner, budget, task, train, test, n_pool, n_selected, spent,
        pool_cost, n_fit, n_test, pinball, coverage_error (full precision; NaN when the
        chosen models were too few to fit).
    tau, kappa : float
        Quantile level and smoothing of the scoring loss.
    seconds : float
        Wall-clock time of the sweep.
    """

    rows: pd.DataFrame
    tau: float
    kappa: float
    seconds: float

    @property
    def summary(self) -> pd.DataFrame:
        """Mean pinball and coverage error per planner and budget, over tasks and periods,
        with the pinball relative to the same planner's full-data (100%) value."""
        g = (
            self.rows.groupby(["planner", "budget"], sort=True)
            .agg(
                pinball=("pinball", "mean"),
                coverage_error=("coverage_error", "mean"),
                n_selected=("n_selected", "mean"),
                share_selected=("share_selected", "mean"),
            )
            .reset_index()
        )
        full = self.rows[self.rows["budget"] >= 1.0]["pinball"].mean()
        g["pinball_vs_full"] = g["pinball"] / full if np.isfinite(full) else np.nan
        return g


def score_boundary(
    fit,
    z_test,
    y_test,
    tau: float = 0.98,
    kappa: float = DEFAULT_KAPPA,
) -> tuple[float, float]:
    """(mean smoothed pinball, macro coverage error) of ``fit`` on the test models.

    Coverage is measured in the default equal-mass bins of the test compute
    (:func:`core.frontier.boundary.binning.equal_mass_edges`: 10 bins of at least 30).
    """
    q = fit.predict_paper_grid(z_test)
    pinball = float(np.mean(smoothed_pinball_loss(y_test - q, tau, kappa)))
    k = bin_index(z_test, equal_mass_edges(z_test))
    cov = [np.mean(y_test[k == b] <= q[k == b]) for b in np.unique(k[k >= 0])]
    return pinball, float(np.mean(np.abs(np.asarray(cov) - tau)))


def _plan(planner, pool, amount, seed, history, adaptive_settings):
    if planner == "one-shot":
        return select_models(pool.log10_flops, pool.cost, amount, seed=seed).mask()
    if planner == "adaptive":
        from core.frontier.planning.budget_adaptive import adaptive_plan

        return adaptive_plan(pool, amount, seed=seed, history=history, **adaptive_settings).mask()
    raise ValueError(f"planner must be 'one-shot' or 'adaptive', got {planner!r}")


def budget_sweep(
    pool: CandidatePool,
    periods: PeriodScheme,
    *,
    budgets: Sequence[float] = PAPER_BUDGETS,
    planners: Sequence[Planner] = ("one-shot",),
    tasks: Sequence[str] | None = None,
    tau: float = 0.98,
    kappa: float = DEFAULT_KAPPA,
    lambda_b: float = DEFAULT_LAMBDA_B,
    seed: int = 42,
    batches: int = 4,
    adaptive_options: Mapping[str, object] | None = None,
    history: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> SweepResult:
    """Sweep budgets over consecutive period pairs (single-period scheme).

    Parameters
    ----------
    pool : CandidatePool
        Models with compute, cost, dates and the scores of ``tasks``.
    periods : PeriodScheme
        E.g. :func:`core.frontier.history.periods.paper_oll_periods`.
    budgets : sequence of float
        Fractions of each training period's total cost, in (0, 1].
    planners : sequence of {"one-shot", "adaptive"}
        The paper's balanced I-optimal design, and/or the batch-adaptive planner of
        :mod:`core.frontier.planning.budget_adaptive` (it sees a batch's scores before choosing
        the next batch).
    tasks : sequence of str, optional
        Score columns of ``pool`` (all of them by default).
    tau, kappa, lambda_b : float
        Boundary level, loss smoothing and slope penalty.
    seed : int
        Tie-breaking seed of the design.
    batches : int
        Batches of the adaptive planner.
    adaptive_options : mapping, optional
        Further keyword arguments of
        :func:`core.frontier.planning.budget_adaptive.adaptive_plan` (e.g. ``weighting="cost"``).
    history : bool
        Let the adaptive planner steer its first batch by the full data of the earlier
        periods (what a campaign planning period t has already evaluated). The boundary
        is still fitted on the chosen models of period t only.
    progress : callable, optional
        Called as ``progress(done, total)`` after each (period, planner, budget) cell (a
        line on stderr in the command line).

    Returns
    -------
    SweepResult
        Per-cell rows and a ``summary`` per planner and budget.
    """
    if pool.date is None:
        raise ValueError("the budget sweep needs dates; load the pool with a date column")
    tasks = list(pool.scores) if tasks is None else list(tasks)
    if not tasks:
        raise ValueError("the budget sweep needs at least one score column")
    if any(not 0 < b <= 1 for b in budgets):
        raise ValueError(f"budgets are fractions in (0, 1], got {list(budgets)}")
    start = time.perf_counter()
    index = periods.assign(pool.date)
    labels = periods.labels
    rows = []
    cells = [t for t in range(len(labels) - 1) for _ in planners for _ in budgets]
    done = 0
    adaptive_settings = dict(
        batches=batches, tau=tau, kappa=kappa, lambda_b=lambda_b, **dict(adaptive_options or {})
    )
    for t in range(len(labels) - 1):
        train = pool.subset(index == t)
        test = pool.subset(index == t + 1)
        if train.n < 3 or test.n < 3:
            done += len(planners) * len(budgets)
            if progress is not None:
                progress(done, len(cells))
            continue
        for planner in planners:
            for budget in budgets:
                done += 1
                amount = budget * float(train.cost.sum())
                chosen = (
                    np.ones(train.n, bool)
                    if budget >= 1.0
                    else _plan(
                        planner,
                        train,
                        amount,
                        seed,
                        pool.subset(index < t) if history and t > 0 else None,
                        adaptive_settings,
                    )
                )
                for task in tasks:
                    y_tr, y_te = train.scores[task], test.scores[task]
                    fit_rows = chosen & np.isfinite(y_tr)
                    ok_te = np.isfinite(y_te)
                    pinball = coverage = np.nan
                    if (
                        np.count_nonzero(fit_rows) >= 3
                        and np.ptp(train.log10_flops[fit_rows]) > 0
                        and ok_te.sum() >= 3
                    ):
                        fit = fit_frontier(
                            train.log10_flops[fit_rows],
                            y_tr[fit_rows],
                            tau=tau,
                            kappa=kappa,
                            lambda_b=lambda_b,
                        )
                        pinball, coverage = score_boundary(
                            fit, test.log10_flops[ok_te], y_te[ok_te], tau, kappa
                        )
                    rows.append(
                        {
                            "planner": planner,
                            "budget": float(budget),
                            "task": task,
                            "train": labels[t],
                            "test": labels[t + 1],
                            "n_pool": train.n,
                            "n_selected": int(chosen.sum()),
                            "share_selected": float(chosen.mean()),
                            "spent": float(train.cost[chosen].sum()),
                            "pool_cost": float(train.cost.sum()),
                            "n_fit": int(fit_rows.sum()),
                            "n_test": int(ok_te.sum()),
                            "pinball": pinball,
                            "coverage_error": coverage,
                        }
                    )
                if progress is not None:
                    progress(done, len(cells))
    return SweepResult(pd.DataFrame(rows), float(tau), float(kappa), time.perf_counter() - start)
