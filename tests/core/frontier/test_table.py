"""Table loading: units from names, percent scaling, drop counts, errors that say what to do."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core.errors import InputError
from core.frontier.data.compute import unit_scale
from core.frontier.data.table import load_boundary_tables


def frame():
    return pd.DataFrame(
        {
            "model": ["a", "b", "c", "d", "e", "f"],
            "#Params (B)": [7.0, 70.0, np.nan, 0.0, 8.0, 1.0],
            "Pretraining tokens (T)": [2.0, 2.0, 15.0, 15.0, 15.0, 3.0],
            "acc": [55.0, 80.0, 70.0, 30.0, np.nan, 101.0],
            "date": ["2024-01-01", "2024-02-01", "2024-03-01", "x", "2024-05-01", "2024-06-01"],
        }
    )


def test_units_from_names():
    assert unit_scale("#Params (B)", "params") == 1e9
    assert unit_scale("Pretraining tokens (T)", "tokens") == 1e12
    assert unit_scale("params_m", "params") == 1e6
    assert unit_scale("FLOPs (1E21)", "flops") == 1e21
    assert unit_scale("tokens", "tokens") is None


def test_flops_percent_and_drop_counts():
    (t,) = load_boundary_tables(
        frame(), ["acc"], params="#Params (B)", tokens="Pretraining tokens (T)"
    )
    assert t.percent_scaled
    assert t.model.tolist() == ["a", "b"]
    assert t.score.tolist() == [0.55, 0.80]
    # 6 * 7e9 * 2e12 = 8.4e22
    assert t.log10_flops[0] == pytest.approx(np.log10(8.4e22), abs=1e-12)
    assert dict(t.dropped) == {
        "missing compute": 1,
        "non-positive compute": 1,
        "missing or unreadable date": 0,
        "missing score": 1,
        "score outside [0, 1]": 1,
        "repeated model name": 0,
    }
    assert t.n + t.n_dropped == t.n_rows == 6


def test_date_drops_and_flops_column(tmp_path):
    df = frame().assign(flops=[1e22, 1e23, 1e24, 1e25, 1e21, -1.0])
    path = tmp_path / "t.parquet"
    df.to_parquet(path)
    (t,) = load_boundary_tables(path, ["acc"], flops="flops", date="date")
    assert t.dropped["missing or unreadable date"] == 1
    assert t.dropped["non-positive compute"] == 1
    assert t.date.dtype.kind == "M"
    assert t.log10_flops.tolist() == [22.0, 23.0, 24.0]


def test_explicit_scales_and_errors():
    df = frame().rename(columns={"#Params (B)": "n", "Pretraining tokens (T)": "d"})
    with pytest.raises(InputError, match="--params-scale"):
        load_boundary_tables(df, ["acc"], params="n", tokens="d")
    (t,) = load_boundary_tables(
        df, ["acc"], params="n", tokens="d", params_scale=1e9, tokens_scale=1e12
    )
    assert t.n == 2
    with pytest.raises(InputError, match="no column 'nope'"):
        load_boundary_tables(df, ["nope"], params="n", tokens="d", params_scale=1, tokens_scale=1)
    with pytest.raises(InputError, match="unknown table format"):
        load_boundary_tables("x.xlsx", ["acc"])


def test_guessing_on_oll(oll_path):
    (t,) = load_boundary_tables(oll_path, ["BBH Raw"])
    assert t.compute_description.startswith("6 * #Params (B)")
    assert t.family is not None and t.n == 3604
    assert t.dropped["missing compute"] == 910 and t.dropped["non-positive compute"] == 3
    # 79 fullnames repeat (one model at two precisions); 59 of the repeats have compute.
    assert t.dropped["repeated model name"] == 59 and t.duplicates == "first"
    (every,) = load_boundary_tables(oll_path, ["BBH Raw"], duplicates="all")
    assert every.n == 3663 and every.dropped["repeated model name"] == 0
