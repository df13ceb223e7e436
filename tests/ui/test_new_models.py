"""Component test of ui/frontier/new_models.py: a second upload placed against one boundary."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

EPOCH = "epoch_ai_points_GPQA_diamond.csv"


def _app(focus):
    from ui.frontier.new_models import render_new_models

    render_new_models(focus)


def _upload(at, name, data):
    at.file_uploader(key="frontier_new_models").set_value((name, data, "text/csv"))
    return at.run()


def test_nothing_but_the_uploader_until_a_table_arrives(dated_results):
    at = AppTest.from_function(_app, args=(dated_results[0],)).run()
    assert not at.exception
    assert at.markdown[0].value == "**Place new models against this boundary**"
    assert not at.dataframe and not at.error


def test_epoch_ai_models_are_placed_above_and_below(dated_results, fixtures_dir):
    # A file we did not generate: Epoch AI's frontier models (CC-BY, Epoch AI).
    at = AppTest.from_function(_app, args=(dated_results[0],), default_timeout=10).run()
    at = _upload(at, "points.csv", (fixtures_dir / "frontier" / EPOCH).read_bytes())
    at.selectbox(key="new_models_score").select("score").run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "of 65 new models" in text and "sit above the boundary" in text
    table = at.dataframe[0].value
    assert len(table) == 65 and table["margin"].is_monotonic_decreasing
    assert set(table["position"]) <= {"above", "below"}


def test_a_table_without_scores_is_one_message(dated_results):
    at = AppTest.from_function(_app, args=(dated_results[0],)).run()
    at = _upload(at, "new.csv", b"model,note\na,x\n")
    assert not at.exception
    assert "The new-models table cannot be used" in at.error[0].value
    assert "no numeric column" in at.error[0].value
