"""Speed and peak memory of the degradation statistics (pairing excluded and included).

Cases (issue "Foundation and degradation engine"):

- 25,282 paired samples in 60 tasks (the Open LLM Leaderboard v2 size), 9% flips;
- 1,000,000 paired samples in 60 tasks.

Target: the statistics (after parsing and pairing) for 25,282 samples under 50 ms.

Run: ``python benchmarks/degradation_stats.py``.
"""

from __future__ import annotations

import statistics
import time
import tracemalloc

import numpy as np

from core.degradation.compare import compare_paired
from core.degradation.data.pairing import pair_runs
from core.samples import SampleScores, make_score_frame


def _runs(n_items: int, n_tasks: int = 60, flip_rate: float = 0.09, seed: int = 0):
    rng = np.random.default_rng(seed)
    tasks = np.array([f"task_{i:02d}" for i in range(n_tasks)])[np.arange(n_items) % n_tasks]
    ids = np.arange(n_items).astype(str)
    base = (rng.random(n_items) < 0.6).astype(float)
    cand = base.copy()
    flips = rng.random(n_items) < flip_rate
    cand[flips] = 1 - cand[flips]
    return (
        SampleScores(make_score_frame(tasks, ids, base), "baseline", "bench"),
        SampleScores(make_score_frame(tasks, ids, cand), "candidate", "bench"),
    )


def _time(function, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    for n_items, repeats in ((25_282, 20), (1_000_000, 3)):
        baseline, candidate = _runs(n_items)
        paired = pair_runs(baseline, candidate)
        compare_paired(paired)  # warm up imports and caches
        pairing_s = _time(lambda b=baseline, c=candidate: pair_runs(b, c), repeats)
        stats_s = _time(lambda p=paired: compare_paired(p), repeats)
        tracemalloc.start()
        compare_paired(pair_runs(baseline, candidate))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"{n_items:>9,} samples, 60 tasks: statistics {stats_s * 1000:7.1f} ms, "
            f"pairing {pairing_s * 1000:7.1f} ms, peak memory (pairing + statistics) "
            f"{peak / 1024**2:6.1f} MiB"
        )


if __name__ == "__main__":
    main()
