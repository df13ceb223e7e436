"""Benchmark: the whole ``python -m core compare`` process against a plain orjson loop.

Unpacks the bundled lm-eval sample pair (``sample_data/degradation/baseline.zip`` and
``candidate_kv_fp8.zip``, 2 x 25,282 docs, 2 x 61 MB of ``samples_*.jsonl``) into a temporary
folder, then runs, interleaved and ``--repeat`` times each, as whole processes:

* the floor: ``python -c`` a loop that decodes every line of both folders with orjson and
  pulls ``doc_id`` and the metrics the record names;
* ``python -m core compare BASELINE CANDIDATE`` on the unpacked folders;
* ``python -m core --help`` and ``python -m core compare --help``;
* with ``--serial``, ``compare`` with its statistics child turned off (the report computed
  in one process, as before h13cmp) and with the child forked whatever the load (by default
  it is forked only when a core is free: ``core.degradation.verdict_worker``), to see what
  the fork buys or costs at the machine's current load;
* with ``--errorbars DIR`` (an unpacked ``errorbars==0.2.4`` wheel, e.g.
  ``pip download errorbars==0.2.4 --no-deps`` and unzip; it needs only numpy), errorbars'
  ``compare`` on the same two folders.

It prints the median wall time and the peak RSS (``os.wait4``) of each, and the ratio of
compare to the floor measured in the same run (the machine is shared: only ratios within
one run are comparable).

    python benchmarks/compare_process.py [--repeat 5]

Targets (issue 13): compare <= 2.0x the floor, peak <= 150 MiB; ``--help`` < 0.3 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import zipfile_zstd  # noqa: F401  - the sample zips use zstd

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_data" / "degradation"

PLAIN_LOOP = """
import sys
from pathlib import Path
import orjson
total = 0
for folder in sys.argv[1:]:
    for path in sorted(Path(folder).rglob("samples_*.jsonl")):
        with path.open("rb") as handle:
            for line in handle:
                record = orjson.loads(line)
                total += record["doc_id"]
                for metric in record["metrics"]:
                    total += int(bool(record[metric]))
print(total)
"""


#: ``python -m core compare ...`` with the statistics child never (``False``) or always
#: (``True``) forked, whatever the load.
FORCED = (
    "import runpy, sys; import core.degradation.verdict_worker as worker; "
    "worker.spare_core = lambda: {fork}; "
    "sys.argv = ['core', *sys.argv[1:]]; runpy.run_module('core', run_name='__main__')"
)


def run(command: list[str], cwd: Path = ROOT) -> tuple[float, float, int, float]:
    """Run ``command`` to completion; return wall seconds, peak RSS in MiB, exit code and
    CPU seconds (user + system, less sensitive than wall time to a loaded machine)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return wall, usage.ru_maxrss / 1024, process.returncode, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--candidate", default="candidate_kv_fp8.zip")
    parser.add_argument("--errorbars", help="folder holding the errorbars package")
    parser.add_argument(
        "--serial", action="store_true", help="also time compare computed in one process"
    )
    parser.add_argument(
        "--before", type=Path, help="an older checkout (git archive) to time its compare too"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sides = []
        for name in ("baseline.zip", args.candidate):
            target = Path(tmp) / name.removesuffix(".zip")
            zipfile.ZipFile(SAMPLES / name).extractall(target)
            sides.append(str(target))
        size = sum(p.stat().st_size for s in sides for p in Path(s).rglob("*.jsonl"))
        print(f"pair: {size / 2**20:.0f} MiB of samples files; load {os.getloadavg()[0]:.2f}")
        commands = {
            "plain orjson loop": [sys.executable, "-c", PLAIN_LOOP, *sides],
            "compare": [sys.executable, "-m", "core", "compare", *sides],
            "--help": [sys.executable, "-m", "core", "--help"],
            "compare --help": [sys.executable, "-m", "core", "compare", "--help"],
        }
        if args.serial:
            for name, fork in (("compare (one process)", False), ("compare (always forks)", True)):
                code = FORCED.format(fork=fork)
                commands[name] = [sys.executable, "-c", code, "compare", *sides]
        if args.errorbars:
            runs = [
                next(
                    p
                    for p in Path(s).rglob("*")
                    if p.is_dir() and not any(q.is_dir() for q in p.iterdir())
                )
                for s in sides
            ]
            commands["errorbars"] = [
                "env",
                f"PYTHONPATH={args.errorbars}",
                sys.executable,
                "-c",
                "from errorbars.cli import main; main()",
                "compare",
                f"baseline={runs[0]}",
                f"candidate={runs[1]}",
            ]
        where = dict.fromkeys(commands, ROOT)
        if args.before:
            for name in ("compare", "--help", "compare --help"):
                commands[f"{name} (before)"] = commands[name]
                where[f"{name} (before)"] = args.before
        figures: dict[str, list[tuple[float, float, float]]] = {name: [] for name in commands}
        for _ in range(args.repeat):  # interleaved, so load hits every command alike
            for name, command in commands.items():
                wall, rss, code, cpu = run(command, where[name])
                if "help" not in name and name.startswith("compare") and code not in (0, 1):
                    raise SystemExit(f"compare failed with exit status {code}")
                figures[name].append((wall, rss, cpu))
        floor = statistics.median(w for w, _, _ in figures["plain orjson loop"])
        cpu_floor = statistics.median(c for _, _, c in figures["plain orjson loop"])
        for name, values in figures.items():
            wall = statistics.median(w for w, _, _ in values)
            rss = max(r for _, r, _ in values)
            cpu = statistics.median(c for _, _, c in values)
            print(
                f"{name:>27}: median {wall:.3f} s ({wall / floor:.2f}x the loop), "
                f"CPU {cpu:.3f} s ({cpu / cpu_floor:.2f}x), peak RSS {rss:.0f} MiB"
            )
        print(f"load at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
