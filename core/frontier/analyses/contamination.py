"""Contamination probe: do models released after a cut-off beat the cross-benchmark trend?

``docs/method-frontier.md`` §8 (Zhang et al., arXiv 2602.15327, Figure 7b). For two
benchmarks of the same skill (x: an older one, y: the one whose cut-off date is given),
fit by OLS on the logit scale, within the common support of both groups,

    logit(y) = a + b * logit(x) + gamma * 1[released after the cut-off] + e,

and test H1: gamma > 0 (later models beat the prediction) with the one-sided t-test and
with a stratified permutation test that shuffles the post-cut-off label within quantile
bins of x. This is a probe, not proof: a positive gamma is also what genuine progress on
the newer benchmark's specific skill would produce.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats
from scipy.special import logit

from core.errors import InputError
from core.formatting import json_fields
from core.frontier.data.dates import parse_date, parse_dates


@dataclass(frozen=True, slots=True)
class ContaminationResult:
    """Result of :func:`contamination_probe` (full precision).

    Attributes
    ----------
    cutoff : pandas.Timestamp
        Models released on or after it are "after".
    n, n_before, n_after : int
        Models used (inside the common support), by group.
    n_outside_support : int
        Models dropped because their x lies where only one group has models.
    n_missing : int
        Models dropped for a missing score or date.
    support : tuple of float
        (low, high) of logit(x) kept.
    intercept, slope, gamma : float
        OLS coefficients a, b and the post-cut-off shift gamma (logit units).
    standard_error, statistic : float
        Standard error of gamma and its t statistic.
    pvalue : float
        One-sided OLS t-test p-value for the alternative.
    pvalue_permutation : float
        (1 + #{gamma* >= gamma}) / (K + 1) for "greater" (mirrored for "less").
    n_permutations, n_strata, seed : int
        Permutation settings, echoed.
    alternative : str
        "greater" (the contamination direction) or "less".
    pooled_intercept, pooled_slope : float
        The pooled fit without the indicator, drawn in the chart.
    percent_scaled : bool
        True when the scores looked like percentages and were divided by 100.
    eps : float
        Scores were clipped to [eps, 1 - eps] before the logit.
    """

    cutoff: pd.Timestamp
    n: int
    n_before: int
    n_after: int
    n_outside_support: int
    n_missing: int
    support: tuple[float, float]
    intercept: float
    slope: float
    gamma: float
    standard_error: float
    statistic: float
    pvalue: float
    pvalue_permutation: float
    n_permutations: int
    n_strata: int
    seed: int
    alternative: str
    pooled_intercept: float
    pooled_slope: float
    percent_scaled: bool
    eps: float
    points: pd.DataFrame | None = None

    def to_dict(self) -> dict:
        """The JSON-ready form (``contamination --format json``): the test, full precision."""
        counts = "n n_before n_after n_outside_support n_missing"
        model = "intercept slope gamma standard_error statistic"
        test = "pvalue_permutation alternative n_permutations n_strata seed"
        pooled = {"intercept": self.pooled_intercept, "slope": self.pooled_slope}
        return (
            {"cutoff": str(self.cutoff.date())}
            | json_fields(self, f"{counts} {model}")
            | {
                "pvalue_t": self.pvalue,
                **json_fields(self, test),
                "pooled_fit": pooled,
            }
        )

    @property
    def summary(self) -> pd.DataFrame:
        """One row with the test's numbers."""
        return pd.DataFrame(
            [
                {
                    "cutoff": self.cutoff.date(),
                    "n": self.n,
                    "n_before": self.n_before,
                    "n_after": self.n_after,
                    "gamma": self.gamma,
                    "statistic": self.statistic,
                    "pvalue_t": self.pvalue,
                    "pvalue_permutation": self.pvalue_permutation,
                    "alternative": self.alternative,
                    "n_permutations": self.n_permutations,
                    "n_strata": self.n_strata,
                }
            ]
        )


def _fraction(values, name):
    v = np.asarray(values, dtype=float)
    finite = v[np.isfinite(v)]
    if finite.size and (finite.min() < 0 or finite.max() > 100):
        raise InputError(
            f"{name} scores must be fractions in [0, 1] or percentages in "
            f"[0, 100]; found values from {finite.min():g} to {finite.max():g}"
        )
    scaled = bool(finite.size and finite.max() > 1.0)
    return (v / 100.0 if scaled else v), scaled


def _strata(x, n_strata):
    edges = np.quantile(x, np.linspace(0, 1, n_strata + 1)[1:-1])
    return np.searchsorted(edges, x, side="right")


def contamination_probe(
    x_score,
    y_score,
    date,
    cutoff,
    *,
    alternative: str = "greater",
    n_permutations: int = 2000,
    n_strata: int = 5,
    eps: float = 1e-6,
    seed: int = 0,
    model=None,
    progress=None,
) -> ContaminationResult:
    """Logit-logit regression with a post-cut-off indicator and its one-sided tests.

    Parameters
    ----------
    x_score, y_score : array_like
        Scores on the older benchmark (x, e.g. MATH-500) and on the benchmark whose
        cut-off is probed (y, e.g. AIME-2025); fractions or percentages.
    date : array_like
        Release date of each model.
    cutoff : str or datetime-like
        The y benchmark's publication date (2025-02-06 for AIME-2025).
    alternative : {"greater", "less"}
        "greater" tests gamma > 0, the contamination direction.
    n_permutations : int
        K label shuffles of the permutation test.
    n_strata : int
        Quantile bins of logit(x) within which labels are shuffled.
    eps : float
        Clipping before the logit.
    seed : int
        Seed of the shuffles.
    model : array_like, optional
        Names, kept in ``points`` for the chart.
    progress : callable, optional
        Called as ``progress(done, n_strata)`` after the shuffles of each stratum (a line
        on stderr in the command line).

    Returns
    -------
    ContaminationResult

    Raises
    ------
    ValueError
        Scores outside [0, 100], a bad cut-off, or fewer than 3 models on either side of
        the cut-off inside the common support.

    Notes
    -----
    Shuffling within x-strata keeps the permutation null honest when later models are
    also stronger on x: an unstratified shuffle would mix the groups' x-distributions.
    """
    if alternative not in ("greater", "less"):
        raise ValueError(f"alternative must be 'greater' or 'less', got {alternative!r}")
    if n_permutations < 19 or n_strata < 1:
        raise ValueError("use at least 19 permutations and 1 stratum")
    try:
        cut = parse_date(cutoff, "cut-off")
    except InputError as error:
        raise ValueError(f"cut-off must be a date like 2025-02-06, got {cutoff!r}") from error
    xs, scaled_x = _fraction(x_score, "x")
    ys, scaled_y = _fraction(y_score, "y")
    d = pd.Series(parse_dates(date).values)
    names = (
        np.asarray(model, dtype=object)
        if model is not None
        else np.array([f"row {i + 1}" for i in range(xs.size)], dtype=object)
    )
    ok = np.isfinite(xs) & np.isfinite(ys) & d.notna().to_numpy()
    after = (d >= cut).to_numpy()
    lx = logit(np.clip(xs, eps, 1 - eps))
    ly = logit(np.clip(ys, eps, 1 - eps))
    groups = [ok & ~after, ok & after]
    if any(g.sum() == 0 for g in groups):
        raise InputError(
            f"need models released both before and after {cut.date()} "
            f"(before: {int(groups[0].sum())}, after: {int(groups[1].sum())})"
        )
    low = max(lx[g].min() for g in groups)
    high = min(lx[g].max() for g in groups)
    keep = ok & (lx >= low) & (lx <= high)
    n_before, n_after = int((keep & ~after).sum()), int((keep & after).sum())
    if n_before < 3 or n_after < 3:
        raise InputError(
            f"the common x-range of the two groups holds {n_before} models "
            f"before and {n_after} after {cut.date()}; need at least 3 each"
        )
    xk, yk, dk = lx[keep], ly[keep], after[keep].astype(float)
    n = xk.size
    X = np.column_stack([np.ones(n), xk, dk])
    beta, *_ = np.linalg.lstsq(X, yk, rcond=None)
    resid = yk - X @ beta
    dof = n - 3
    sigma2 = float(resid @ resid) / dof if dof > 0 else float("nan")
    cov = sigma2 * np.linalg.inv(X.T @ X)
    se = float(np.sqrt(cov[2, 2]))
    t = float(beta[2] / se) if se > 0 else float("inf") * np.sign(beta[2])
    p_t = float(stats.t.sf(t, dof) if alternative == "greater" else stats.t.cdf(t, dof))
    # Permutation: gamma = (d~' y)/(d~' d~) with d~ the residual of d on [1, x] (FWL).
    X0 = X[:, :2]
    g_star = _permuted_gammas(
        X0, yk, dk, _strata(xk, n_strata), n_permutations, seed, progress=progress
    )
    tol = 1e-12 * max(1.0, abs(beta[2]))
    extreme = (g_star >= beta[2] - tol) if alternative == "greater" else (g_star <= beta[2] + tol)
    p_perm = float((1 + extreme.sum()) / (n_permutations + 1))
    pooled, *_ = np.linalg.lstsq(X0, yk, rcond=None)
    points = pd.DataFrame(
        {
            "model": names[keep],
            "date": d[keep].to_numpy(),
            "logit_x": xk,
            "logit_y": yk,
            "group": np.where(after[keep], "after cut-off", "before cut-off"),
        }
    )
    return ContaminationResult(
        cutoff=cut,
        n=n,
        n_before=n_before,
        n_after=n_after,
        n_outside_support=int((ok & ~keep).sum()),
        n_missing=int((~ok).sum()),
        support=(float(low), float(high)),
        intercept=float(beta[0]),
        slope=float(beta[1]),
        gamma=float(beta[2]),
        standard_error=se,
        statistic=t,
        pvalue=p_t,
        pvalue_permutation=p_perm,
        n_permutations=int(n_permutations),
        n_strata=int(n_strata),
        seed=int(seed),
        alternative=alternative,
        pooled_intercept=float(pooled[0]),
        pooled_slope=float(pooled[1]),
        percent_scaled=scaled_x or scaled_y,
        eps=float(eps),
        points=points,
    )


def _permuted_gammas(X0, yk, dk, strata, n_permutations, seed, block_cells=2**21, progress=None):
    """gamma of each label shuffle (within strata), in memory linear in n.

    With U an orthonormal basis of the columns of ``X0`` = [1, x] and r the residual of y
    on them, d~' y = d' r and d~' d~ = d' d - |U' d|^2. Both are sums over strata, so the
    shuffles are drawn stratum by stratum, in blocks of at most ``block_cells`` labels; the
    random stream is the one of shuffling the whole K x n label matrix at once (the same
    p-value for a given seed), but neither that matrix nor the n x n hat matrix is built.
    """
    u, sing, _ = np.linalg.svd(X0, full_matrices=False)
    rank_tol = max(X0.shape) * np.finfo(float).eps * (sing[0] if sing.size else 0.0)
    basis = u[:, sing > rank_tol]  # the column space, as np.linalg.pinv would project on
    resid = yk - basis @ (basis.T @ yk)
    numerator = np.zeros(n_permutations)
    projection = np.zeros((n_permutations, basis.shape[1]))
    rng = np.random.default_rng(seed)
    levels = np.unique(strata)
    for done, stratum in enumerate(levels, start=1):
        idx = np.flatnonzero(strata == stratum)
        labels = dk[idx] > 0
        rows = max(1, block_cells // idx.size)
        for start in range(0, n_permutations, rows):
            stop = min(start + rows, n_permutations)
            block = rng.permuted(np.tile(labels, (stop - start, 1)), axis=1).astype(float)
            numerator[start:stop] += block @ resid[idx]
            projection[start:stop] += block @ basis[idx]
        if progress is not None:
            progress(done, levels.size)
    ones = float(np.sum(dk > 0))  # every shuffle keeps the number of post-cut-off models
    denom = ones - np.einsum("ij,ij->i", projection, projection)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denom > 1e-12 * max(ones, 1.0), numerator / denom, 0.0)
