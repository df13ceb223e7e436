"""Calibrated min-p against the paper's 3 x min: type-I error, power and speed.

Seeded simulations through ``compare_paired`` on the Open LLM Leaderboard v2 shape (six
units, 25,282 items): at flip rates 1/5/10%, the false-positive rate with no change and the
power at a true 0.3-point drop, for both rules from the same data sets. Then the time of one
comparison of the bundled KV-FP8 sample.

Run from the repository root: ``python benchmarks/calibrated_combined.py [replicates]``.
"""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.degradation.compare import compare_paired  # noqa: E402
from core.degradation.comparison import CompareOptions
from core.degradation.data.pairing import pair_runs  # noqa: E402
from core.degradation.stats import calibrated_min_p  # noqa: E402
from core.readers import read_path  # noqa: E402
from tests.core.degradation.helpers import (  # noqa: E402
    LEADERBOARD_SIZES,
    paired_from_arrays,
    simulate_pairs,
)


def rates(drop: float, flip_rate: float, replicates: int, seed: int) -> tuple[float, float]:
    rng = np.random.default_rng(seed)
    calibrated = paper = 0
    for _ in range(replicates):
        base, cand = simulate_pairs(rng, LEADERBOARD_SIZES, flip_rate, drop=drop)
        result = compare_paired(paired_from_arrays(LEADERBOARD_SIZES, base, cand))
        calibrated += result.combined_calibrated.pvalue <= 0.05
        paper += result.combined_paper.pvalue <= 0.05
    return calibrated / replicates, paper / replicates


def main() -> None:
    replicates = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    print(f"{replicates} data sets per cell, alpha 0.05, 25,282 items in six units")
    for flip_rate in (0.01, 0.05, 0.10):
        fpr = rates(0.0, flip_rate, replicates, 1)
        power = rates(0.003, flip_rate, replicates, 2)
        se = math.sqrt(0.05 * 0.95 / replicates)
        print(
            f"flip {flip_rate:.0%}: FPR calibrated {fpr[0]:.3f} paper {fpr[1]:.3f} (SE {se:.3f}); "
            f"power at 0.3 points calibrated {power[0]:.3f} paper {power[1]:.3f}"
        )
    base = read_path("sample_data/degradation/baseline.zip")
    cand = read_path("sample_data/degradation/candidate_kv_fp8.zip")
    paired = pair_runs(base, cand)
    compare_paired(paired)
    times = []
    for seed in range(10):
        calibrated_min_p.calibrate_binary.cache_clear()
        start = time.perf_counter()
        compare_paired(paired, CompareOptions(seed=seed))
        times.append(time.perf_counter() - start)
    print(f"compare_paired on the KV-FP8 sample: median {np.median(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
