"""The sample-data generator package (``sample_data/degradation_samples/``), without regenerating.

The slow byte-for-byte regeneration lives in ``test_degradation_samples.py``; these tests check
that the generator refuses, with an exception rather than an ``assert`` (which ``python -O``
strips), a layout or a simulation that breaks what the sample data promise, and that the
script the README names still runs.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLE_DATA = REPO / "sample_data"
MAX_LINES = 400


@pytest.fixture
def pkg(monkeypatch):
    """The generator's modules, imported as the script imports them."""
    monkeypatch.syspath_prepend(str(SAMPLE_DATA))
    names = ("layout", "simulation", "cli")
    return {name: importlib.import_module(f"degradation_samples.{name}") for name in names}


def test_the_layout_adds_up_to_the_papers_n(pkg):
    layout, cli = pkg["layout"], pkg["cli"]
    tasks = layout.build_tasks()
    assert sum(task.size for task in tasks) == layout.N_TOTAL == 25_282
    cli.check_layout(tasks)  # no exception
    with pytest.raises(cli.SampleDataError, match="25,281 items, not 25,282"):
        cli.check_layout([replace(tasks[0], size=tasks[0].size - 1), *tasks[1:]])


def test_counts_that_miss_the_reconstruction_are_refused(pkg):
    layout, cli = pkg["layout"], pkg["cli"]
    kv = next(v for v in layout.CANDIDATES if v.key == "candidate_kv_fp8")
    cli.check_counts(kv, {"a": (1000, 1000), "b": (241, 42)})  # 1241 / 1042: no exception
    with pytest.raises(cli.SampleDataError, match=r"b = 1240, c = 1042, expected b = 1241"):
        cli.check_counts(kv, {"a": (1000, 1000), "b": (240, 42)})
    with pytest.raises(cli.SampleDataError, match=r"c = 1043"):
        cli.check_counts(kv, {"a": (1241, 1043)})


def test_allocate_respects_capacity_and_refuses_too_many_flips(pkg):
    simulation = pkg["simulation"]
    rng = np.random.default_rng(0)
    weights = np.array([10.0, 1.0, 1.0])
    capacity = np.array([3, 50, 50])
    counts = simulation.allocate(40, weights, capacity, rng)
    assert counts.sum() == 40
    assert (counts <= capacity).all()
    assert counts[0] == 3  # the heavy task is full, the rest spilled over
    with pytest.raises(ValueError, match="not enough items"):
        simulation.allocate(104, weights, capacity, rng)


def test_the_generator_holds_no_assert_and_no_long_module():
    for path in sorted((SAMPLE_DATA / "degradation_samples").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert "assert " not in text, path.name
        assert len(text.splitlines()) <= MAX_LINES, path.name


def test_the_script_the_readme_names_still_runs():
    done = subprocess.run(
        [sys.executable, str(SAMPLE_DATA / "make_degradation_samples.py"), "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "SIMULATED degradation sample data" in done.stdout
    for flag in ("--out", "--folders", "--table", "--only"):
        assert flag in done.stdout
