"""The ``compare`` options as the command line parses them (core/degradation/settings.py)."""

from __future__ import annotations

import hashlib
import shlex
from pathlib import Path

import pytest

from core.cli.dispatch import build_parser
from core.degradation.settings import (
    compare_options,
    provenance_of,
    read_options_of,
    settings_of,
)
from core.errors import InputError

PAIR = Path(__file__).resolve().parents[2] / "fixtures/formats/real/lm-evaluation-harness"
BASE = PAIR / "pyfade_gsm8k_pair/base_gemma3-12b-it-q4_K_M"
TUNED = PAIR / "pyfade_gsm8k_pair/tuned_gemma3-12b-u1"

SETTINGS_KEYS = {
    "level",
    "alpha",
    "margin",
    "alternative",
    "mid_p",
    "metric",
    "filter",
    "score_key",
    "baseline_run",
    "candidate_run",
    "resamples",
    "seed",
    "fail_inconclusive",
    "combine",
}


def _args(*words: str):
    """The Namespace as ``python -m core compare`` builds it (``run`` picks the one candidate)."""
    argv = ["compare", "base", "cand", *words]
    args = build_parser(argv).parse_args(argv)
    args.candidate = args.candidates[0]
    return args


def test_defaults_become_the_papers_options():
    options = compare_options(_args())
    assert options.alpha == 0.05
    assert options.margin == 0.01
    assert options.alternative == "greater"
    assert options.pvalue_method == "exact"
    assert options.combine == "calibrated"
    assert options.n_resamples == 20_000
    assert options.seed == 0


def test_every_option_reaches_compare_options():
    args = _args(
        "--alpha", "0.1", "--margin", "0.02", "--alternative", "two-sided", "--mid-p",
        "--combine", "paper", "--resamples", "500", "--seed", "7",
    )  # fmt: skip
    options = compare_options(args)
    assert (options.alpha, options.margin) == (0.1, 0.02)
    assert options.alternative == "two-sided"
    assert options.pvalue_method == "mid-p"
    assert options.combine == "paper"
    assert (options.n_resamples, options.seed) == (500, 7)


def test_plain_metric_applies_to_all_tasks():
    read = read_options_of(_args("--metric", "acc", "--filter", "flexible-extract"))
    assert read.metric == "acc"
    assert read.filter == "flexible-extract"
    assert read.score_key is None


def test_task_metric_pairs_become_a_mapping():
    args = _args("--metric", "gsm8k=acc", "--metric", "arc=acc_norm", "--score-key", "value")
    read = read_options_of(args)
    assert read.metric == {"gsm8k": "acc", "arc": "acc_norm"}
    assert read.filter is None
    assert read.score_key == "value"


def test_no_metric_is_none():
    assert read_options_of(_args()).metric is None


@pytest.mark.parametrize(
    "words",
    [
        ("--metric", "acc", "--metric", "gsm8k=exact_match"),
        ("--metric", "gsm8k=exact_match", "--metric", "acc"),
        ("--metric", "acc", "--metric", "acc_norm"),
    ],
)
def test_mixing_plain_and_task_metric_is_refused_in_one_line(words):
    with pytest.raises(InputError) as caught:
        read_options_of(_args(*words))
    message = str(caught.value)
    assert "\n" not in message
    assert "--metric" in message and "TASK=NAME" in message


def test_filter_mix_names_the_filter_option():
    with pytest.raises(InputError, match="--filter"):
        read_options_of(_args("--filter", "none", "--filter", "gsm8k=strict-match"))


@pytest.mark.parametrize("value", ["=acc", "gsm8k="])
def test_half_a_pair_is_refused(value):
    with pytest.raises(InputError, match=r"--metric '.*': write TASK=NAME"):
        read_options_of(_args("--metric", value))


def test_settings_record_has_every_option_by_name():
    args = _args(
        "--level", "task", "--metric", "gsm8k=acc", "--baseline-run", "m@2025",
        "--candidate-run", "x", "--fail-inconclusive",
    )  # fmt: skip
    settings = settings_of(args)
    assert set(settings) == SETTINGS_KEYS
    assert settings["level"] == "task"
    assert settings["metric"] == {"gsm8k": "acc"}
    assert settings["baseline_run"] == "m@2025"
    assert settings["candidate_run"] == ["x"]  # as argparse appends it; ``run`` picks one
    assert settings["fail_inconclusive"] is True
    assert settings["mid_p"] is False
    assert settings["combine"] == "calibrated"


def test_settings_without_combine_leave_it_out():
    args = _args()
    args.combine = None  # as an older compare_runs call leaves it
    assert set(settings_of(args)) == SETTINGS_KEYS - {"combine"}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_provenance_records_the_files_and_a_command_that_parses_back():
    argv = [
        "compare", str(BASE), str(TUNED), "--alpha", "0.1", "--metric", "gsm8k=exact_match",
        "--filter", "strict-match", "--mid-p", "--seed", "3", "--combine", "paper",
    ]  # fmt: skip
    args = build_parser(argv).parse_args(argv)
    args.candidate = args.candidates[0]
    provenance = provenance_of(args, read={"baseline": {}, "candidate": {}})

    base_files = sorted(p for p in BASE.iterdir() if p.is_file())
    assert [r.name for r in provenance.baseline] == [f"{BASE.name}/{p.name}" for p in base_files]
    assert [r.sha256 for r in provenance.baseline] == [_sha256(p) for p in base_files]
    assert [r.size for r in provenance.baseline] == [p.stat().st_size for p in base_files]
    assert len(provenance.candidate) == 2
    assert provenance.settings == settings_of(args)
    assert provenance.settings["seed"] == 3 and provenance.settings["alpha"] == 0.1
    assert provenance.settings["metric"] == {"gsm8k": "exact_match"}
    assert provenance.settings["mid_p"] is True and provenance.settings["combine"] == "paper"

    words = shlex.split(provenance.command)
    assert words[:4] == ["python", "-m", "core", "compare"]
    again = build_parser(words[3:]).parse_args(words[3:])
    again.candidate = again.candidates[0]
    assert (again.baseline, again.candidate) == (str(BASE), str(TUNED))
    assert settings_of(again) == settings_of(args)
