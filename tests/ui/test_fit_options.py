"""Component test of ui/frontier/fit_options.py: the fit-settings expander returns what it shows."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _app(tau):
    import streamlit as st

    from ui.frontier.fit_options import render_fit_options

    settings = render_fit_options(tau)
    st.session_state["settings"] = settings


def _run():
    return AppTest.from_function(_app, args=(0.9,)).run()


def test_defaults_are_the_papers_kappa_and_lambda_with_the_sharp_estimator():
    at = _run()
    assert not at.exception
    s = at.session_state["settings"]
    assert (s.tau, s.kappa, s.lambda_b, s.method, s.band_level) == (0.9, 50.0, 1e-3, "sharp", 0.9)
    assert at.expander[0].label == "Advanced: fit settings"
    assert at.number_input(key="fit_kappa").value == 50.0
    assert at.radio(key="fit_method").value.startswith("Sharp (default)")


def test_each_choice_reaches_the_settings():
    at = _run()
    at.number_input(key="fit_kappa").set_value(100.0)
    at.selectbox(key="fit_lambda").select("Choose from the data (cross-validation)")
    at.radio(key="fit_method").set_value("The paper's exact estimator")
    at.select_slider(key="fit_level").set_value(0.8)
    at.run()
    s = at.session_state["settings"]
    assert (s.kappa, s.lambda_b, s.method, s.band_level) == (100.0, None, "paper", 0.8)
    at.selectbox(key="fit_lambda").select("1e-4 (the paper's, for Epoch AI frontier models)").run()
    assert at.session_state["settings"].lambda_b == 1e-4
