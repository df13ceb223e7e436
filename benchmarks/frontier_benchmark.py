"""Frontier benchmarks on the OLL v2 table: fit speed vs the paper's optimiser, a
200-replicate bootstrap band, and the full temporal backtest.

Run from the repository root:  python benchmarks/frontier_benchmark.py [TABLE]
Prints numbers; it is not a test.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from frontier_reference_optimizer import fit_reference  # noqa: E402

from core.frontier.boundary.bootstrap import bootstrap_frontier  # noqa: E402
from core.frontier.boundary.sigmoid_fit import fit_frontier  # noqa: E402
from core.frontier.data.table import load_boundary_tables  # noqa: E402
from core.frontier.history.backtest import backtest_frontier  # noqa: E402
from core.frontier.history.periods import paper_oll_periods  # noqa: E402

TASKS = ["IFEval Raw", "BBH Raw", "MATH Lvl 5 Raw", "GPQA Raw", "MUSR Raw", "MMLU-PRO Raw"]
PAPER_1E24 = [0.828, 0.700, 0.539, 0.424, 0.535, 0.563]
DEFAULT = ROOT / "sample_data" / "frontier" / "oll_v2_with_tokens_reconstructed.csv"


def best_of(fn, repeats):
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main(path=DEFAULT):
    tables = load_boundary_tables(
        path, TASKS, params="#Params (B)", tokens="Pretraining tokens (T)"
    )
    print(f"fit speed, n = {tables[0].n} rows per task (best of 3 runs each)")
    print(
        f"{'task':16s} {'reference s':>11s} {'ours s':>8s} {'ratio':>6s} "
        f"{'obj gap':>10s} {'q(1e24)':>8s} {'paper':>6s}"
    )
    for table, paper in zip(tables, PAPER_1E24):
        z, y = table.log10_flops, table.score
        t_ref, (_, obj_ref) = best_of(lambda z=z, y=y: fit_reference(z, y), 3)
        t_ours, fit = best_of(lambda z=z, y=y: fit_frontier(z, y), 3)
        print(
            f"{table.score_column:16s} {t_ref:11.3f} {t_ours:8.4f} {t_ref / t_ours:6.1f} "
            f"{fit.objective - obj_ref:10.2e} {fit.predict_paper_grid(24.0):8.4f} {paper:6.3f}"
        )

    table = tables[2]
    fit = fit_frontier(table.log10_flops, table.score)
    start = time.perf_counter()
    band = bootstrap_frontier(
        table.log10_flops, table.score, fit, clusters=table.family, n_resamples=200, seed=0
    )
    elapsed = time.perf_counter() - start
    low, high = band.interval([23.0, 24.0, 25.0])
    print(
        f"\nbootstrap, {table.score_column}: 200 resamples by base model "
        f"({band.n_clusters} families) in {elapsed:.2f} s"
    )
    for z, lo, hi, q in zip((23, 24, 25), low, high, fit.predict([23.0, 24.0, 25.0])):
        print(f"  1e{z} FLOPs: {q:.4f}  90% band [{lo:.4f}, {hi:.4f}]")

    dated = load_boundary_tables(
        path,
        TASKS,
        params="#Params (B)",
        tokens="Pretraining tokens (T)",
        date="Upload To Hub Date",
    )
    start = time.perf_counter()
    reports = [backtest_frontier(t, paper_oll_periods()) for t in dated]
    elapsed = time.perf_counter() - start
    print(f"\nbacktest, paper periods, single-period scheme, 6 tasks in {elapsed:.2f} s")
    print("signed coverage error x1e-2 (t = 1, 2, 3); excess pinball x1e-3")
    for r in reports:
        cov = " ".join(f"{100 * p.signed_coverage_error:+6.2f}" for p in r.periods)
        exc = " ".join(f"{1000 * p.excess_pinball:5.2f}" for p in r.periods)
        print(f"  {r.task:16s} {cov}   {exc}")


if __name__ == "__main__":
    main(*sys.argv[1:])
