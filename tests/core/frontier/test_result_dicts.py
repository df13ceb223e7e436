"""Each frontier result has one dict form, ``to_dict()``: the keys the commands write in JSON.

The command-line JSON is built from these (core.cli), so a key renamed here is a key renamed
for every user of ``--format json``; values keep full precision, and a number that cannot be
computed is ``None`` (strict JSON) where the command has always written it so.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from core.frontier.analyses.contamination import ContaminationResult
from core.frontier.analyses.saturation import (
    DominanceResult,
    PretrainedComparison,
    saturation_summary,
)
from core.frontier.boundary.bootstrap import BootstrapBand
from core.frontier.boundary.position import ModelPosition, PositionReport
from core.frontier.boundary.questions import AttainableScore
from core.frontier.boundary.sigmoid_fit import FrontierFit
from core.frontier.history.backtest import PeriodResult

NAN = float("nan")


def _position(model, margin, extrapolated=False):
    return ModelPosition(model, 24.5, 0.5 + margin, 0.5, margin, margin > 0, extrapolated)


def test_a_model_position_gives_its_compute_in_flops():
    assert _position("m", 0.125).to_dict() == {
        "model": "m",
        "flops": 10**24.5,
        "score": 0.625,
        "boundary": 0.5,
        "margin": 0.125,
        "above": True,
        "extrapolated": False,
    }


def test_a_position_report_counts_and_lists_every_model():
    report = PositionReport(
        "GPQA", 0.98, (_position("a", 0.1), _position("b", -0.2, True), _position("c", 0.3))
    )
    d = report.to_dict()
    assert list(d) == [
        "task",
        "tau",
        "n",
        "n_above",
        "share_above",
        "n_extrapolated",
        "sentence",
        "models",
    ]
    assert (d["task"], d["tau"], d["n"], d["n_above"], d["n_extrapolated"]) == (
        "GPQA",
        0.98,
        3,
        2,
        1,
    )
    assert d["share_above"] == pytest.approx(2 / 3)
    assert d["sentence"] == report.sentence()
    assert [m["model"] for m in d["models"]] == ["a", "b", "c"]
    json.dumps(d, allow_nan=False)  # strict JSON


def test_an_empty_position_report_has_no_share_rather_than_nan():
    d = PositionReport("GPQA", 0.9, ()).to_dict()
    assert d["n"] == 0 and d["share_above"] is None and d["models"] == []
    json.dumps(d, allow_nan=False)


def test_an_attainable_score_without_a_band_has_no_interval():
    a = AttainableScore(1e24, 24.0, 0.61, NAN, NAN, 0.9, True)
    assert a.to_dict() == {
        "flops": 1e24,
        "score": 0.61,
        "ci_low": None,
        "ci_high": None,
        "extrapolated": True,
    }
    b = AttainableScore(1e22, 22.0, 0.4, 0.35, 0.45, 0.9, False).to_dict()
    assert (b["ci_low"], b["ci_high"]) == (0.35, 0.45)


def test_a_saturation_summary_writes_compute_in_flops_and_the_slope_per_decade():
    fit = FrontierFit(0.1, 0.6, 23.0, 2.0, 0.98, 50, 1e-3, 0.0, 100, 21.0, 25.0, True, 1)
    s = saturation_summary(fit, "BBH")
    d = s.to_dict()
    assert d == {
        "task": "BBH",
        "ceiling": s.ceiling,
        "headroom": s.headroom,
        "slope_at_max_per_decade": s.slope_at_max,
        "max_flops": 10**s.log10_flops_max,
        "flattens_at_flops": 10**s.log10_flops_flat,
        "flattened_in_data": True,
        "remaining_rise": s.remaining_rise,
    }
    assert d["ceiling"] == pytest.approx(0.7) and d["max_flops"] == pytest.approx(1e25)


def test_the_pretrained_comparison_leaves_the_fits_out_and_writes_none_for_no_rate():
    c = PretrainedComparison("BBH", 1, 40, None, None, NAN, 0.05, 0.01)
    assert c.to_dict() == {
        "n_pretrained": 1,
        "n_posttrained": 40,
        "adjacent_decrease_pretrained": None,
        "adjacent_decrease_posttrained": 0.05,
        "eps": 0.01,
    }


def test_dominance_gives_the_overall_share_and_one_record_a_month():
    monthly = pd.DataFrame(
        {"month": ["2024-10", "2024-11"], "n_large": [2, 1], "n_dominated": [1, 1]}
    )
    models = pd.DataFrame({"dominated": [True, False, True]})
    d = DominanceResult(monthly, models, 13.0, 5, 3, 0).to_dict()
    assert d["share_dominated"] == pytest.approx(2 / 3)
    assert (d["n_large"], d["n_small"]) == (3, 5)
    assert d["monthly"][1] == {"month": "2024-11", "n_large": 1, "n_dominated": 1}


def test_contamination_writes_the_cutoff_as_a_date_and_the_t_test_p_as_pvalue_t():
    r = ContaminationResult(
        cutoff=pd.Timestamp("2025-02-06"),
        n=120,
        n_before=70,
        n_after=50,
        n_outside_support=3,
        n_missing=1,
        support=(-1.5, 1.5),
        intercept=-1.0,
        slope=1.1,
        gamma=0.3,
        standard_error=0.08,
        statistic=3.75,
        pvalue=0.0001,
        pvalue_permutation=0.002,
        n_permutations=1999,
        n_strata=5,
        seed=0,
        alternative="greater",
        pooled_intercept=-0.9,
        pooled_slope=1.05,
        percent_scaled=True,
        eps=1e-4,
    )
    d = r.to_dict()
    assert d["cutoff"] == "2025-02-06" and d["pvalue_t"] == 0.0001
    assert d["pooled_fit"] == {"intercept": -0.9, "slope": 1.05}
    assert "support" not in d and "points" not in d and "pvalue" not in d
    assert [d[k] for k in ("n", "n_before", "n_after", "n_outside_support", "n_missing")] == [
        120,
        70,
        50,
        3,
        1,
    ]
    assert (d["gamma"], d["standard_error"], d["statistic"]) == (0.3, 0.08, 3.75)
    assert (d["n_permutations"], d["n_strata"], d["seed"]) == (1999, 5, 0)


def test_a_backtest_period_without_metrics_writes_none_and_counts_its_bins():
    empty = PeriodResult("2024Q1", "2024Q2", 10, 0, 0, 0, NAN, NAN, NAN, NAN, (), None, "no test")
    d = empty.to_dict()
    assert d["signed_coverage_error"] is None and d["excess_pinball"] is None
    assert (d["n_bins"], d["note"]) == (0, "no test")
    full = PeriodResult(
        "2024Q1", "2024Q2", 10, 8, 8, 2, -0.1, 0.2, 0.15, 1e-3, ("b1", "b2"), None
    ).to_dict()
    assert full == {
        "train": "2024Q1",
        "test": "2024Q2",
        "n_train": 10,
        "n_test": 8,
        "signed_coverage_error": -0.1,
        "abs_coverage_error": 0.2,
        "excess_pinball": 1e-3,
        "n_bins": 2,
        "note": "",
    }
    assert not math.isnan(full["abs_coverage_error"])


@pytest.mark.parametrize(("clustered", "unit"), [(True, "family"), (False, "model")])
def test_a_bootstrap_band_says_what_was_resampled(clustered, unit):
    fit = FrontierFit(0.1, 0.6, 23.0, 2.0, 0.98, 50, 1e-3, 0.0, 100, 21.0, 25.0, True, 1)
    band = BootstrapBand(fit, np.zeros((20, 4)), 0.9, 20, 7, clustered, 3)
    assert band.to_dict() == {
        "n_resamples": 20,
        "confidence_level": 0.9,
        "resampled_by": unit,
        "seed": 3,
    }
