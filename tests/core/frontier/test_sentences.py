"""Plain sentences about a boundary (core.frontier.present.sentences).

The trend thresholds are pinned to the paper's Figure 3a signed coverage errors
(tests/fixtures/frontier/paper_reported_values.csv): MATH Lvl 5 advances, BBH, GPQA,
MMLU-Pro and MuSR do not.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from core.errors import InputError
from core.frontier.boundary.questions import AttainableScore, ComputeNeeded
from core.frontier.present.sentences import (
    attainable_sentence,
    compute_needed_sentence,
    parse_flops,
    trend,
    trend_sentence,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3e24", 3e24),
        ("3E+24", 3e24),
        (" 3 x 10^24 ", 3e24),
        ("3×10^24", 3e24),
        ("3*10**24", 3e24),
        ("10^25", 1e25),
        ("10**23", 1e23),
        ("2.5e23 FLOPs", 2.5e23),
    ],
)
def test_parse_flops_reads_what_people_type(text, value):
    assert parse_flops(text) == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("lots", "'lots' is not a number of FLOPs; type it like 3e24"),
        ("0", "compute must be a positive number of FLOPs such as 3e24, got '0'"),
        ("-1e24", "compute must be a positive number of FLOPs"),
        ("inf", "compute must be a positive number of FLOPs"),
    ],
)
def test_parse_flops_refuses_with_an_example(text, message):
    with pytest.raises(InputError) as error:
        parse_flops(text)
    assert str(error.value) == message or str(error.value).startswith(message)


@pytest.fixture(scope="module")
def figure_3a(fixtures_dir):
    values = pd.read_csv(fixtures_dir / "frontier" / "paper_reported_values.csv")
    rows = values[values["quantity"] == "ood_signed_coverage_error_x1e-2"]
    return {
        task: SimpleNamespace(
            periods=[
                SimpleNamespace(signed_coverage_error=float(v) / 100)
                for v in group.sort_values("t_or_alpha")["value"]
            ]
        )
        for task, group in rows.groupby("task")
    }


def test_the_papers_tasks_are_classified_as_the_paper_says(figure_3a):
    kinds = {task: trend(report)[0] for task, report in figure_3a.items()}
    assert kinds["MATH Lvl 5"] == "advancing"
    for task in ("BBH", "GPQA", "MMLU-Pro", "MuSR"):
        assert kinds[task] == "stable"
    # IFEval: -4.00, -1.04, +1.94 -> mean -1.03 points, but held in the latest period
    assert kinds["IFEval"] == "was advancing"
    assert trend(figure_3a["MATH Lvl 5"])[1] == pytest.approx(-(2.45 + 1.63 + 1.84) / 300)


def _report(*errors):
    return SimpleNamespace(periods=[SimpleNamespace(signed_coverage_error=e) for e in errors])


@pytest.mark.parametrize(
    ("errors", "kind"),
    [
        ((-0.011, -0.011), "advancing"),
        ((-0.01, -0.01), "stable"),  # exactly at the threshold is not advancing
        ((0.021, 0.021), "conservative"),
        ((0.02, 0.02), "stable"),
        ((math.nan,), "unknown"),
        ((), "unknown"),
    ],
)
def test_trend_thresholds(errors, kind):
    assert trend(_report(*errors))[0] == kind


def test_trend_sentences_state_points_and_periods():
    assert trend_sentence("MATH", _report(-0.0245, -0.0163, -0.0184)) == (
        "MATH: the boundary is advancing — newer models beat the boundary of the previous "
        "period (2.0 points of coverage below the target, mean of 3 periods), as math does in "
        "the paper."
    )
    assert trend_sentence("BBH", _report(0.0163, 0.0158, 0.0094, math.nan)).endswith(
        "(coverage within 1.4 points of the target, mean of 3 periods)."
    )
    assert "the old boundary is on the safe side" in trend_sentence("X", _report(0.05, 0.03))
    assert trend_sentence("Y", _report()).startswith("Y: not enough dated models")


def test_one_tested_period_is_singular():
    assert "mean of 1 period)" in trend_sentence("Z", _report(0.0))


def _answer(**changes):
    base = dict(
        flops=3e24,
        log10_flops=math.log10(3e24),
        score=0.5612,
        ci_low=math.nan,
        ci_high=math.nan,
        confidence_level=math.nan,
        extrapolated=False,
    )
    return AttainableScore(**{**base, **changes})


def test_attainable_sentence_with_and_without_band():
    assert attainable_sentence("BBH", _answer()) == "At 3e24 FLOPs the BBH boundary is 0.56."
    banded = _answer(ci_low=0.531, ci_high=0.589, confidence_level=0.8, extrapolated=True)
    assert attainable_sentence("BBH", banded) == (
        "At 3e24 FLOPs the BBH boundary is 0.56 (80% band of the boundary 0.53–0.59). "
        "This compute is outside the models in the table, so the value is an extrapolation."
    )


def _needed(status="reachable", z=25.3, low=math.nan, high=math.nan, extrapolated=False):
    flops = 10.0**z if math.isfinite(z) else z
    return ComputeNeeded(0.7, status, z, flops, low, high, extrapolated)


def test_compute_needed_sentences():
    assert (
        compute_needed_sentence("BBH", _needed(), 0.9)
        == "To reach 0.70 on BBH you need about 2e25 FLOPs."
    )
    assert compute_needed_sentence("BBH", _needed(low=25.0, high=25.7), 0.9) == (
        "To reach 0.70 on BBH you need about 2e25 FLOPs (band 1e25–5e25)."
    )
    assert compute_needed_sentence("BBH", _needed(low=25.0, high=np.inf), 0.9).endswith(
        "(band from 1e25; some resampled boundaries never reach it)."
    )
    assert compute_needed_sentence("BBH", _needed("above ceiling", math.inf), 0.655) == (
        "The BBH boundary levels off at 0.66, so no compute reaches 0.70 according to this fit."
    )
    assert compute_needed_sentence("BBH", _needed("at or below floor", -math.inf), 0.9) == (
        "Every compute level reaches 0.70 on BBH: the boundary starts above it."
    )
    below = compute_needed_sentence("B", _needed(z=20.0, extrapolated=True), 0.9, low_edge=21.0)
    assert below.endswith(
        "That is below the compute of the smallest model in the table: an extrapolation."
    )
    beyond = compute_needed_sentence("B", _needed(z=27.0, extrapolated=True), 0.9, low_edge=21.0)
    assert beyond.endswith(
        "That is beyond the compute of the models in the table: an extrapolation."
    )
