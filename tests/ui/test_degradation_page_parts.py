"""Component test of ui/degradation/page.py: the sidebar's options become CompareOptions."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _app():
    import streamlit as st

    from ui.degradation.page import render_sidebar_options, single_uploads

    st.session_state["returned"] = render_sidebar_options()
    st.session_state["uploads"] = single_uploads()


def test_defaults_are_the_papers_test_with_the_calibrated_rule():
    at = AppTest.from_function(_app).run()
    assert not at.exception
    options, level = at.session_state["returned"]
    assert level == "group"
    assert (options.alpha, options.margin, options.alternative) == (0.05, 0.01, "greater")
    assert (options.pvalue_method, options.combine) == ("exact", "calibrated")
    assert at.session_state["uploads"] == ((), ())
    labels = [u.proto.label for u in at.get("file_uploader")]
    assert labels == ["Baseline results", "Candidate results"]


def test_every_option_reaches_compare_options():
    at = AppTest.from_function(_app).run()
    at.sidebar.radio(key="level").set_value("task")
    at.sidebar.select_slider(key="alpha").set_value(0.01)
    at.sidebar.number_input(key="margin").set_value(2.5)
    at.sidebar.radio(key="combine").set_value("paper")
    at.sidebar.checkbox(key="two_sided").check()
    at.sidebar.checkbox(key="mid_p").check()
    at.run()
    options, level = at.session_state["returned"]
    assert level == "task"
    assert (options.alpha, options.margin) == (0.01, 0.025)
    assert (options.alternative, options.pvalue_method, options.combine) == (
        "two-sided",
        "mid-p",
        "paper",
    )


def test_folder_mode_accepts_directories():
    at = AppTest.from_function(_app).run()
    at.radio(key="upload_mode").set_value("A folder").run()
    assert all(u.proto.accept_directory for u in at.get("file_uploader"))
