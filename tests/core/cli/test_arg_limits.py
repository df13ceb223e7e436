"""Bounds on numeric options (core.cli.arg_limits): ranges with open and closed ends,
notes with durations for slow values, lists, and the one-line exit 2 through the CLI."""

from __future__ import annotations

import argparse
import math

import pytest

from core.cli import main
from core.cli.arg_limits import LIMITS, Limit, check_arguments
from core.errors import InputError


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "alpha",
            0.0,
            "--alpha 0 is out of range: the false-positive rate must lie above 0 and below 1",
        ),
        ("alpha", 1.0, "--alpha 1 is out of range"),
        (
            "margin",
            1.0,
            "--margin 1 is out of range: the margin (a fraction; 0.01 = 1 point) must lie at least 0 and below 1",
        ),
        (
            "resamples",
            98,
            "--resamples 98 is out of range: sign-flip draws must lie at least 99 and at most 1,000,000",
        ),
        ("resamples", 1_000_001, "--resamples 1,000,001 is out of range"),
        (
            "n_boot",
            5,
            "--n-boot 5 is out of range: bootstrap resamples must lie at least 10 and at most 100,000 (or be 0)",
        ),
        ("seed", -1, "--seed -1 is out of range"),
        (
            "seed",
            2**32,
            "--seed 4,294,967,296 is out of range: the seed must lie at least 0 and at most 4,294,967,295",
        ),
        ("params_scale", 0.0, "--params-scale 0 is out of range: the scale must lie above 0"),
        ("eps", 1.5, "--eps 1.5 is out of range"),
    ],
)
def test_out_of_range_names_the_option_and_the_range(name, value, message):
    with pytest.raises(InputError) as error:
        LIMITS[name].check(value)
    assert str(error.value).startswith(message)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("alpha", 1e-12),
        ("alpha", 0.999),
        ("margin", 0.0),
        ("resamples", 99),
        ("resamples", 200_000),
        ("n_boot", 0),
        ("n_boot", 10),
        ("seed", 0),
        ("seed", 2**32 - 1),
        ("eps", 1.0),
    ],
)
def test_values_at_closed_bounds_pass_silently(name, value):
    assert LIMITS[name].check(value) is None


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan])
def test_non_finite_values_are_refused(value):
    with pytest.raises(InputError, match="--alpha must be a finite number"):
        LIMITS["alpha"].check(value)


@pytest.mark.parametrize(
    ("value", "times", "duration"),
    [
        (2_001, 1, "40 seconds"),  # 2,001 x 0.02 s
        (3_750, 1, "75 seconds"),  # seconds up to 90
        (4_600, 1, "2 minutes"),  # 92 s
        (10_000, 1, "3 minutes"),  # 200 s
        (100_000, 1, "33 minutes"),
        (100_000, 2, "67 minutes"),  # 4,000 s: minutes up to 90
        (100_000, 3, "1.7 hours"),  # 6,000 s
    ],
)
def test_slow_values_get_a_note_with_the_duration(value, times, duration):
    note = LIMITS["n_boot"].check(value, times)
    assert note.startswith(
        f"note: --n-boot {value:,} (bootstrap resamples) may take about {duration} "
    )
    assert note.endswith("press Ctrl-C to stop, or choose a smaller value.")
    assert ("(3 of them)" in note) == (times == 3)


def test_no_note_at_the_slow_threshold_itself():
    assert LIMITS["n_boot"].check(2_000) is None
    assert LIMITS["resamples"].check(200_001).startswith("note: --resamples 200,001")


def test_non_integer_values_are_shown_as_given():
    limit = Limit("--x", 0, 1, "the x")
    with pytest.raises(
        InputError, match=r"^--x 1\.25 is out of range: the x must lie at least 0 and at most 1$"
    ):
        limit.check(1.25)


def test_check_arguments_skips_unbounded_bools_and_none_and_multiplies_by_scores():
    args = argparse.Namespace(
        alpha=None, debug=True, seed=3, name="x", n_boot=3_000, score=["a", "b"]
    )
    (note,) = check_arguments(args)
    assert "(2 of them)" in note and "2 minutes" in note  # 3,000 x 0.02 s x 2


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("budgets", ",".join(["0.1"] * 51), "--budgets lists 51 budgets; give at most 50"),
        ("at", [1e24] * 1_001, "--at lists 1,001 values; give at most 1,000"),
        ("at", [1e24, -1.0], "--at takes positive FLOPs such as 1e24, got -1"),
        ("at", [math.inf], "--at takes positive FLOPs such as 1e24, got inf"),
    ],
)
def test_lists_are_bounded(name, value, message):
    with pytest.raises(InputError, match=message.replace("+", r"\+")):
        check_arguments(argparse.Namespace(**{name: value}))
    assert check_arguments(argparse.Namespace(budgets="0.1,0.2", at=[1e23, 1e24])) == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["compare", "a", "b", "--alpha", "2"], "error: --alpha 2 is out of range"),
        (["compare", "a", "b", "--seed", "-5"], "error: --seed -5 is out of range"),
    ],
)
def test_through_the_cli_exit_2_with_one_line_before_any_reading(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1
