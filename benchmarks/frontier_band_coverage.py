"""Coverage of the boundary band by seeded simulation, through the product's own functions.

Three scenarios with a known tau-quantile q(z) (tau = 0.98, n = 300 models, log10 FLOPs
uniform on [21, 25]):

- steep, low noise: q = 0.15 + 0.65 * expit(3 (z - 23)), scores q + 0.02 * (e - z_0.98),
  e standard normal;
- gentle, sharp top edge: edge c = 0.10 + 0.60 * expit(0.8 (z - 23)), scores
  c - Exponential(mean 0.10), so many models crowd just below the edge;
- noisy: q = 0.10 + 0.60 * expit(1.2 (z - 23)), scores q + 0.08 * (e - z_0.98).

For each simulated data set the boundary is fitted with the given method (the paper's
kappa 50 and lambda 1e-3 throughout), its 90% band of the boundary is computed exactly as
the product does (for the sharp method: the percentile band stretched by
``SHARP_BAND_WIDENING`` around the fit), and the script records whether the band covers
the true q at z = 21.5, 22.5, 23, 23.5, 24.5, and the bias of the fitted boundary there.
For comparison it also prints the coverage of the "basic" bootstrap interval and of the
band stretched by a further 1.25 and 1.5.

Run: ``python benchmarks/frontier_band_coverage.py [n_sims] [n_resamples] [method ...]``.
Figures measured on the team's 2-core machine are in ``docs/engineering-notes.md``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
from scipy.special import expit
from scipy.stats import norm

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.frontier.boundary.bootstrap import bootstrap_frontier  # noqa: E402
from core.frontier.boundary.sigmoid_fit import fit_frontier  # noqa: E402

TAU = 0.98
Z_CHECK = np.array([21.5, 22.5, 23.0, 23.5, 24.5])


def _steep(rng, n):
    z = rng.uniform(21.0, 25.0, n)
    truth = lambda x: 0.15 + 0.65 * expit(3.0 * (x - 23.0))  # noqa: E731
    y = truth(z) + 0.02 * (rng.standard_normal(n) - norm.ppf(TAU))
    return z, np.clip(y, 0.0, 1.0), truth(Z_CHECK)


def _sharp_edge(rng, n):
    z = rng.uniform(21.0, 25.0, n)
    edge = lambda x: 0.10 + 0.60 * expit(0.8 * (x - 23.0))  # noqa: E731
    y = edge(z) - rng.exponential(0.10, n)
    # The tau-quantile of edge - Exp(mean m) is edge - m * (-log(tau)).
    return z, np.clip(y, 0.0, 1.0), edge(Z_CHECK) + 0.10 * np.log(TAU)


def _noisy(rng, n):
    z = rng.uniform(21.0, 25.0, n)
    truth = lambda x: 0.10 + 0.60 * expit(1.2 * (x - 23.0))  # noqa: E731
    y = truth(z) + 0.08 * (rng.standard_normal(n) - norm.ppf(TAU))
    return z, np.clip(y, 0.0, 1.0), truth(Z_CHECK)


SCENARIOS = {"steep, low noise": _steep, "gentle, sharp top edge": _sharp_edge, "noisy": _noisy}


def coverage(scenario, method, n_sims=40, n_resamples=100, n=300, level=0.90, seed=11):
    """Share of (data set, z) pairs whose band covers the truth, mean bias, mean width.

    Returns
    -------
    dict
        ``coverage`` (overall), ``coverage_by_z`` (per checked z), ``bias`` (mean fitted
        minus true, per z) and ``width`` (mean band width, per z).
    """
    rng = np.random.default_rng(seed)
    hits, bias, width, basic = [], [], [], []
    widened = {f: [] for f in (1.25, 1.5)}
    for sim in range(n_sims):
        z, y, truth = SCENARIOS[scenario](rng, n)
        fit = fit_frontier(z, y, tau=TAU, method=method)
        band = bootstrap_frontier(
            z, y, fit, n_resamples=n_resamples, confidence_level=level, seed=sim
        )
        low, high = band.interval(Z_CHECK)
        hits.append((low <= truth) & (truth <= high))
        centre = fit.predict(Z_CHECK)
        basic.append((2 * centre - high <= truth) & (truth <= 2 * centre - low))
        for f, store in widened.items():
            lo_f, hi_f = centre - f * (centre - low), centre + f * (high - centre)
            store.append((lo_f <= truth) & (truth <= hi_f))
        bias.append(fit.predict(Z_CHECK) - truth)
        width.append(high - low)
    hits = np.array(hits)
    return {
        "coverage": float(hits.mean()),
        "coverage_by_z": hits.mean(axis=0),
        "coverage_basic": float(np.mean(basic)),
        "coverage_widened": {f: float(np.mean(v)) for f, v in widened.items()},
        "bias": np.mean(bias, axis=0),
        "width": np.mean(width, axis=0),
    }


def main(argv):
    n_sims = int(argv[0]) if argv else 40
    n_resamples = int(argv[1]) if len(argv) > 1 else 100
    methods = argv[2:] or ["paper", "sharp"]
    np.set_printoptions(precision=3, suppress=True)
    for method in methods:
        for scenario in SCENARIOS:
            start = time.perf_counter()
            r = coverage(scenario, method, n_sims, n_resamples)
            print(
                f"{method:6s} {scenario:24s} coverage {r['coverage']:.2f} "
                f"(basic {r['coverage_basic']:.2f}, widened {r['coverage_widened']}) by z {r['coverage_by_z']} bias {r['bias']} width {r['width']} "
                f"({time.perf_counter() - start:.0f} s)",
                flush=True,
            )


if __name__ == "__main__":
    main(sys.argv[1:])
