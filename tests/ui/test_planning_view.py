"""Component test of ui/frontier/planning_view.py: the Saturation and Contamination probe tabs."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from core.frontier.data.mapping import ColumnMapping

MAPPING = ColumnMapping(
    model="fullname",
    date="Upload To Hub Date",
    params="#Params (B)",
    tokens="Pretraining tokens (T)",
    scores=("GPQA Raw", "BBH Raw", "MATH Lvl 5 Raw"),
)


@pytest.fixture(scope="module")
def frame(fixtures_dir):
    return pd.read_csv(fixtures_dir / "frontier" / "oll_v2_with_tokens_subset.csv")


def _saturation_app(frame, results):
    from core.frontier.data.mapping import ColumnMapping
    from ui.frontier.planning_view import render_saturation

    mapping = ColumnMapping(
        date="Upload To Hub Date", params="#Params (B)", tokens="Pretraining tokens (T)"
    )
    render_saturation(frame, "subset", mapping, results, 0.98)


def _probe_app(frame, mapping):
    from ui.frontier.planning_view import render_contamination

    render_contamination(frame, "subset", mapping)


def test_saturation_sentences_table_and_skipped_dominance(frame, dated_results):
    at = AppTest.from_function(_saturation_app, args=(frame, dated_results), default_timeout=20)
    at.run()
    assert not at.exception
    sentences = [m.value for m in at.markdown]
    assert sentences[0].startswith("**GPQA is ") and sentences[1].startswith("**BBH is ")
    table = at.dataframe[0].value
    assert list(table["benchmark"]) == ["GPQA", "BBH"]
    assert at.selectbox(key="sat_size").value == "#Params (B)"  # guessed
    assert at.selectbox(key="sat_type").value == "(none)"
    assert "Choose a model type and an official provider column" in at.info[-1].value


def test_probe_on_the_pages_table(frame):
    at = AppTest.from_function(_probe_app, args=(frame, MAPPING), default_timeout=30).run()
    assert not at.exception
    assert at.selectbox(key="probe_x").value == "BBH Raw"
    assert at.selectbox(key="probe_y").value == "MATH Lvl 5 Raw"
    text = " ".join(m.value for m in at.markdown)
    assert "Models released on or after 2024-06-26 score" in text
    shift, none = (
        "**That is a shift**" in text,
        "**No evidence of a shift** at the 5% level." in text,
    )
    assert shift != none  # exactly one reading
    assert len(at.dataframe) == 1


def test_probe_refuses_a_bad_cutoff_and_the_same_column_twice(frame):
    at = AppTest.from_function(_probe_app, args=(frame, MAPPING), default_timeout=30).run()
    at.text_input(key="probe_cutoff").input("next summer").run()
    assert "Cut-off date not readable:" in at.error[0].value
    at.text_input(key="probe_cutoff").input("2024-06-26")
    at.selectbox(key="probe_y").select("BBH Raw").run()
    assert at.error[0].value == "**Choose two different score columns** for x and y."
