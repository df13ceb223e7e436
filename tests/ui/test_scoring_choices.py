"""Component test of ui/degradation/scoring_choices.py: pickers never preselect a model or key."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _models_app():
    import streamlit as st

    from ui.degradation.scoring_choices import chosen_model, render_model_choice

    picked = render_model_choice("baseline", ("org/model-a", "org/model-b", "org/model-c"))
    st.session_state["returned"] = (picked, chosen_model("baseline"))


def _keys_app():
    import streamlit as st

    from ui.degradation.scoring_choices import chosen_score_key, render_score_key_choice

    st.session_state["returned"] = (render_score_key_choice(("accuracy", "f1")), chosen_score_key())


def test_model_picker_starts_empty_and_returns_the_pick():
    at = AppTest.from_function(_models_app).run()
    assert not at.exception
    box = at.sidebar.selectbox(key="model:baseline")
    assert box.label == "Baseline model (3 in these files)"
    assert box.options == ["org/model-a", "org/model-b", "org/model-c"]
    assert box.value is None
    assert at.session_state["returned"] == (None, None)
    box.select("org/model-b").run()
    assert at.session_state["returned"] == ("org/model-b", "org/model-b")


def test_score_key_picker_is_shared_and_never_preselected():
    at = AppTest.from_function(_keys_app).run()
    box = at.sidebar.selectbox(key="score_key")
    assert box.label == "Score key (2 in the dict scores)"
    assert box.value is None and at.session_state["returned"] == (None, None)
    box.select("f1").run()
    assert at.session_state["returned"] == ("f1", "f1")
