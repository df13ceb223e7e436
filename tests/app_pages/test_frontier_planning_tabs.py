"""AppTest tests of the frontier page's Saturation, Contamination probe and Evaluation budget
tabs on the bundled OLL v2 sample: sentences, charts, selection, downloads, bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

from .frontier_helpers import chart_specs, markdown_text, open_page, show_tab, widget_key


def _open() -> AppTest:
    return open_page(180)


_tab, _text, _charts = show_tab, markdown_text, chart_specs


def _marks(spec: dict) -> set[str]:
    layers = spec.get("layer", [spec])
    return {(s["mark"]["type"] if isinstance(s["mark"], dict) else s["mark"]) for s in layers}


def test_first_render_does_not_run_the_planning_tabs():
    at = _open()  # no clock here: timings are in benchmarks/ (a loaded machine fails them)
    assert not at.exception
    text = _text(at)
    assert "**IFEval is " not in text  # the saturation tab's sentences: it runs when opened
    assert "**IFEval is " in _text(_tab(at, "Saturation"))


def test_saturation_tab_sentences_and_charts():
    at = _tab(_open(), "Saturation")
    assert not at.exception and not at.error
    text = _text(at)
    for name in ("IFEval", "BBH", "MATH Lvl 5", "GPQA", "MUSR", "MMLU-PRO"):
        assert f"**{name} is " in text
    assert "per decade of compute" in text or "is saturating" in text
    assert "large models score below the best small model" in text
    assert "official pretrained models drop in score" in text
    marks = [_marks(s) for s in _charts(at)]
    assert {"line"} in marks and {"bar"} in marks  # dominance over time, Figure 4c
    assert len(at.dataframe[-1].value) == 6


def test_contamination_tab_runs_and_bad_cutoff_shows_an_error():
    at = _tab(_open(), "Contamination probe")
    assert not at.exception and not at.error
    assert "Models released on or after 2024-06-26 score" in _text(at)
    (spec,) = _charts(at)
    assert _marks(spec) == {"circle", "line"}
    at.text_input(key="probe_cutoff").set_value("next spring").run()
    assert not at.exception
    assert "Cut-off date not readable" in at.error[0].value
    assert "2025-02-06" in at.error[0].value
    assert not _charts(at)
    assert (
        at.selectbox(key=widget_key(at, "focus")).value == "IFEval"
    )  # the rest of the page still works


def test_budget_tab_shows_the_selection_and_downloads():
    at = _tab(_open(), "Evaluation budget")
    assert not at.exception and not at.error
    text = _text(at)
    assert "Evaluating these" in text and "should recover the boundary to within" in text
    (spec,) = _charts(at)
    assert spec["encoding"]["size"]["field"] == "cost"
    selection = at.dataframe[-1].value
    assert len(selection) > 100 and {"model", "cost", "log10_flops"} <= set(selection.columns)
    n = int(text.split("Evaluating these **")[1].split(" of ")[0].replace(",", ""))
    assert len(selection) == n
    labels = [b.proto.label for b in at.get("download_button")]
    assert {"Selection (CSV)", "Selection (JSON)"} <= set(labels)
    at.select_slider(key="budget_percent").set_value(20).run()
    assert len(at.dataframe[-1].value) > n


def test_budget_sweep_runs_on_the_button():
    at = _tab(_open(), "Evaluation budget")
    assert len(_charts(at)) == 1  # no sweep on the first render of the tab
    at.button(key="sweep_run").click().run()
    assert not at.exception and not at.error
    specs = _charts(at)
    assert len(specs) == 2
    assert specs[1]["encoding"]["x"]["field"] == "budget_percent"
    summary = at.dataframe[-1].value
    assert set(summary["budget"]) == {0.1, 1.0} and set(summary["planner"]) == {"one-shot"}
    assert summary["pinball"].iloc[0] >= summary["pinball"].iloc[1] > 0


def test_budget_without_a_cost_column_says_what_to_do():
    rng = np.random.default_rng(0)
    z = rng.uniform(21, 25, 120)
    frame = pd.DataFrame(
        {
            "model": [f"m{i}" for i in range(120)],
            "release date": pd.date_range("2024-01-01", periods=120, freq="D").strftime("%Y-%m-%d"),
            "training FLOPs": 10.0**z,
            "acc": np.clip(0.1 + 0.8 / (1 + np.exp(-1.5 * (z - 23))) - rng.exponential(0.1), 0, 1),
        }
    )
    at = _open()
    at.file_uploader(key="frontier_table").set_value(
        ("models.csv", frame.to_csv(index=False).encode(), "text/csv")
    )
    at = _tab(at.run(), "Evaluation budget")
    assert not at.exception
    assert "No cost column" in at.error[0].value
    at.selectbox(key="budget_cost").set_value("(1 per model)").run()
    assert not at.error and "Evaluating these" in _text(at)
