"""Pre-training compute of each row: FLOPs column or 6 * N * D (core/frontier/data/compute.py).

Pinned to hand computation and to the tables' own columns: the ObsScaling table carries both
``FLOPs (1E21)`` and N, D (its FLOPs are 6 * N * D), the Epoch AI table both raw FLOPs and
their log10 (tests/fixtures/frontier/PROVENANCE.md).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from core.errors import InputError
from core.frontier.data.compute import log10_flops, numeric_column, unit_scale

TABLES = Path(__file__).resolve().parents[2] / "fixtures/frontier"


def _table(name: str) -> pd.DataFrame:
    return pd.read_csv(TABLES / f"{name}.csv")


@pytest.mark.parametrize(
    ("column", "kind", "scale"),
    [
        ("#Params (B)", "params", 1e9),
        ("Pretraining tokens (T)", "tokens", 1e12),
        ("Model Size (B)", "params", 1e9),
        ("FLOPs (1E21)", "flops", 1e21),
        ("flops_1e+23", "flops", 1e23),
        ("compute (zettaFLOPs)", "flops", 1e21),
        ("train_zflops", "flops", 1e21),
        ("params_m", "params", 1e6),
        ("tokens (bn)", "tokens", 1e9),
        ("data (k)", "tokens", 1e3),
        ("size in billion", "params", 1e9),
        ("tokens trillion", "tokens", 1e12),
        ("FLOPs (1E21)", "params", None),  # 1E.. is a FLOPs unit only
        ("n_params", "params", None),
        ("training_compute_flop", "flops", None),
        ("parameters", "params", None),
    ],
)
def test_unit_scale_from_the_column_name(column, kind, scale):
    # 10.0 ** 23 is one ulp above the literal 1e23: compare to the relative precision.
    assert unit_scale(column, kind) == (None if scale is None else pytest.approx(scale, rel=1e-15))


def test_six_n_d_with_unit_scales_by_hand():
    frame = pd.DataFrame({"N (B)": [7.0, 70.0, np.nan], "D (T)": [2.0, 15.0, 1.0]})
    z, description, raw = log10_flops(frame, "t.csv", None, "N (B)", "D (T)", None, None, None)
    assert z[0] == pytest.approx(math.log10(6 * 7e9 * 2e12), abs=1e-12)  # 8.4e22
    assert z[1] == pytest.approx(math.log10(6 * 70e9 * 15e12), abs=1e-12)  # 6.3e24
    assert np.isnan(z[2]) and np.isnan(raw[2])
    np.testing.assert_array_equal(raw[:2], [14.0, 1050.0])  # N * D in the columns' units
    assert description == "6 * N (B)*1e+09 * D (T)*1e+12"


def test_given_scales_override_the_names():
    frame = pd.DataFrame({"N (B)": [7000.0], "D (T)": [2000.0]})
    z, description, _ = log10_flops(frame, "t", None, "N (B)", "D (T)", 1e6, 1e9, None)
    assert z[0] == pytest.approx(math.log10(6 * 7e9 * 2e12))
    assert description == "6 * N (B)*1e+06 * D (T)*1e+09"


def test_raw_counts_need_no_unit():
    frame = pd.DataFrame({"params": [7e9, 1e8], "tokens": [2e12, 3e11]})
    z, _, _ = log10_flops(frame, "t", None, "params", "tokens", None, None, None)
    np.testing.assert_allclose(z, np.log10([6 * 7e9 * 2e12, 6 * 1e8 * 3e11]), atol=1e-12)


def test_small_values_without_a_unit_are_refused_naming_the_option():
    frame = pd.DataFrame({"params": [7.0, 13.0], "tokens (T)": [2.0, 2.0]})
    with pytest.raises(InputError) as caught:
        log10_flops(frame, "t.csv", None, "params", "tokens (T)", None, None, None)
    message = str(caught.value)
    assert message.startswith("t.csv: cannot tell the unit of column 'params'")
    assert "--params-scale" in message and "\n" not in message
    frame = pd.DataFrame({"flops": [84.0, 156.0]})
    with pytest.raises(InputError, match="--flops-scale"):
        log10_flops(frame, "t.csv", "flops", None, None, None, None, None)


def test_flops_column_with_unit_by_hand():
    frame = pd.DataFrame({"FLOPs (1E21)": [84.0, 0.5, "n/a"]})
    z, description, raw = log10_flops(frame, "t", "FLOPs (1E21)", None, None, None, None, None)
    assert z[0] == pytest.approx(math.log10(8.4e22), abs=1e-12)
    assert z[1] == pytest.approx(math.log10(5e20), abs=1e-12)
    assert np.isnan(z[2]) and np.isnan(raw[2])
    assert description == "FLOPs (1E21)*1e+21"


def test_log10_flops_column_holds_exponents():
    frame = pd.DataFrame({"log10 FLOPs": [23.5, 22.0]})
    z, description, raw = log10_flops(frame, "t", "log10 FLOPs", None, None, None, None, None)
    np.testing.assert_array_equal(z, [23.5, 22.0])
    np.testing.assert_allclose(raw, [10**23.5, 1e22])
    assert description == "10**log10 FLOPs"
    z, description, _ = log10_flops(frame, "t", "log10 FLOPs", None, None, None, None, 1e3)
    np.testing.assert_allclose(z, [26.5, 25.0])
    assert description == "10**log10 FLOPs*1000"


def test_obsscaling_flops_column_equals_six_n_d_of_its_columns():
    frame = _table("obsscaling_base_llm_benchmark_eval")
    from_nd, description, _ = log10_flops(frame, "o", None, None, None, None, None, None)
    assert description == "6 * Model Size (B)*1e+09 * Pretraining Data Size (T)*1e+12"
    from_flops, _, _ = log10_flops(frame, "o", "FLOPs (1E21)", None, None, None, None, None)
    by_hand = np.log10(
        6 * frame["Model Size (B)"] * 1e9 * frame["Pretraining Data Size (T)"] * 1e12
    )
    both = np.isfinite(from_nd) & np.isfinite(from_flops)
    assert both.sum() == 123
    np.testing.assert_allclose(from_nd, by_hand, atol=1e-12, equal_nan=True)
    np.testing.assert_allclose(from_flops[both], from_nd[both], atol=1e-9)
    assert from_nd[0] == pytest.approx(math.log10(6 * 7e9 * 2e12))  # Llama-2-7b: 8.4e22


def test_epoch_raw_flops_match_their_log10_column():
    frame = _table("epoch_ai_points_GPQA_diamond")
    z, description, raw = log10_flops(frame, "e", None, None, None, None, None, None)
    assert description == "training_compute_flop*1"  # guessed, raw counts
    np.testing.assert_allclose(z, frame["log10_compute"], atol=1e-9)
    np.testing.assert_array_equal(raw, frame["training_compute_flop"])
    z_log, _, _ = log10_flops(frame, "e", "log10_compute", None, None, None, None, None)
    np.testing.assert_allclose(z_log, z, atol=1e-9)


def test_open_llm_leaderboard_guess_is_params_times_tokens():
    frame = _table("oll_v1_with_tokens_sample600")
    z, description, raw = log10_flops(frame, "oll", None, None, None, None, None, None)
    assert description == "6 * #Params (B)*1e+09 * Pretraining tokens (T)*1e+12"
    assert frame.loc[0, "fullname"] == "abacusai/Smaug-72B-v0.1"
    assert z[0] == pytest.approx(math.log10(6 * 72e9 * 15e12), abs=1e-12)
    np.testing.assert_allclose(raw, frame["#Params (B)"] * frame["Pretraining tokens (T)"])


def test_no_compute_columns_is_refused():
    with pytest.raises(InputError, match=r"^t\.csv: found no compute columns; pass --flops"):
        log10_flops(pd.DataFrame({"model": ["a"], "score": [1]}), "t.csv", *[None] * 6)


def test_flops_and_params_together_are_refused():
    frame = pd.DataFrame({"F (1E21)": [1.0], "N (B)": [1.0], "D (T)": [1.0]})
    with pytest.raises(InputError, match="either a FLOPs column or parameter and token"):
        log10_flops(frame, "t", "F (1E21)", "N (B)", None, None, None, None)


def test_params_without_tokens_is_refused():
    frame = pd.DataFrame({"N (B)": [1.0]})
    with pytest.raises(InputError, match=r"both --params COL and --tokens COL"):
        log10_flops(frame, "t", None, "N (B)", None, None, None, None)


def test_missing_column_lists_the_columns():
    frame = pd.DataFrame({"a": ["1", "x"]})
    with pytest.raises(InputError, match=r"^src: no column 'b'; columns are \['a'\]$"):
        numeric_column(frame, "b", "src")
    values = numeric_column(frame, "a", "src")
    assert values[0] == 1.0 and np.isnan(values[1])
