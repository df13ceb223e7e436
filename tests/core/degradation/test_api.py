"""``compare_runs``: the whole degradation check in one call, rendering itself as the CLI does.

The command line is the reference: for the same inputs and options, the JSON of
:meth:`RunComparison.to_json` equals ``python -m core compare --format json`` key for key
(the creation time aside), and the text and Markdown equal ``--format text/markdown``.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core.cli import main
from core.degradation import RunComparison, compare_runs
from core.degradation.comparison import Comparison
from core.errors import InputError
from core.readers import ReadOptions, read_path
from tests.core.degradation.helpers import write_paper_layout

REPO = Path(__file__).resolve().parents[3]
REAL_LM_EVAL = REPO / "tests" / "fixtures" / "formats" / "real" / "lm-evaluation-harness"


@pytest.fixture
def degraded_pair(tmp_path):
    """Two benchmarks; the candidate lost 60 gsm8k items and gained 10 arc items."""
    rng = np.random.default_rng(7)
    base = {
        "gsm8k": (rng.random(1500) < 0.6).astype(int),
        "arc": (rng.random(800) < 0.5).astype(int),
    }
    cand = {task: scores.copy() for task, scores in base.items()}
    cand["gsm8k"][np.flatnonzero(base["gsm8k"] == 1)[:60]] = 0
    cand["arc"][np.flatnonzero(base["arc"] == 0)[:10]] = 1
    return (
        str(write_paper_layout(tmp_path / "base", base)),
        str(write_paper_layout(tmp_path / "cand", cand)),
    )


def _cli(capsys, *argv: str) -> tuple[int, str]:
    status = main(["compare", *argv])
    return status, capsys.readouterr().out


def _without_time(payload: dict) -> dict:
    assert payload["provenance"]["created"]  # present in both, differs by the clock
    payload["provenance"].pop("created")
    return payload


def test_the_json_equals_the_commands_with_default_options(degraded_pair, capsys):
    status, out = _cli(capsys, *degraded_pair, "--format", "json")
    result = compare_runs(*degraded_pair)
    assert status == 1 and result.verdict == "degraded"
    assert _without_time(json.loads(result.to_json())) == _without_time(json.loads(out))
    # byte for byte, key order included, once the clock's time is the same
    created = json.loads(out)["provenance"]["created"]
    assert result.to_json().replace(result.provenance.created, created) + "\n" == out


def test_the_json_equals_the_commands_with_every_option_changed(degraded_pair, capsys):
    flags = [
        "--level", "task", "--alpha", "0.1", "--margin", "0.02", "--alternative", "two-sided",
        "--mid-p", "--combine", "paper", "--metric", "score", "--resamples", "500",
        "--seed", "3",
    ]  # fmt: skip
    _, out = _cli(capsys, *degraded_pair, *flags, "--format", "json")
    result = compare_runs(
        *degraded_pair,
        level="task",
        alpha=0.1,
        margin=0.02,
        alternative="two-sided",
        mid_p=True,
        combine="paper",
        metric="score",
        resamples=500,
        seed=3,
    )
    expected = _without_time(json.loads(out))
    assert _without_time(result.to_dict()) == expected
    assert expected["alpha"] == 0.1 and expected["pvalue_method"] == "mid-p"
    assert expected["combine"] == "paper" and expected["alternative"] == "two-sided"
    settings = expected["provenance"]["settings"]
    assert settings["margin"] == 0.02 and settings["seed"] == 3 and settings["resamples"] == 500
    assert settings["metric"] == "score" and settings["level"] == "task"


def test_text_and_markdown_equal_the_commands(degraded_pair, capsys):
    result = compare_runs(*degraded_pair)
    assert _cli(capsys, *degraded_pair)[1] == result.to_text()
    assert _cli(capsys, *degraded_pair, "--format", "markdown")[1] == result.to_markdown()
    assert result.to_text().startswith("DEGRADED: ")
    first = result.to_text().splitlines()[0]
    assert first.partition(": ")[2] == result.summary.partition(": ")[2]
    assert result.summary.startswith("Degraded: accuracy fell")


def test_real_lm_eval_folders_give_the_commands_json(capsys):
    """Real lm-eval output (pyFade, MIT), read from the folders as a user would give them."""
    pair = REAL_LM_EVAL / "pyfade_gsm8k_pair"
    base, cand = (str(pair / name) for name in ("base_gemma3-12b-it-q4_K_M", "tuned_gemma3-12b-u1"))
    _, out = _cli(capsys, base, cand, "--format", "json")
    result = compare_runs(Path(base), Path(cand))  # path objects work as strings do
    payload = _without_time(result.to_dict())
    assert payload == _without_time(json.loads(out))
    assert payload["pairing"]["format_baseline"] == "lm-eval"
    assert payload["provenance"]["read"]["baseline"]["files_read"]  # SHA-256 of what was read
    assert payload["provenance"]["command"].startswith("python -m core compare ")


def test_runs_already_read_give_the_same_statistics_without_provenance(degraded_pair):
    from_paths = compare_runs(*degraded_pair)
    runs = [
        read_path(path, side=side) for path, side in zip(degraded_pair, ("baseline", "candidate"))
    ]
    from_runs = compare_runs(*runs)
    assert from_runs.provenance is None
    assert "provenance" not in from_runs.to_dict()
    expected = from_paths.to_dict()
    expected.pop("provenance")
    assert from_runs.to_dict() == expected
    mixed = compare_runs(runs[0], degraded_pair[1])  # one side read, the other a path
    assert mixed.provenance is None and mixed.verdict == from_paths.verdict


@pytest.mark.parametrize(
    ("option", "value", "side"),
    [
        ("metric", "score", "baseline"),
        ("filter", "strict-match", "baseline"),
        ("score_key", "accuracy", "baseline"),
        ("baseline_run", "x", "baseline"),
        ("candidate_run", "x", "candidate"),
    ],
)
def test_a_reading_option_for_a_run_already_read_is_refused(degraded_pair, option, value, side):
    runs = {"baseline": degraded_pair[0], "candidate": degraded_pair[1]}
    runs[side] = read_path(runs[side], ReadOptions())
    with pytest.raises(InputError, match=rf"^{side}: the run was already read, so {option}"):
        compare_runs(runs["baseline"], runs["candidate"], **{option: value})


def test_a_run_option_for_the_other_side_is_used(degraded_pair):
    """``candidate_run`` still chooses what is read when only the baseline was read already."""
    base = read_path(degraded_pair[0])
    with pytest.raises(InputError, match="candidate"):
        compare_runs(base, degraded_pair[1], candidate_run="no-such-model")


def test_per_task_metrics_reach_the_reader_and_the_command():
    pair = REAL_LM_EVAL / "pyfade_gsm8k_pair"
    base, cand = pair / "base_gemma3-12b-it-q4_K_M", pair / "tuned_gemma3-12b-u1"
    result = compare_runs(base, cand, metric={"gsm8k": "exact_match"})
    assert result.provenance.settings["metric"] == {"gsm8k": "exact_match"}
    assert "--metric gsm8k=exact_match" in result.provenance.command
    with pytest.raises(InputError, match=r"^baseline: .*metric 'nosuch' .* exact_match"):
        compare_runs(base, cand, metric={"gsm8k": "nosuch"})


def test_bad_options_are_input_errors(degraded_pair):
    with pytest.raises(InputError, match="alpha"):
        compare_runs(*degraded_pair, alpha=1.5)
    with pytest.raises(InputError, match="baseline"):
        compare_runs(str(REPO / "no-such-folder"), degraded_pair[1])


def test_the_html_page_carries_the_verdict_and_the_reproduce_section(degraded_pair):
    result = compare_runs(*degraded_pair)
    page = result.to_html(title="Gate <nightly>", note="checked & signed")
    assert page.startswith("<!DOCTYPE html>")
    assert "<h1>Gate &lt;nightly&gt;</h1>" in page and "checked &amp; signed" in page
    assert "<h3>Reproduce</h3>" in page and "python -m core compare" in page
    assert (
        compare_runs(read_path(degraded_pair[0]), degraded_pair[1]).to_html().count("Reproduce")
        == 0
    )


def test_the_result_is_frozen_and_keeps_full_precision(degraded_pair):
    result = compare_runs(*degraded_pair)
    assert isinstance(result, RunComparison) and isinstance(result.comparison, Comparison)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.comparison = None  # type: ignore[misc]
    assert result.to_dict()["pooled"]["p_value"] == result.comparison.pooled.pvalue
    assert result.comparison.pooled.b == 60 and result.comparison.pooled.c == 10


def test_the_package_names_its_public_api_and_loads_it_lazily():
    import core.degradation as package

    for name in package.__all__:
        assert getattr(package, name) is not None
        assert name in dir(package)
    with pytest.raises(AttributeError, match="no_such_name"):
        package.no_such_name  # noqa: B018
    probe = (
        "import sys, core.degradation, core.cli.compare; "
        "print(any(m == 'numpy' or m.startswith('numpy.') for m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.stdout.strip() == "False", done.stderr
