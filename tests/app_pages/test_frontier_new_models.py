"""Boundary tab: a second upload of new models, marked on a chart and listed in a table."""

from __future__ import annotations

from tests.app_pages.frontier_helpers import REPO, chart_specs, open_page, widget_key

EPOCH = REPO / "tests" / "fixtures" / "frontier" / "epoch_ai_points_GPQA_diamond.csv"


def _upload_new(at, name, data):
    at.file_uploader(key="frontier_new_models").set_value((name, data, "text/csv"))
    return at.run()


def test_epoch_ai_models_against_the_leaderboard_gpqa_boundary():
    # A file we did not generate: Epoch AI's frontier models (CC-BY, Epoch AI).
    at = open_page()
    at.selectbox(key=widget_key(at, "focus")).select("GPQA").run()
    at = _upload_new(at, "points_GPQA_diamond.csv", EPOCH.read_bytes())
    at.selectbox(key="new_models_score").select("score").run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "new models" in text and "sit above the boundary" in text
    assert "of 65 new models" in text
    table = next(d.value for d in at.dataframe if "margin" in d.value.columns)
    assert len(table) == 65
    assert table["margin"].is_monotonic_decreasing
    assert set(table["position"]) <= {"above", "below"}
    assert (table["position"] == "above").sum() > 40  # frontier models beat OLL's GPQA
    assert any(
        "New models against the GPQA boundary" in str(s.get("title")) for s in chart_specs(at)
    )


def test_bad_new_models_file_is_a_message():
    at = _upload_new(open_page(), "new.csv", b"model,flops\na,1e24\n")
    assert not at.exception
    assert "The new-models table cannot be used" in at.error[0].value
    at = _upload_new(at, "new.csv", b"model,note\na,x\n")
    assert "no numeric column" in at.error[0].value
