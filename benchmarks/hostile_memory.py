"""Peak memory of ``python -m core compare`` on zip bombs and a 100 MB CSV (issue 12).

Each case runs in a fresh subprocess and reports its own peak resident memory
(``ru_maxrss``); no memory limit is set, so a regression shows as a large figure rather
than a MemoryError. The inputs are generated in a temporary folder. Run from the
repository root: ``python benchmarks/hostile_memory.py`` (about a minute).

Figures on the team's 2-core machine (MB, before -> after the i12-hostile branch):
bomb 1.9 GiB 4,067 -> 176; three zips of 1.2 GiB 5,092 -> 177; lying member 4,067 -> 178;
.eval member declaring 3.7 GiB 300 -> 176; two zips of 200 MiB 772 -> 572;
100 MB long CSV (5.7 million rows), one side read 1,045 -> 714; the whole comparison of two
such files 2,712 -> 2,715 (pairing and tests, not reading, dominate there).
i12-mem (pairing on integer codes): two such files 2,673 -> 1,905 before the CSV size limit;
now refused before parsing (2 million rows or 48 MB per side); the largest pair allowed
(2 x 1,990,000 rows) peaks near 890 MB.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.hostile.zip_builder import write_long_csv, write_zip  # noqa: E402

GiB, MiB = 1024**3, 1024**2
_CHILD = """
import resource, sys
from core.cli import main
status = main(sys.argv[1:])
print(f"status {status}, peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024:,} MB")
"""


def _peak(*argv: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, *argv], cwd=REPO, capture_output=True, text=True
    )
    return (done.stdout.strip() or done.stderr.strip()).splitlines()[-1]


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        good = folder / "good.csv"
        good.write_text("prompt_id,score\na,1\nb,0\n")
        cases = {
            "bomb 1.9 GiB": write_zip(folder / "bomb.zip", [("r/t.jsonl", int(1.9 * GiB))]),
            "lying member": write_zip(
                folder / "liar.zip", [("r/t.csv", int(1.9 * GiB))], declared={"r/t.csv": 1000}
            ),
            ".eval declaring 3.7 GiB": write_zip(
                folder / "log.eval",
                [("header.json", 64 * MiB)],
                declared={"header.json": 4_000_000_000},
            ),
        }
        three = folder / "three"
        three.mkdir()
        for i in range(3):
            write_zip(three / f"z{i}.zip", [(f"r{i}/t.csv", int(1.2 * GiB))])
        cases["three zips of 1.2 GiB"] = three
        (folder / "big").mkdir()
        big = write_long_csv(folder / "big" / "t.csv", size=100_000_000)
        flipped = write_long_csv(folder / "big" / "u.csv", size=100_000_000, flip_every=97)
        limit = 1_990_000  # just under csv_tables.MAX_ROWS
        largest = write_long_csv(folder / "largest_a.csv", rows=limit)
        largest_b = write_long_csv(folder / "largest_b.csv", rows=limit, flip_every=97)
        for label, path in cases.items():
            print(f"{label}: {_peak('compare', str(path), str(good))}")
        print(f"100 MB CSV, both sides (refused): {_peak('compare', str(big), str(flipped))}")
        print(f"largest CSV pair allowed: {_peak('compare', str(largest), str(largest_b))}")


if __name__ == "__main__":
    main()
