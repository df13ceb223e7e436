"""``compare`` tests in a forked child while it reads: same report as in one process.

Each case runs the command line in a fresh subprocess (one thread, so it may fork; a pytest
process runs other threads and never forks, see ``test_no_fork_beside_other_threads``). The
driver can turn the child off, make it die or make it answer nonsense; every way must give
the same stdout, stderr and exit status as the report computed in process.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from core.degradation import verdict_worker
from core.degradation.verdict_worker import VerdictWorker, spare_core

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "sample_data" / "degradation"
REAL = ROOT / "tests" / "fixtures" / "formats" / "real"
INSPECT = REAL / "inspect_ai" / "generated_mockllm_0.3.285"
GSM8K = REAL / "lm-evaluation-harness" / "pyfade_gsm8k_pair"
BUILT = ROOT / "tests" / "fixtures" / "formats" / "built" / "lm_eval_0.4.2"
#: A small real pair (inconclusive: exit 3 with --fail-inconclusive).
SMALL = (GSM8K / "base_gemma3-12b-it-q4_K_M", GSM8K / "tuned_gemma3-12b-u1", "--fail-inconclusive")

#: Runs ``main`` once per mode on the same arguments (one process: the imports are shared)
#: and prints what each mode gave.
DRIVER = """
import gc, json, os, sys, io, contextlib
import core.degradation.verdict_worker as worker
from core.cli import main

modes, argv = sys.argv[1].split(","), sys.argv[2:]
worker.spare_core = lambda: True  # fork whatever the machine's load
original = worker.VerdictWorker.start, worker.VerdictWorker.report, worker._serve

def die(request_fd, reply_fd):
    os._exit(0)

def garble(request_fd, reply_fd):
    os.write(reply_fd, worker._MAGIC + b"not a pickle")
    os._exit(0)

def truncate(request_fd, reply_fd):
    os.write(reply_fd, b"EV")
    os._exit(0)

results = {}
for mode in modes:
    answers = []

    def report(self, request):
        answer = original[1](self, request)
        answers.append(answer is not None)
        return answer

    worker.VerdictWorker.start, worker.VerdictWorker.report, worker._serve = original
    worker.VerdictWorker.report = report
    if mode == "serial":
        worker.VerdictWorker.start = lambda self: False
    elif mode != "worker":
        worker._serve = {"child-dies": die, "child-garbles": garble, "child-truncates": truncate}[mode]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    try:
        os.waitpid(-1, os.WNOHANG)
        children_left = True
    except ChildProcessError:
        children_left = False
    results[mode] = {"status": status, "out": out.getvalue(), "err": err.getvalue(),
                     "answers": answers, "children_left": children_left,
                     "frozen": gc.get_freeze_count()}
print(json.dumps(results))
"""


def _run(modes: str, *argv: object) -> dict:
    """``{mode: {"status", "out", "err", "answers"}}`` of ``main(argv)`` in each mode."""
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, modes, *map(str, argv)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout.strip().splitlines()[-1])
    for result in results.values():
        assert result["children_left"] is False, "a child was not reaped"
        assert result["frozen"] == 0, "the collector was left frozen"
        # the JSON report's provenance says when it was made
        result["out"] = re.sub(r'"created": "[^"]*"', '"created": ""', result["out"])
    return results


CASES = {
    "lm-eval sample, text": (SAMPLES / "baseline.zip", SAMPLES / "candidate_kv_fp8.zip"),
    "lm-eval 0.4.2 arrays, json, task level, mid-p": (
        BUILT / "baseline",
        BUILT / "candidate",
        "--format",
        "json",
        "--level",
        "task",
        "--mid-p",
    ),
    "real gsm8k pair, markdown, two-sided": (
        GSM8K / "base_gemma3-12b-it-q4_K_M",
        GSM8K / "tuned_gemma3-12b-u1",
        "--format",
        "markdown",
        "--alternative",
        "two-sided",
    ),
    "inspect epochs (sign flips), json": (
        INSPECT / "baseline",
        INSPECT / "candidate_epochs2",
        "--format",
        "json",
        "--resamples",
        "999",
    ),
    "same files twice (warning on stderr)": (SMALL[0], SMALL[0], "--fail-inconclusive"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_child_gives_the_report_computed_in_process(case: str) -> None:
    runs = _run("worker,serial", "compare", *CASES[case])
    forked, serial = runs["worker"], runs["serial"]
    assert forked["answers"] == [True], "the child did not answer"
    assert serial["answers"] == [False]
    for key in ("status", "out", "err"):
        assert forked[key] == serial[key], key
    assert serial["out"].strip()


def test_an_error_of_the_tests_is_raised_by_the_parent_with_its_message() -> None:
    """Sign flips are one-sided only: the child fails, the parent's own run refuses."""
    argv = ("compare", INSPECT / "baseline", INSPECT / "candidate_epochs2")
    runs = _run("worker,serial", *argv, "--alternative", "two-sided")
    forked, serial = runs["worker"], runs["serial"]
    assert forked["answers"] == [False]
    assert forked["status"] == serial["status"] == 2
    assert forked["err"] == serial["err"]
    assert forked["err"].startswith("error: ")
    assert forked["out"] == serial["out"] == ""


def test_a_child_that_fails_leaves_the_report_to_the_parent() -> None:
    modes = ("child-dies", "child-garbles", "child-truncates")
    runs = _run(",".join(("serial", *modes)), "compare", *SMALL)
    serial = runs["serial"]
    assert serial["status"] == 3  # inconclusive, with --fail-inconclusive
    for mode in modes:
        broken = runs[mode]
        assert broken["answers"] == [False], mode
        assert (broken["status"], broken["out"], broken["err"]) == (
            serial["status"],
            serial["out"],
            serial["err"],
        ), mode


def test_bad_input_is_reported_at_once_and_the_child_is_reaped(tmp_path: Path) -> None:
    missing = tmp_path / "nothing-here"
    runs = _run("worker,serial", "compare", SMALL[0], missing)
    forked, serial = runs["worker"], runs["serial"]
    assert forked["answers"] == serial["answers"] == []
    assert forked["status"] == serial["status"] == 2
    assert forked["err"] == serial["err"]
    assert "candidate" in forked["err"]


def test_no_fork_beside_other_threads() -> None:
    """A lock held by another thread at the fork would stay held in the child."""
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        worker = VerdictWorker()
        assert worker.start() is False
        assert worker.pid is None
        assert worker.report((None, None, "text", None)) is None
    finally:
        stop.set()
        other.join()


def test_large_pairings_are_tested_in_the_parent(monkeypatch: pytest.MonkeyPatch) -> None:
    class Columns:
        unit = range(verdict_worker.MAX_ITEMS + 1)

    class Paired:
        columns = Columns()

    worker = VerdictWorker()
    worker._to_child = worker._from_child = -1  # would fail loudly if it were written to
    assert worker.report((Paired(), None, "text", None)) is None
    Columns.unit = range(verdict_worker.MAX_ITEMS)
    assert verdict_worker._n_items(Paired()) == verdict_worker.MAX_ITEMS


@pytest.mark.parametrize(
    ("loadavg", "cores", "free"),
    [
        ("0.52 0.61 0.70 1/180 4242\n", 2, True),  # only this process runs
        ("3.10 2.90 2.80 2/251 1364\n", 2, False),  # another task runs beside it
        ("3.10 2.90 2.80 3/251 1364\n", 4, True),
        ("0.00 0.00 0.00 1/90 7\n", 1, False),  # one core: nothing to overlap
        ("garbled", 2, False),  # cannot tell: one process
        ("", 2, False),
    ],
)
def test_a_core_is_free_when_fewer_tasks_run_than_there_are_cores(
    loadavg: str, cores: int, free: bool
) -> None:
    assert spare_core(loadavg, cores) is free


def test_a_busy_machine_computes_the_report_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setattr(verdict_worker, "spare_core", lambda: False)
    worker = VerdictWorker()
    assert worker.start() is False and worker.pid is None


def test_no_proc_loadavg_means_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(*args: object, **kwargs: object) -> None:
        raise FileNotFoundError("/proc/loadavg")

    monkeypatch.setattr("builtins.open", missing)
    assert spare_core(cores=8) is False


def test_compare_collects_young_objects_less_often_and_restores_the_thresholds() -> None:
    import gc

    from core.cli.compare import YOUNG_COLLECTION_EVERY, fewer_collections

    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold() == (YOUNG_COLLECTION_EVERY, *before[1:])
    assert gc.get_threshold() == before
    with pytest.raises(KeyError), fewer_collections():
        raise KeyError("a failure inside")
    assert gc.get_threshold() == before
