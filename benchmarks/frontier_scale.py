"""Benchmark: every frontier command on a 50,000-row table, as whole processes.

The table is synthesised from the bundled OLL v2 table (4,576 models): rows are drawn with
replacement and jittered (parameters x U(0.8, 1.25), scores + N(0, 0.01) clipped to the
column's range, upload dates +- 60 days, a unique model name), so every column keeps its
format and the commands see realistic shapes at eleven times the size.

    python benchmarks/frontier_scale.py [--rows 50000] [--only frontier,contamination,bootstrap]
        [--before DIR] [--repeat N]

``--before DIR`` (an older checkout, e.g. ``git archive COMMIT | tar -x -C DIR``) runs each
command there too, interleaved with this tree (before, after, before, after, ...), so both
see the same load on a shared machine. With ``--repeat N`` the commands are interleaved
too (every command once per round), so a ratio of two commands is measured under one load.

``frontier6`` / ``frontier6-no-bootstrap`` fit the six OLL v2 scores at once (with and
without the default 200 resamples); the other commands use one score.

Prints wall time, CPU time (user + system) and peak RSS (``os.wait4``) of each command, and the 1-boundary fit
against the bootstrap in process (the bootstrap's cost in plain fits). Target (issue 13):
each command at most 30 s and 2 GB; 200 bootstrap resamples at most 5x the plain fits.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
OLL = ROOT / "sample_data" / "frontier" / "oll_v2_with_tokens_reconstructed.csv"
COMPUTE = ["--params", "#Params (B)", "--tokens", "Pretraining tokens (T)"]
SCORES = ["IFEval Raw", "BBH Raw", "MATH Lvl 5 Raw", "GPQA Raw", "MUSR Raw", "MMLU-PRO Raw"]
DATE = "Upload To Hub Date"


def synthesise(rows: int, seed: int = 0) -> pd.DataFrame:
    """``rows`` jittered draws of the OLL v2 table's rows."""
    base = pd.read_csv(OLL)
    rng = np.random.default_rng(seed)
    table = base.iloc[rng.integers(0, len(base), rows)].reset_index(drop=True)
    table["#Params (B)"] = table["#Params (B)"] * rng.uniform(0.8, 1.25, rows)
    for column in SCORES:
        values = table[column].to_numpy(float)
        top = np.nanmax(base[column].to_numpy(float))
        table[column] = np.clip(values + rng.normal(0, 0.01, rows), 0.0, top)
    dates = pd.to_datetime(table[DATE], errors="coerce", utc=True)
    shifted = dates + pd.to_timedelta(rng.integers(-60, 61, rows), unit="D")
    table[DATE] = shifted.dt.strftime("%Y-%m-%d")
    table["eval_name"] = [f"synthetic/{name}-{i}" for i, name in enumerate(table["eval_name"])]
    table["fullname"] = table["eval_name"]
    return table


def run(command: list[str], cwd: Path = ROOT) -> tuple[float, float, int, float]:
    """(wall s, peak RSS MiB, exit code, CPU s: user + system) of one whole process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    error = process.stderr.read().decode()[-300:] if process.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        print(f"   exit {code}: {error.strip()}")
    cpu = usage.ru_utime + usage.ru_stime
    return time.perf_counter() - start, usage.ru_maxrss / 1024, code, cpu


def bootstrap_cost(path: Path, rows: int) -> None:
    """One boundary: a plain fit against 200 bootstrap resamples, in process."""
    sys.path.insert(0, str(ROOT))
    from core.frontier.boundary.bootstrap import bootstrap_frontier
    from core.frontier.boundary.sigmoid_fit import fit_frontier
    from core.frontier.data.table import load_boundary_tables

    for table in load_boundary_tables(
        path, ["MATH Lvl 5 Raw"], params=COMPUTE[1], tokens=COMPUTE[3]
    ):
        start = time.perf_counter()
        fit = fit_frontier(table.log10_flops, table.score)
        plain = time.perf_counter() - start
        start = time.perf_counter()
        bootstrap_frontier(table.log10_flops, table.score, fit, n_resamples=200)
        boot = time.perf_counter() - start
        print(
            f"in process, {table.n:,} rows: fit {plain:.3f} s, 200 resamples {boot:.2f} s "
            f"({boot / plain:.0f} fits)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--only", help="comma-separated command names")
    parser.add_argument("--table", type=Path, help="use this table instead of synthesising")
    parser.add_argument("--before", type=Path, help="older checkout to time interleaved")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each command")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.table or Path(tmp) / "oll_synthetic.csv"
        if not args.table:
            synthesise(args.rows).to_csv(path, index=False)
        table = str(path)
        score = "MATH Lvl 5 Raw"
        frontier6 = ["frontier", table, "--score", ",".join(SCORES), *COMPUTE, "--at", "3e24"]
        commands = {
            "frontier6-no-bootstrap": [*frontier6, "--n-boot", "0"],
            "frontier6": frontier6,
            "frontier": ["frontier", table, "--score", score, *COMPUTE, "--at", "3e24"],
            "backtest": ["backtest", table, "--score", score, *COMPUTE, "--date", DATE],
            "budget": ["budget", table, "--score", score, *COMPUTE, "--budget", "0.1"],
            "budget-dated": [
                "budget",
                table,
                "--score",
                score,
                *COMPUTE,
                "--budget",
                "0.1",
                "--date",
                DATE,
            ],
            "saturation": ["saturation", table, "--score", score, *COMPUTE, "--date", DATE],
            "contamination": [
                "contamination",
                table,
                "--x",
                "MATH Lvl 5 Raw",
                "--y",
                "GPQA Raw",
                "--date",
                DATE,
                "--cutoff",
                "2024-09-01",
            ],
        }
        fits = str(Path(tmp) / "fits.json")  # the boundary that "position" places models on
        subprocess.run(
            [sys.executable, "-m", "core", "frontier", table, "--score", score, *COMPUTE]
            + ["--n-boot", "0", "--save-fit", fits],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        commands["position"] = ["position", fits, table, *COMPUTE]
        wanted = set(args.only.split(",")) if args.only else None
        shown = args.table.name if args.table else f"{args.rows:,} synthesised rows"
        print(f"table: {shown}; load {os.getloadavg()[0]:.2f}")
        chosen = [(n, a) for n, a in commands.items() if not wanted or n in wanted]
        trees = [("before", args.before), ("after", ROOT)] if args.before else [("", ROOT)]
        for _ in range(args.repeat):  # interleaved: every command and tree once per round
            for name, argv in chosen:
                for label, tree in trees:
                    load = os.getloadavg()[0]
                    wall, rss, _, cpu = run([sys.executable, "-m", "core", *argv], cwd=tree)
                    print(
                        f"{name:>24} {label:>6}: {wall:6.1f} s, CPU {cpu:6.2f} s, peak RSS "
                        f"{rss:5.0f} MiB (load {load:.1f})",
                        flush=True,
                    )
        if not wanted or "bootstrap" in wanted:
            bootstrap_cost(path, args.rows)
        print(f"load at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
