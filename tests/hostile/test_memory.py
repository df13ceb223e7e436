"""Zip bombs and oversized archives are refused with bounded memory, in a real process.

Each case runs ``python -m core compare`` in a subprocess whose address space is limited
to 1 GiB (``RLIMIT_AS``): a reader that unpacked a bomb would die with a MemoryError
traceback instead of exiting 2 with one line. The child reports its own peak resident
memory, which must stay below the limit. The bombs are generated here, at test time.
Figures before and after the change are in docs/engineering-notes.md (i12-hostile).
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

from core.readers.csv_tables import MAX_BYTES, MAX_ROWS

from .corpus import (
    GOOD_CSV,
    GiB,
    bomb_zip,
    eval_declaring_huge,
    lying_zip,
    three_zips,
    two_zips_over_side_cap,
)
from .zip_builder import write_long_csv

REPO = Path(__file__).resolve().parents[2]
#: Address-space limit of the child (RLIMIT_AS counts every mapping, not just RSS).
LIMIT = 1 * GiB
#: The issue's bound on peak memory for an input of at most 100 MB.
PEAK_BOUND_MB = 1024

#: The child's own peak is VmHWM of /proc/self/status, not ``ru_maxrss``: Linux keeps the
#: larger ``ru_maxrss`` across fork and exec, so a child forked from a large pytest process
#: reported the parent's resident size (494-609 MiB for a 32-byte comparison).
_CHILD = """
import sys
from core.cli import main
status = main(sys.argv[2:])
status_lines = open("/proc/self/status").read().splitlines()
peak_kb = next(int(line.split()[1]) for line in status_lines if line.startswith("VmHWM:"))
open(sys.argv[1], "w").write(str(peak_kb // 1024))
sys.exit(status)
"""


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


def _run(tmp_path: Path, *argv: str, limit: bool = True) -> tuple[int, str, int]:
    peak_file = tmp_path / "peak.txt"
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(peak_file), *argv],
        cwd=REPO,
        capture_output=True,
        text=True,
        preexec_fn=_limit if limit else None,
        timeout=120,
    )
    peak = int(peak_file.read_text()) if peak_file.exists() else -1
    return done.returncode, done.stderr, peak


@pytest.mark.parametrize(
    ("build", "words"),
    [
        (bomb_zip, "bomb.zip: the archive unpacks to 1,946 MB"),
        (three_zips, "part0.zip: the archive unpacks to 1,229 MB"),
        (two_zips_over_side_cap, "part1.zip: the archive unpacks to 400 MB"),
        (lying_zip, "liar.zip: cannot unpack run/t.csv"),
        (eval_declaring_huge, "log.eval: the archive unpacks to 3,815 MB"),
    ],
    ids=["bomb-1.9GiB", "three-zips-1.2GiB", "two-zips-200MiB-read", "lying-member", "eval"],
)
def test_bombs_are_refused_within_the_memory_limit(tmp_path, build, words):
    hostile = build(tmp_path)
    good = tmp_path / "good.csv"
    good.write_bytes(GOOD_CSV)
    status, err, peak = _run(tmp_path, "compare", str(hostile), str(good))
    assert status == 2, err
    assert len(err.splitlines()) == 1 and words in err, err
    assert "MemoryError" not in err
    assert 0 < peak < PEAK_BOUND_MB, peak


def test_the_limit_leaves_room_for_a_normal_run(tmp_path):
    """The 1 GiB limit itself does not break a small comparison (the test would be void)."""
    good = tmp_path / "good.csv"
    good.write_bytes(GOOD_CSV)
    status, err, peak = _run(tmp_path, "compare", str(good), str(good))
    assert status == 0, err
    assert 0 < peak < 400, peak


def test_a_pair_of_large_csvs_is_compared_within_the_bound(tmp_path):
    """Two 5 MB long CSVs (about 290,000 rows each) pair and test under the 1 GiB limit.

    Issue 12's bound for 100 MB inputs is not met yet (2.5 GB for a pair, see
    docs/engineering-notes.md, i12-mem); this pins a size that fits under ``RLIMIT_AS`` (20 MB
    does not: Arrow and numpy reserve address space beyond the resident peak).
    """
    baseline = write_long_csv(tmp_path / "baseline.csv", size=5_000_000)
    candidate = write_long_csv(tmp_path / "candidate.csv", size=5_000_000, flip_every=97)
    status, err, peak = _run(tmp_path, "compare", str(baseline), str(candidate))
    assert status == 1, err  # the flips of every 97th item degrade half the tasks
    assert "MemoryError" not in err
    assert 0 < peak < PEAK_BOUND_MB, peak


@pytest.mark.slow
def test_the_largest_csv_pair_allowed_peaks_below_1_gb(tmp_path):
    """Two sides just under ``MAX_ROWS`` compare within issue 12's bound (891 MB measured).

    Run without ``RLIMIT_AS``: the bound is on resident memory, and Arrow and numpy reserve
    address space they never touch.
    """
    rows = MAX_ROWS - 10_000
    baseline = write_long_csv(tmp_path / "baseline.csv", rows=rows)
    candidate = write_long_csv(tmp_path / "candidate.csv", rows=rows, flip_every=97)
    status, err, peak = _run(tmp_path, "compare", str(baseline), str(candidate), limit=False)
    assert status == 1, err
    assert 0 < peak < PEAK_BOUND_MB, peak


def _many_rows(path: Path) -> Path:
    path.write_bytes(b"task,prompt_id,score\n" + b"t,q,1\n" * (MAX_ROWS + 1))
    return path


def _many_bytes(path: Path) -> Path:
    wide = b"".join(b"t,q%d,1,%s\n" % (i, b"x" * 1000) for i in range(MAX_BYTES // 1000))
    path.write_bytes(b"task,prompt_id,score,note\n" + wide)
    return path


@pytest.mark.parametrize(
    ("build", "words"),
    [
        (_many_rows, f"the CSV holds {MAX_ROWS + 1:,} rows, more than"),
        (_many_bytes, "the CSV holds 49 MB, more than"),
    ],
    ids=["rows", "bytes"],
)
def test_a_csv_side_too_large_to_pair_is_refused_before_reading(tmp_path, build, words):
    big = build(tmp_path / "big.csv")
    good = tmp_path / "good.csv"
    good.write_bytes(GOOD_CSV)
    status, err, peak = _run(tmp_path, "compare", str(good), str(big))
    assert status == 2, err
    assert err.splitlines() == [err.strip()]
    assert err.startswith("error: candidate: big.csv: ") and words in err, err
    assert "at most 48 MB or 2,000,000 rows per side" in err
    assert 0 < peak < 400, peak  # refused from the size and a count of lines: nothing parsed
