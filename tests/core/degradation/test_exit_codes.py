"""Exit codes a CI gate can rely on, checked as a CI job sees them: in a subprocess.

0 no significant degradation (inconclusive too, unless --fail-inconclusive), 1 degraded,
2 bad input or usage, 3 inconclusive with --fail-inconclusive, 4 an internal error (one
line asking for a report; the traceback only with --debug). A crash never exits 1.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[3]


def _csv(path: Path, scores) -> Path:
    path.write_text("prompt_id,score\n" + "".join(f"{i},{int(s)}\n" for i, s in enumerate(scores)))
    return path


def _run(*args: str, code: str | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "core", *args]
    if code is not None:  # run the real entry point with an injected bug
        command = [sys.executable, "-c", code, *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=120)


@pytest.fixture(scope="module")
def sides(tmp_path_factory):
    folder = tmp_path_factory.mktemp("exit")
    rng = np.random.default_rng(3)
    base = (rng.random(20_000) < 0.6).astype(int)
    same = base.copy()
    flips = np.flatnonzero(base == 1)[:10]
    same[flips] = 0
    back = np.flatnonzero(base == 0)[:10]
    same[back] = 1  # 10 flips each way on 20,000 items: no drop, and a tiny detectable one
    worse = base.copy()
    worse[np.flatnonzero(base == 1)[:400]] = 0  # a 2-point drop
    small = base[:60].copy()
    small_c = small.copy()
    small_c[np.flatnonzero(small == 1)[:2]] = 0  # 2 flips on 60 items: inconclusive
    return {
        "base": _csv(folder / "task.csv", base),
        "same": _csv(folder / "same.csv", same),
        "worse": _csv(folder / "worse.csv", worse),
        "small": _csv(folder / "small.csv", small),
        "small_c": _csv(folder / "small_c.csv", small_c),
    }


def _same_task(path: Path) -> str:
    # the paper layout takes the task from the file name: give every file the task "task"
    target = path.parent / path.stem / "task.csv"
    target.parent.mkdir(exist_ok=True)
    target.write_bytes(path.read_bytes())
    return str(target)


def test_exit_0_when_no_degradation(sides):
    done = _run("compare", str(sides["base"]), _same_task(sides["same"]))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("NO EVIDENCE")


def test_exit_1_when_degraded(sides):
    done = _run("compare", str(sides["base"]), _same_task(sides["worse"]))
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("DEGRADED")


def test_inconclusive_exits_0_and_3_with_fail_inconclusive(sides):
    args = ["compare", _same_task(sides["small"]), _same_task(sides["small_c"])]
    plain = _run(*args)
    assert plain.returncode == 0 and plain.stdout.startswith("INCONCLUSIVE"), plain.stderr
    gated = _run(*args, "--fail-inconclusive")
    assert gated.returncode == 3 and gated.stdout.startswith("INCONCLUSIVE"), gated.stderr


def test_exit_2_for_bad_input_and_for_usage(sides, tmp_path):
    missing = _run("compare", str(sides["base"]), str(tmp_path / "nope"))
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1
    assert "no such file" in missing.stderr and "Traceback" not in missing.stderr
    assert missing.stderr.startswith("error: candidate: ")  # the side is named
    usage = _run("compare", str(sides["base"]))
    assert usage.returncode == 2 and "Traceback" not in usage.stderr
    bad_option = _run("compare", str(sides["base"]), str(sides["base"]), "--alpha", "x")
    assert bad_option.returncode == 2


_BUG = (
    "import sys; import core.degradation.compare as compare\n"
    "def boom(*args, **kwargs):\n"
    "    raise RuntimeError('injected bug')\n"
    "compare.compare_paired = boom\n"
    "from core.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def test_internal_error_exits_4_with_one_line_and_traceback_only_with_debug(sides):
    args = ["compare", str(sides["base"]), _same_task(sides["worse"])]
    done = _run(*args, code=_BUG)
    assert done.returncode == 4
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "RuntimeError: injected bug" in done.stderr and "report" in done.stderr
    debug = _run(*args, "--debug", code=_BUG)
    assert debug.returncode == 4
    assert "Traceback" in debug.stderr and "injected bug" in debug.stderr
    before = _run("--debug", *args, code=_BUG)  # the flag works before the command too
    assert before.returncode == 4 and "Traceback" in before.stderr


def test_other_commands_share_the_codes(tmp_path):
    bad = tmp_path / "table.csv"
    bad.write_text("model,score\n")
    done = _run("frontier", str(bad))
    assert done.returncode == 2 and "Traceback" not in done.stderr
