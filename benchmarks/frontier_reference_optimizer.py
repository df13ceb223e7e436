"""Reference optimiser: a straightforward implementation of the paper's multi-start SLSQP.

Written from the description in ``docs/frontier-method.md`` §4 (Zhang et al., arXiv
2602.15327), not copied from the authors' code. It is the yardstick the fast fitter in
``core.frontier.boundary.sigmoid_fit`` is timed and checked against (see ``frontier_fit_speed.py``);
the product never calls it.

1. Shape grid: 10 z* values on [z_min, z_max] plus the 15/35/50/65/85% quantiles of z,
   times 10 log-spaced b in [0.05, 50], plus 100 random (z*, b) pairs (seed 0).
2. Per shape, SLSQP on (y0, L) at (tau, kappa) = (0.90, 10).
3. Keep the best 10; refine each with SLSQP on all four parameters through the stages
   (0.90, 10) -> (0.90, 25) -> (0.90, 50) -> (0.95, 50) -> (tau, 50).
4. Return the survivor with the lowest final objective.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit

# The paper's bounds on b and its (tau, kappa) schedule are a specification, shared with
# the product; the optimiser below is the independent part.
from core.frontier.boundary.fit_newton import B_MAX, B_MIN
from core.frontier.boundary.loss import objective_and_gradient, smoothed_pinball_loss
from core.frontier.boundary.sigmoid_fit import continuation_stages


def _solve_level(z, y, s, tau, kappa):
    def fun(v):
        return float(np.mean(smoothed_pinball_loss(y - v[0] - v[1] * s, tau, kappa)))

    def jac(v):
        r = expit(kappa * (y - v[0] - v[1] * s)) + tau - 1.0
        return np.array([-np.mean(r), -np.mean(r * s)])

    y0 = float(np.clip(np.quantile(y, 0.1), 0.0, 1.0))
    L = float(np.clip(np.quantile(y, tau) - y0, 0.0, 1.0 - y0))
    res = minimize(
        fun,
        np.array([y0, L]),
        jac=jac,
        method="SLSQP",
        bounds=[(0.0, 1.0), (0.0, 1.0)],
        constraints=[
            {
                "type": "ineq",
                "fun": lambda v: 1.0 - v[0] - v[1],
                "jac": lambda v: np.array([-1.0, -1.0]),
            }
        ],
        options={"maxiter": 250, "ftol": 1e-9},
    )
    y0 = float(np.clip(res.x[0], 0.0, 1.0))
    return y0, float(np.clip(res.x[1], 0.0, 1.0 - y0))


def fit_reference(
    log10_flops,
    score,
    tau: float = 0.98,
    kappa: float = 50.0,
    lambda_b: float = 1e-3,
    seed: int = 0,
) -> tuple[np.ndarray, float]:
    """Fit by multi-start SLSQP; returns (theta = (y0, L, z_star, log b), objective)."""
    z = np.asarray(log10_flops, float)
    y = np.asarray(score, float)
    z_min, z_max = float(z.min()), float(z.max())
    stages = continuation_stages(tau, kappa)
    tau0, kappa0 = stages[0]
    z_grid = np.unique(
        np.concatenate(
            [np.linspace(z_min, z_max, 10), np.quantile(z, [0.15, 0.35, 0.5, 0.65, 0.85])]
        )
    )
    b_grid = np.exp(np.linspace(np.log(B_MIN), np.log(B_MAX), 10))
    rng = np.random.default_rng(seed)
    z_rand = rng.uniform(z_min, z_max, 100)
    b_rand = np.exp(rng.uniform(np.log(B_MIN), np.log(B_MAX), 100))
    shapes = [(zs, bb) for zs in z_grid for bb in b_grid] + list(zip(z_rand, b_rand))

    candidates = []
    for z_star, b in shapes:
        y0, L = _solve_level(z, y, expit(b * (z - z_star)), tau0, kappa0)
        theta = np.array([y0, L, z_star, np.log(b)])
        obj, _ = objective_and_gradient(theta, z, y, tau0, kappa0, lambda_b)
        candidates.append((obj, theta))
    candidates.sort(key=lambda item: item[0])

    bounds = [(0.0, 1.0), (0.0, 1.0), (z_min, z_max), (np.log(B_MIN), np.log(B_MAX))]
    constraint = {
        "type": "ineq",
        "fun": lambda p: 1.0 - p[0] - p[1],
        "jac": lambda p: np.array([-1.0, -1.0, 0.0, 0.0]),
    }
    best_theta, best_obj = None, np.inf
    for _, theta in candidates[:10]:
        p = theta.copy()
        for t, k in stages:
            res = minimize(
                lambda q, t=t, k=k: objective_and_gradient(q, z, y, t, k, lambda_b)[0],
                p,
                jac=lambda q, t=t, k=k: objective_and_gradient(q, z, y, t, k, lambda_b)[1],
                method="SLSQP",
                bounds=bounds,
                constraints=[constraint],
                options={"maxiter": 700, "ftol": 1e-9},
            )
            p = np.array(res.x, float)
            p[0] = np.clip(p[0], 0.0, 1.0)
            p[1] = np.clip(p[1], 0.0, 1.0 - p[0])
            p[2] = np.clip(p[2], z_min, z_max)
            p[3] = np.clip(p[3], np.log(B_MIN), np.log(B_MAX))
        obj, _ = objective_and_gradient(p, z, y, tau, kappa, lambda_b)
        if obj < best_obj:
            best_theta, best_obj = p, obj
    return best_theta, float(best_obj)
