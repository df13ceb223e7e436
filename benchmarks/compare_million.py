"""Benchmark: ``python -m core compare`` on 10^6 samples per side, as a whole process.

Writes two long-layout CSV files (``task,item_id,score``: 10 tasks x 100,000 items, 0/1
scores, the candidate flipping about 9% of the items with a slight drop) into a temporary
folder, then times ``python -m core compare BASELINE CANDIDATE`` and reports its peak RSS
(``os.wait4``), median of ``--repeat`` runs.

    python benchmarks/compare_million.py [--items 1000000] [--repeat 3] [--before DIR]

With ``--before DIR`` (an older checkout, e.g. ``git archive``) its ``compare`` runs too,
interleaved with this one, so that both see the same load; CPU time (user + system) is
printed beside the wall time.

Target (issue 13): under 5 s and under 1 GB.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def write_side(path: Path, tasks: np.ndarray, items: np.ndarray, scores: np.ndarray) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("task,item_id,score\n")
        out.writelines(f"task_{t},{i},{s}\n" for t, i, s in zip(tasks, items, scores))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", type=Path, help="an older checkout to time as well")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    n = args.items
    tasks, items = np.arange(n) % 10, np.arange(n) // 10
    base = (rng.random(n) < 0.6).astype(int)
    flip = rng.random(n) < 0.09
    worse = rng.random(n) < 0.52
    cand = np.where(flip, np.where(worse, 0, 1), base)
    with tempfile.TemporaryDirectory() as tmp:
        paths = [Path(tmp) / "baseline.csv", Path(tmp) / "candidate.csv"]
        write_side(paths[0], tasks, items, base)
        write_side(paths[1], tasks, items, cand)
        size = sum(p.stat().st_size for p in paths) / 2**20
        print(f"2 x {n:,} samples, {size:.0f} MiB of CSV; load {os.getloadavg()[0]:.2f}")
        where = {"compare": ROOT, **({"compare (before)": args.before} if args.before else {})}
        figures: dict[str, list[tuple[float, float, float]]] = {name: [] for name in where}
        for _ in range(args.repeat):
            for name, cwd in where.items():
                start = time.perf_counter()
                process = subprocess.Popen(
                    [sys.executable, "-m", "core", "compare", *map(str, paths)],
                    cwd=cwd,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                )
                _, status, usage = os.wait4(process.pid, 0)
                wall = time.perf_counter() - start
                cpu = usage.ru_utime + usage.ru_stime
                figures[name].append((wall, usage.ru_maxrss / 1024, cpu))
                code = os.waitstatus_to_exitcode(status)
                if code not in (0, 1):
                    raise SystemExit(f"compare failed ({code}): {process.stderr.read().decode()}")
        for name, values in figures.items():
            walls = [w for w, _, _ in values]
            print(
                f"{name}: median {statistics.median(walls):.2f} s "
                f"({', '.join(f'{w:.2f}' for w in walls)}), "
                f"CPU {statistics.median(c for _, _, c in values):.2f} s, "
                f"peak RSS {max(r for _, r, _ in values):.0f} MiB"
            )
        print(f"load at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
