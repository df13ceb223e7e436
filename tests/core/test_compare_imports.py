"""``python -m core compare`` stays a fast CI gate: what its process imports.

Checked through ``sys.modules`` in a subprocess rather than with a clock, so the checks
hold on a loaded machine. Timings are in ``benchmarks/compare_process.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
import core.degradation.verdict_worker as worker
from core.cli import main
if sys.argv[1] == "serial":  # the report computed in this process, without the child
    worker.VerdictWorker.start = lambda self: False
else:  # the child forked whatever the machine's load
    worker.spare_core = lambda: True
try:
    status = main(sys.argv[2:])
except SystemExit as stop:
    status = stop.code
sys.stdout.flush()
print("\\n" + json.dumps({"status": status, "modules": sorted(sys.modules)}))
"""

HEAVY = ("scipy.stats", "scipy.optimize", "statsmodels", "pandas", "numpy", "altair")


def _modules(*argv: str, serial: bool = True) -> tuple[int, set[str]]:
    """Exit status and the modules loaded by ``main(argv)``; ``serial=False`` lets
    ``compare`` fork the child that imports the statistics (they are not listed then)."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "serial" if serial else "worker", *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    last = done.stdout.strip().splitlines()[-1]
    report = json.loads(last)
    return report["status"], set(report["modules"])


def _loaded(modules: set[str], package: str) -> bool:
    return any(name == package or name.startswith(package + ".") for name in modules)


def _binary_pair() -> tuple[Path, Path]:
    """The bundled lm-eval sample runs (0/1 scores): what a CI gate reads."""
    folder = ROOT / "sample_data" / "degradation"
    return folder / "baseline.zip", folder / "candidate_kv_fp8.zip"


@pytest.mark.parametrize("argv", [("--help",), ("compare", "--help")])
def test_help_imports_no_numerical_library(argv: tuple[str, ...]) -> None:
    status, modules = _modules(*argv)
    assert status == 0
    assert not [name for name in HEAVY if _loaded(modules, name)]


def test_compare_on_binary_scores_imports_neither_scipy_stats_nor_statsmodels() -> None:
    baseline, candidate = _binary_pair()
    status, modules = _modules("compare", str(baseline), str(candidate))
    assert status in (0, 1)
    assert _loaded(modules, "scipy.special")  # the check sees what compare does load
    for slow in ("scipy.stats", "scipy.optimize", "statsmodels", "altair", "core.frontier"):
        assert not _loaded(modules, slow), f"compare on binary data imported {slow}"


@pytest.mark.parametrize("extra", [(), ("--format", "json")])
def test_compare_on_binary_lm_eval_json_lines_imports_no_pandas(extra: tuple[str, ...]) -> None:
    """The lm-eval reader gives score columns; pairing and the tests work on arrays."""
    baseline, candidate = _binary_pair()
    status, modules = _modules("compare", str(baseline), str(candidate), *extra)
    assert status in (0, 1)
    assert "core.degradation.data.pair_columns" in modules  # the check sees the path taken
    for slow in ("pandas", "pyarrow", "scipy.stats"):
        assert not _loaded(modules, slow), f"compare on lm-eval JSONL imported {slow}"


def test_compare_reads_while_a_child_imports_the_statistics() -> None:
    """The process that reads the files loads no scipy: the forked child does
    (core.degradation.verdict_worker), and the report is the same either way."""
    baseline, candidate = _binary_pair()
    status, modules = _modules("compare", str(baseline), str(candidate), serial=False)
    assert status == 1  # the sample candidate is degraded
    assert "core.degradation.verdict_worker" in modules
    assert "core.degradation.data.pair_columns" in modules
    for slow in ("scipy", "pandas", "core.degradation.stats", "core.degradation.compare"):
        assert not _loaded(modules, slow), f"the reading process imported {slow}"


def test_frontier_help_still_lists_every_command() -> None:
    status, modules = _modules("frontier", "--help")
    assert status == 0 and "core.cli.frontier" in modules
    assert "core.cli.compare" not in modules


def test_the_one_line_helps_match_the_commands_own() -> None:
    from core.cli import COMMANDS, build_parser

    def helps(parser) -> dict[str, str]:
        (subparsers,) = [a for a in parser._actions if a.dest == "command"]
        return {action.dest: action.help for action in subparsers._choices_actions}

    full = helps(build_parser())
    assert full == {name: help_line for name, (_, help_line) in COMMANDS.items()}
    assert list(helps(build_parser([]))) == list(full)


def test_folders_are_read_without_the_zstd_codec() -> None:
    """zstd is registered when a zip member is first unpacked (sample zips, .eval logs)."""
    pair = ROOT / "tests" / "fixtures" / "formats" / "real" / "lm-evaluation-harness"
    pair = pair / "pyfade_gsm8k_pair"
    status, modules = _modules(
        "compare", str(pair / "base_gemma3-12b-it-q4_K_M"), str(pair / "tuned_gemma3-12b-u1")
    )
    assert status == 0
    assert "core.readers.inspect_files" in modules  # the check sees the readers loaded
    assert "zipfile_zstd" not in modules
    baseline, candidate = _binary_pair()  # zstd-compressed zips
    status, modules = _modules("compare", str(baseline), str(candidate))
    assert status == 1 and "zipfile_zstd" in modules


def test_the_provenance_record_is_imported_for_the_json_report_only() -> None:
    baseline, candidate = _binary_pair()
    _, text = _modules("compare", str(baseline), str(candidate))
    _, as_json = _modules("compare", str(baseline), str(candidate), "--format", "json")
    assert "core.degradation.data.provenance" not in text and "tomllib" not in text
    assert "core.degradation.data.provenance" in as_json
