"""Fit the capability boundary: a monotone, saturating sigmoid by smoothed quantile regression.

The model (Zhang et al., arXiv 2602.15327; ``docs/method-frontier.md`` §2-4) is

    q(z) = y0 + L * expit(b * (z - z_star)),   z = log10 FLOPs,

with b in [0.05, 50] per decade, y0 and L in [0, 1], y0 + L <= 1 and z_star inside the
training range of z, fitted by minimising the softplus-smoothed pinball loss plus
``lambda_b * b**2``, through the paper's continuation over (tau, kappa) from a grid of
starting shapes.

How this differs from the paper's optimiser (multi-start SLSQP, kept as the yardstick in
``benchmarks/frontier_reference_optimizer.py``): the shape grid is screened in one batched
Newton solve of the convex (y0, L) sub-problem on at most ``screen_points`` rows, and the
surviving starts are refined by a projected Newton method with the analytic 4x4 Hessian,
in the coordinates (y0, c, z_star, log b) with L = c * (1 - y0), which turn the linear
constraint y0 + L <= 1 into a box. Same objective, same bounds, same continuation;
``benchmarks/frontier_fit_speed.py`` shows the objective is never worse than the
reference's by more than 1e-6 and the fit is more than ten times faster.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy.special import expit

from core.frontier.boundary.fit_newton import B_MAX as B_MAX
from core.frontier.boundary.fit_newton import B_MIN as B_MIN
from core.frontier.boundary.fit_newton import LOG_B, FitProblem
from core.frontier.boundary.loss import DEFAULT_KAPPA, DEFAULT_LAMBDA_B, sigmoid_boundary

if TYPE_CHECKING:  # several_taus imports this module
    from core.frontier.boundary.several_taus import ContinuationMemo

#: Points on which the paper evaluates a fitted curve (then interpolates linearly).
PAPER_GRID_POINTS = 400
#: Estimators: the paper's smoothed fit, and the product default that ends unsmoothed.
METHODS = ("sharp", "paper")
#: Final kappa multipliers of the "sharp" method (kappa 50 -> 200 -> 1000 -> 5000).
SHARP_KAPPA_FACTORS = (4.0, 20.0, 100.0)


@dataclass(frozen=True, slots=True)
class FrontierFit:
    """A fitted capability boundary ``q(z) = y0 + L * expit(b * (z - z_star))``.

    Attributes
    ----------
    y0, L, z_star, b : float
        Floor, height, inflection point (in log10 FLOPs) and slope (per decade).
    tau, kappa, lambda_b : float
        Quantile level, final smoothing and slope penalty of the objective.
    objective : float
        Final objective J = mean smoothed pinball loss + lambda_b * b**2 (for the sharp
        method, at its last kappa and with lambda_b scaled down in proportion).
    n : int
        Number of training points (rows with non-zero weight).
    log10_flops_min, log10_flops_max : float
        Training range of z; predictions outside it are extrapolations.
    converged : bool
        Whether the final Newton refinement met its tolerance.
    n_starts : int
        Starting shapes refined through the whole continuation.
    method : str
        "paper" (the paper's smoothed estimator) or "sharp" (continued to an almost
        unsmoothed loss; see :func:`continuation_stages`).
    """

    y0: float
    L: float
    z_star: float
    b: float
    tau: float
    kappa: float
    lambda_b: float
    objective: float
    n: int
    log10_flops_min: float
    log10_flops_max: float
    converged: bool
    n_starts: int
    method: str = "paper"

    @property
    def theta(self) -> np.ndarray:
        """Parameters in the optimiser's order (y0, L, z_star, log b)."""
        return np.array([self.y0, self.L, self.z_star, np.log(self.b)])

    @property
    def ceiling(self) -> float:
        """The saturation level y0 + L (never above 1)."""
        return self.y0 + self.L

    def range_text(self) -> str:
        """ "the boundary rises from 0.28 at 4e23 FLOPs to 0.87 at 5e26 FLOPs; fitted ceiling
        0.87": the boundary over the compute of its data."""
        from core.formatting import format_flops

        low, high = self.predict([self.log10_flops_min, self.log10_flops_max])
        return (
            f"the boundary rises from {low:.2f} at {format_flops(10.0**self.log10_flops_min, 1)}"
            f" FLOPs to {high:.2f} at {format_flops(10.0**self.log10_flops_max, 1)} FLOPs; "
            f"fitted ceiling {self.ceiling:.2f}"
        )

    @property
    def summary(self) -> str:
        """The boundary in one sentence: its range over the data, its ceiling, its settings."""
        from core.formatting import format_number

        return (
            f"At tau = {format_number(self.tau)}, {self.range_text()} ({self.n:,} models; "
            f"kappa {format_number(self.kappa)}, lambda {format_number(self.lambda_b)}, "
            f"{self.method} estimator)."
        )

    def to_dict(self) -> dict:
        """Every parameter and setting, full precision (the ``--save-fit`` fields)."""
        from core.formatting import json_fields

        return json_fields(
            self,
            "y0 L z_star b tau kappa lambda_b objective n log10_flops_min log10_flops_max "
            "converged n_starts method",
            finite=True,
        )

    def predict(self, log10_flops) -> np.ndarray:
        """Closed-form boundary at ``log10_flops``, clipped to [0, 1] (extrapolates)."""
        q = sigmoid_boundary(log10_flops, self.y0, self.L, self.z_star, self.b)
        return np.clip(q, 0.0, 1.0)

    def predict_paper_grid(self, log10_flops, grid_points: int = PAPER_GRID_POINTS) -> np.ndarray:
        """Boundary as the paper evaluates it, for reproducing its numbers.

        The curve is sampled on ``grid_points`` evenly spaced z over the training range,
        clipped to [0, 1], and interpolated linearly **in FLOPs** (not log FLOPs); outside
        the range the edge values are held flat.
        """
        z_grid = np.linspace(self.log10_flops_min, self.log10_flops_max, grid_points)
        q_grid = self.predict(z_grid)
        flops = 10.0 ** np.asarray(log10_flops, dtype=float)
        return np.interp(flops, 10.0**z_grid, q_grid, left=q_grid[0], right=q_grid[-1])


def continuation_stages(
    tau: float, kappa: float = DEFAULT_KAPPA, method: str = "paper"
) -> list[tuple[float, float]]:
    """The (tau, kappa) continuation: kappa 10 -> 25 -> kappa at min(tau, 0.90), then 0.95
    when 0.95 < tau, and always ending at (tau, kappa).

    With ``method="sharp"`` the continuation goes on at tau with kappa multiplied by each
    of ``SHARP_KAPPA_FACTORS``: the final step is an (almost) unsmoothed pinball loss.
    """
    first = min(tau, 0.90)
    stages = [(first, 10.0), (first, 25.0), (first, kappa)]
    if first < 0.95 < tau:
        stages.append((0.95, kappa))
    if tau > first:
        stages.append((tau, kappa))
    if method == "sharp":
        stages.extend((tau, kappa * factor) for factor in SHARP_KAPPA_FACTORS)
    return stages


def _screen(problem, shapes, tau, kappa, iterations=6):
    """Stage-1 objective of each (z_star, b) shape after a batched (y0, L) Newton solve."""
    z, y, w = problem.z, problem.y, problem.w
    z_star, b = shapes[:, 0], shapes[:, 1]
    s = expit(b[:, None] * (z[None, :] - z_star[:, None]))
    y0 = np.full(len(shapes), np.clip(np.quantile(y, 0.1), 0.0, 1.0))
    L = np.clip(np.quantile(y, tau) - y0, 0.0, 1.0 - y0)
    for _ in range(iterations):
        u = y[None, :] - y0[:, None] - L[:, None] * s
        p = expit(kappa * u)
        wr, wh = w * (p + tau - 1.0), w * kappa * p * (1.0 - p)
        g0, g1 = -wr.sum(1), -(wr * s).sum(1)
        h00, h01, h11 = wh.sum(1), (wh * s).sum(1), (wh * s * s).sum(1)
        det = h00 * h11 - h01 * h01 + 1e-12
        y0 = np.clip(y0 - (h11 * g0 - h01 * g1) / det, 0.0, 1.0)
        L = np.clip(L - (h00 * g1 - h01 * g0) / det, 0.0, 1.0 - y0)
    u = y[None, :] - y0[:, None] - L[:, None] * s
    obj = (np.logaddexp(0.0, kappa * u) / kappa + (tau - 1.0) * u) @ w
    return obj, y0, L


def _merge(states):
    """Drop refined starts that reached (nearly) the same point as a better-ranked one."""
    kept = []
    for phi, f, ok in states:
        if not any(
            abs(f - g) <= 1e-9 and np.max(np.abs(phi - other)) < 1e-3 for other, g, _ in kept
        ):
            kept.append((phi, f, ok))
    return kept


def _starting_shapes(z, seed):
    z_min, z_max = float(z[0]), float(z[-1])
    z_grid = np.unique(
        np.concatenate(
            [np.linspace(z_min, z_max, 10), np.quantile(z, [0.15, 0.35, 0.5, 0.65, 0.85])]
        )
    )
    b_grid = np.exp(np.linspace(*LOG_B, 10))
    rng = np.random.default_rng(seed)
    z_rand = rng.uniform(z_min, z_max, 100)
    b_rand = np.exp(rng.uniform(*LOG_B, 100))
    grid = np.array([(zs, bb) for zs in z_grid for bb in b_grid])
    return np.vstack([grid, np.column_stack([z_rand, b_rand])])


def _refined_starts(problem, stage, lambda_b, seed, n_survivors, screen_points, extra_starts):
    """(number of starts, states): the screened shapes' best ``n_survivors`` and the
    ``extra_starts``, refined at the first ``stage`` on a subsample, those that meet merged.
    """
    tau0, kappa0 = stage
    shapes = _starting_shapes(problem.z, seed)
    obj, y0, L = _screen(problem.subsample(screen_points), shapes, tau0, kappa0)
    starts = []
    for i in np.argsort(obj, kind="stable")[:n_survivors]:
        c = L[i] / (1.0 - y0[i]) if y0[i] < 1.0 else 0.0
        starts.append(np.array([y0[i], c, shapes[i, 0], np.log(shapes[i, 1])]))
    for extra in extra_starts:
        theta = extra.theta if isinstance(extra, FrontierFit) else np.asarray(extra, float)
        c = theta[1] / (1.0 - theta[0]) if theta[0] < 1.0 else 0.0
        starts.append(np.array([theta[0], min(c, 1.0), theta[2], theta[3]]))
    small = problem.subsample(4 * screen_points)
    states = _merge([small.newton(phi, tau0, kappa0, lambda_b, tol=1e-9) for phi in starts])
    return len(starts), states


def _validate(z, y, w, tau, kappa, lambda_b):
    if not 0.0 < tau < 1.0:
        raise ValueError(f"tau must be in (0, 1), got {tau}; the product default is 0.98")
    if kappa <= 0 or lambda_b < 0:
        raise ValueError(f"kappa must be > 0 and lambda_b >= 0, got {kappa} and {lambda_b}")
    if z.ndim != 1 or z.shape != y.shape or z.shape != w.shape:
        raise ValueError("log10_flops, score and weights must be 1-D arrays of one length")
    if not (np.all(np.isfinite(z)) and np.all(np.isfinite(y)) and np.all(np.isfinite(w))):
        raise ValueError("log10_flops, score and weights must be finite; drop such rows first")
    if np.any(w < 0):
        raise ValueError("weights must be non-negative")
    if np.any((y < 0) | (y > 1)):
        raise ValueError("scores must lie in [0, 1]; scale percentages by 1/100 first")
    keep = w > 0
    if np.count_nonzero(keep) < 3 or np.ptp(z[keep]) <= 0:
        raise ValueError("need at least 3 points with at least two distinct compute values")
    return keep


def fit_frontier(
    log10_flops,
    score,
    *,
    tau: float = 0.98,
    kappa: float = DEFAULT_KAPPA,
    lambda_b: float = DEFAULT_LAMBDA_B,
    weights=None,
    seed: int = 0,
    n_survivors: int = 4,
    screen_points: int = 256,
    extra_starts=(),
    method: str = "paper",
    memo: ContinuationMemo | None = None,
) -> FrontierFit:
    """Fit the tau-boundary of ``score`` against ``log10_flops``.

    Parameters
    ----------
    log10_flops, score : array_like
        z = log10 pre-training FLOPs and scores in [0, 1], one per model.
    tau : float
        Quantile level; 0.98 (the paper's) by default. Tested on (0.5, 0.999).
    kappa : float
        Final smoothing of the pinball loss (the continuation starts at 10).
    lambda_b : float
        Penalty on b**2: 1e-3 for Open LLM Leaderboard data, 1e-4 for Epoch AI data.
    weights : array_like, optional
        Non-negative weights (e.g. bootstrap multiplicities), normalised by their sum.
    seed : int
        Seed of the 100 random starting shapes.
    n_survivors : int
        Best screened shapes refined through the whole continuation.
    screen_points : int
        At most this many rows (evenly spaced in sorted z) are used to screen the shapes.
    extra_starts : sequence of FrontierFit or 4-vectors (y0, L, z_star, log b)
        Additional starting points (e.g. the full-data fit when bootstrapping).
    method : {"paper", "sharp"}
        "paper" stops at the smoothed loss with ``kappa`` (the paper's estimator, which
        sits above the true quantile by roughly the smoothing width where many models
        crowd just below the boundary); "sharp" continues from there to kappa x 100, so
        that the fitted curve is the (almost) plain pinball-loss quantile.
    memo : ContinuationMemo, optional
        Where the states after each stage are kept and looked up, so that fits of the same
        rows at other τ skip the stages they share
        (:class:`~core.frontier.boundary.several_taus.ContinuationMemo`). The result is
        the same, bit for bit, with or without it.

    Returns
    -------
    FrontierFit
        Parameters, objective, training range and convergence flag.

    Notes
    -----
    The objective is non-convex in (z_star, b); the screened grid plus the continuation is
    what makes the result independent of row order and of poor local optima. Active
    bounds (y0 = 0, y0 + L = 1, z_star at the data edge) are normal, not failures.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> z = rng.uniform(21, 25, 400)  # log10 FLOPs
    >>> top = 0.1 + 0.7 / (1 + np.exp(-(z - 23)))  # the best score reachable at z
    >>> y = top - rng.uniform(0, 0.4, 400)  # most models fall short of it
    >>> fit = fit_frontier(z, np.clip(y, 0, 1))
    >>> f"{fit.predict(23.0):.2f}"  # the top edge at 1e23 FLOPs is 0.45
    '0.46'
    >>> bool(fit.predict(24.0) > fit.predict(22.0))
    True
    """
    z = np.asarray(log10_flops, dtype=float)
    y = np.asarray(score, dtype=float)
    w = np.ones_like(z) if weights is None else np.asarray(weights, dtype=float)
    keep = _validate(z, y, w, tau, kappa, lambda_b)
    problem = FitProblem(z[keep], y[keep], w[keep])
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    stages = continuation_stages(tau, kappa, method)
    steps = [  # (tau, kappa, lambda, tolerance, best only) of each stage, as run below
        (t, k, lambda_b * min(1.0, kappa / k), 1e-14 if i == len(stages) - 1 else 1e-10, k > kappa)
        for i, (t, k) in enumerate(stages)
    ]  # the sharp stages shrink the penalty too, and refine only the best fit
    done, n_starts, states, inputs = 0, None, None, b""
    if memo is not None:  # resume after the stages a fit of these rows already ran
        extra = tuple(
            tuple(map(float, e.theta if isinstance(e, FrontierFit) else e)) for e in extra_starts
        )
        options = (seed, n_survivors, screen_points, stages[0], lambda_b, extra)
        inputs = memo.key(problem.z, problem.y, problem.w, *options)
        done, n_starts, states = memo.resume(inputs, steps)
    if states is None:
        n_starts, states = _refined_starts(
            problem, stages[0], lambda_b, seed, n_survivors, screen_points, extra_starts
        )
    for i in range(done, len(steps)):
        t, k, lam, tol, best_only = steps[i]
        if best_only:
            states = [min(states, key=lambda state: state[1])]
        states = _merge([problem.newton(phi, t, k, lam, tol=tol) for phi, _, _ in states])
        if memo is not None:
            memo.store(inputs, steps[: i + 1], n_starts, states)
    best = min(states, key=lambda state: state[1])
    phi, f, ok = best
    y0_hat, c_hat, z_star, log_b = (float(v) for v in phi)
    return FrontierFit(
        y0=y0_hat,
        L=c_hat * (1.0 - y0_hat),
        z_star=z_star,
        b=float(np.exp(log_b)),
        tau=float(tau),
        kappa=float(kappa),
        lambda_b=float(lambda_b),
        objective=float(f),
        n=int(problem.z.size),
        log10_flops_min=float(problem.z[0]),
        log10_flops_max=float(problem.z[-1]),
        converged=bool(ok),
        n_starts=n_starts,
        method=method,
    )
