"""AppTest: the frontier page on tables people have (Epoch AI, ObsScaling, OLL v1 with "Z"
timestamps and percent scores), one after another, and on bad tables: messages, never
Streamlit's error box."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from .frontier_helpers import REPO, chart_specs, markdown_text, open_page, show_tab, widget_key

FIXTURES = REPO / "tests" / "fixtures" / "frontier"
EPOCH = FIXTURES / "epoch_ai_points_GPQA_diamond.csv"
EPOCH_NAME = "points_GPQA_diamond.csv"  # its name in the Epoch AI / paper repository
OBS = FIXTURES / "obsscaling_base_llm_benchmark_eval.csv"
V1 = FIXTURES / "oll_v1_with_tokens_sample600.csv"


def _upload_file(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="frontier_table").set_value((name, data, "text/csv"))
    return at.run()


def _no_crash(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _captions(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption)


def test_epoch_ai_then_obsscaling_each_guessed_afresh():
    at = open_page(180)
    _upload_file(at, EPOCH_NAME, EPOCH.read_bytes())
    _no_crash(at)
    assert not at.error
    assert f"Table: {EPOCH_NAME}" in at.caption[0].value
    assert "MPL-2.0" not in at.caption[0].value  # the sample's note is gone
    assert "compute = FLOPs from `training_compute_flop`" in _captions(at)
    assert at.selectbox(key=widget_key(at, "focus")).options == ["GPQA_diamond"]
    assert "GPQA_diamond at τ = 0.98: the boundary rises from" in markdown_text(at)
    assert at.multiselect(key=widget_key(at, "fm_scores")).value == ["score"]
    dots = chart_specs(at)[0]["layer"][1]  # band, then the models
    assert dots["mark"]["type"] == "circle"
    assert dots["encoding"]["color"]["scale"]["domain"] == ["no date"]  # all 65 drawn
    assert dots["encoding"]["color"]["legend"] is None

    _upload_file(at, OBS.name, OBS.read_bytes())
    _no_crash(at)
    assert f"Table: {OBS.name}" in at.caption[0].value
    assert "6 × `Model Size (B)` × `Pretraining Data Size (T)`" in _captions(at)
    benchmarks = ["MMLU", "ARC-C", "HellaSwag", "Winograd", "TruthfulQA", "GSM8K"]
    assert at.selectbox(key=widget_key(at, "focus")).options[:6] == benchmarks
    assert "MMLU at τ = 0.98: the boundary rises from" in markdown_text(at)
    # the guesses survive the next clicks
    at.select_slider(key="tau").set_value(0.9).run()
    at.selectbox(key=widget_key(at, "focus")).select("GSM8K").run()
    _no_crash(at)
    assert at.multiselect(key=widget_key(at, "fm_scores")).value[:6] == benchmarks
    assert "GSM8K at τ = 0.9: the boundary rises from" in markdown_text(at)
    for tab in ("Calculator", "Over time", "Downloads", "Saturation"):
        show_tab(at, tab)
        _no_crash(at)
    show_tab(at, "Over time")
    assert "needs an upload or release date column" in " ".join(i.value for i in at.info)


def test_oll_v1_with_z_timestamps_and_percent_scores():
    at = open_page(180)
    _upload_file(at, V1.name, V1.read_bytes())
    _no_crash(at)
    assert not at.error
    assert "date `date`" in _captions(at)
    info = " ".join(i.value for i in at.info)
    assert "Read as percent" in info and "ARC, MMLU, GSM8K" in info
    assert "3 rows with a repeated model name left out" in info
    show_tab(at, "Over time")
    _no_crash(at)
    assert not at.error
    assert "MMLU: the boundary" in markdown_text(at)
    # keep every row: the count changes and the note says so
    at.checkbox(key="keep_duplicates").check().run()
    _no_crash(at)
    assert "Every row kept" in " ".join(i.value for i in at.info)


def test_more_levels_are_drawn_and_never_cross():
    at = open_page(180)
    _upload_file(at, EPOCH_NAME, EPOCH.read_bytes())
    at.multiselect(key="extra_taus").set_value([0.5, 0.9]).run()
    _no_crash(at)
    text = markdown_text(at)
    assert "τ 0.5:" in text and "τ 0.9:" in text and "τ 0.98:" in text
    assert "never cross" in text
    spec = chart_specs(at)[0]
    assert any("strokeDash" in (layer.get("encoding") or {}) for layer in spec["layer"])


def _bad(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode()


def _models(n=60):
    rng = np.random.default_rng(0)
    z = rng.uniform(21, 25, n)
    return pd.DataFrame(
        {
            "model": [f"m{i}" for i in range(n)],
            "training FLOPs": 10.0**z,
            "alpha acc": np.clip(0.1 + 0.8 / (1 + np.exp(-1.5 * (z - 23))) - 0.1, 0, 1),
        }
    )


@pytest.mark.parametrize(
    "frame, words",
    [
        (_models().head(3), "only 3 usable rows; a boundary needs at least 20"),
        (_models().assign(**{"training FLOPs": 1e24}), "every model has the same compute"),
        (_models().assign(**{"alpha acc": 0.4}), "every model has the same score"),
        (
            _models().assign(
                **{"alpha acc": np.where(np.arange(60) % 3 == 0, 55.0, _models()["alpha acc"])}
            ),
            "mixes fractions and percentages",
        ),
    ],
    ids=["3 rows", "same compute", "same score", "percent and fraction"],
)
def test_bad_tables_are_messages_on_the_page(frame, words):
    at = open_page(180)
    _upload_file(at, "bad.csv", _bad(frame))
    at.multiselect(key=widget_key(at, "fm_scores")).set_value(
        ["alpha acc"]
    ).run()  # mixed ones are not guessed
    _no_crash(at)
    errors = " ".join(e.value for e in at.error)
    assert words in errors, errors


def test_a_data_problem_inside_a_tab_is_a_message_and_the_page_goes_on():
    def app():
        import streamlit as st

        from core.errors import InputError
        from ui.frontier.view import data_problems_as_messages

        with data_problems_as_messages():
            raise InputError("table.csv: every model has the same score (0.5)")
        st.write("the next tab still renders")

    at = AppTest.from_function(app).run()
    _no_crash(at)
    assert "every model has the same score" in at.error[0].value
    assert at.markdown[0].value == "the next tab still renders"
