"""Benchmark: every bootstrap refit of the six OLL v2 boundaries, recorded and compared.

Runs what ``python -m core frontier TABLE --score <6 scores> ... --at 3e24`` runs (the
sharp fit and 200 resamples per score, seed 0), recording each refit's parameters, its
objective at the warm solve's (tau, kappa, lambda), whether the warm solve converged (or
the whole fit ran), and the Newton evaluations it took (objective-only trials, Hessians).

    python benchmarks/frontier_bootstrap_refits.py [--save FILE.npz] [--compare FILE.npz]
        [--n-boot 200] [--profile]

``--save`` keeps the record; ``--compare`` checks the refits against a saved one: every
objective within 1e-12 relative and every parameter within 1e-7, listing those that land
elsewhere. ``--profile`` prints the top of a cProfile of the bootstraps.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.frontier.boundary import bootstrap as bootstrap_module  # noqa: E402
from core.frontier.boundary.bootstrap import bootstrap_frontier  # noqa: E402
from core.frontier.boundary.fit_newton import FitProblem  # noqa: E402
from core.frontier.boundary.fit_settings import FitSettings, fit_with_settings  # noqa: E402
from core.frontier.boundary.sigmoid_fit import continuation_stages  # noqa: E402
from core.frontier.data.table import load_boundary_tables  # noqa: E402

OLL = ROOT / "sample_data" / "frontier" / "oll_v2_with_tokens_reconstructed.csv"
SCORES = ["IFEval Raw", "BBH Raw", "MATH Lvl 5 Raw", "GPQA Raw", "MUSR Raw", "MMLU-PRO Raw"]


class Counter:
    """Counts FitProblem.terms calls by kind, and whole-fit fallbacks, per refit."""

    def __init__(self):
        self.calls = {None: 0, False: 0, True: 0}
        self.fallbacks = 0

    def install(self):
        terms, fit = FitProblem.terms, bootstrap_module.fit_frontier
        counter = self

        def counted_terms(self, phi, tau, kappa, lam, hessian=True):
            counter.calls[hessian] += 1
            return terms(self, phi, tau, kappa, lam, hessian)

        def counted_fit(*args, **kwargs):
            counter.fallbacks += 1
            return fit(*args, **kwargs)

        FitProblem.terms = counted_terms
        bootstrap_module.fit_frontier = counted_fit

    def snapshot(self):
        return self.calls[None], self.calls[True], self.fallbacks


def objective(z, y, weights, fit, params) -> float:
    """The warm solve's objective of one refit's parameters on its weighted rows."""
    tau, kappa = continuation_stages(fit.tau, fit.kappa, fit.method)[-1]
    lam = fit.lambda_b * min(1.0, fit.kappa / kappa)
    keep = weights > 0
    problem = FitProblem(z[keep], y[keep], weights[keep])
    y0, L, zs, b = params
    c = min(L / (1.0 - y0), 1.0) if y0 < 1.0 else 0.0
    return float(problem.terms(np.array([y0, c, zs, np.log(b)]), tau, kappa, lam, hessian=None))


def run(n_boot: int, count: bool) -> dict:
    tables = load_boundary_tables(
        OLL, SCORES, params="#Params (B)", tokens="Pretraining tokens (T)"
    )
    counter = Counter()
    refit = bootstrap_module._refit
    record: dict = {}
    per_refit: list = []

    def recorded_refit(z, y, weights, fit, rows=None):
        before = counter.snapshot()
        start = time.perf_counter()
        params = refit(z, y, weights, fit, rows)
        seconds = time.perf_counter() - start
        after = counter.snapshot()
        per_refit.append((weights.copy(), params, seconds, *np.subtract(after, before)))
        return params

    if count:
        counter.install()
    bootstrap_module._refit = recorded_refit
    total = total_cpu = 0.0
    try:
        for table in tables:
            fit, _ = fit_with_settings(FitSettings(tau=0.98), table.log10_flops, table.score)
            per_refit.clear()
            start, cpu = time.perf_counter(), time.process_time()
            band = bootstrap_frontier(
                table.log10_flops, table.score, fit, clusters=table.family, n_resamples=n_boot
            )
            seconds = time.perf_counter() - start
            cpu = time.process_time() - cpu
            total += seconds
            total_cpu += cpu
            z, y = table.log10_flops, table.score
            objectives = [objective(z, y, w, fit, p) for w, p, *_ in per_refit]
            stats = np.array([r[2:] for r in per_refit])
            record[table.score_column] = {
                "params": band.params,
                "objective": np.array(objectives),
                "stats": stats,  # seconds, trials, hessians, fallbacks
                "seconds": seconds,
                "cpu": cpu,
            }
    finally:
        bootstrap_module._refit = refit
    record["_total"], record["_cpu"] = total, total_cpu
    return record


def summarise(record: dict) -> None:
    print(
        f"{'score':>14} {'s':>6} {'cpu s':>6} {'fallbacks':>9} {'trials':>7} {'hessians':>8} {'max ev':>6}"
    )
    for name, r in record.items():
        if name.startswith("_"):
            continue
        st = r["stats"]
        evals = st[:, 1] + st[:, 2]
        print(
            f"{name:>14} {r['seconds']:6.2f} {r['cpu']:6.2f} {int(st[:, 3].sum()):9d} {int(st[:, 1].sum()):7d} "
            f"{int(st[:, 2].sum()):8d} {int(evals.max()):6d}"
        )
    print(
        f"bootstraps total {record['_total']:.2f} s, CPU {record['_cpu']:.2f} s "
        f"(load {os.getloadavg()[0]:.1f})"
    )


def compare(record: dict, path: Path) -> int:
    saved = np.load(path)
    moved = 0
    for name, r in record.items():
        if name.startswith("_"):
            continue
        p0, f0 = saved[f"{name}/params"], saved[f"{name}/objective"]
        p1, f1 = r["params"], r["objective"]
        rel = np.abs(f1 - f0) / np.abs(f0)
        dp = np.max(np.abs(p1 - p0), axis=1)
        off = np.flatnonzero((rel > 1e-12) | (dp > 1e-7))
        moved += off.size
        print(
            f"{name:>14}: max |d objective| rel {rel.max():.1e}, max |d param| {dp.max():.1e}, "
            f"{off.size} refits elsewhere"
        )
        for i in off:
            print(
                f"    refit {i}: objective {f0[i]:.15g} -> {f1[i]:.15g}, params {p0[i]} -> {p1[i]}"
            )
    return moved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-boot", type=int, default=200)
    parser.add_argument("--save", type=Path)
    parser.add_argument("--compare", type=Path)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--no-count", action="store_true", help="time without counting")
    args = parser.parse_args()
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
    record = run(args.n_boot, count=not args.no_count)
    if args.profile:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    summarise(record)
    if args.save:
        arrays = {}
        for name, r in record.items():
            if not name.startswith("_"):
                arrays |= {f"{name}/{key}": r[key] for key in ("params", "objective", "stats")}
        np.savez(args.save, **arrays)
    if args.compare:
        compare(record, args.compare)


if __name__ == "__main__":
    main()
