"""Component test of ui/frontier/fit_options.py: the fit-settings expander returns what it shows."""

from __future__ import annotations

from dataclasses import replace

from streamlit.testing.v1 import AppTest


def _app():
    import streamlit as st

    from ui.frontier.fit_options import render_fit_options

    settings = render_fit_options()
    st.session_state["settings"] = settings


def _run():
    return AppTest.from_function(_app).run()


def test_defaults_are_the_papers_kappa_and_lambda_with_the_sharp_estimator():
    at = _run()
    assert not at.exception
    s = at.session_state["settings"]
    assert (s.tau, s.kappa, s.lambda_b, s.method, s.band_level) == (0.98, 50.0, 1e-3, "sharp", 0.9)
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


def test_a_fit_at_another_tau_resumes_the_continuation_of_the_fit_before(monkeypatch):
    # The page's fits share one memo: a τ change skips the stages already run (here, for
    # 0.95 after 0.98, the screening of the starting shapes and every stage up to 0.95).
    import numpy as np

    from core.frontier.boundary import sigmoid_fit
    from core.frontier.boundary.fit_settings import FitSettings
    from core.frontier.data.table import BoundaryTable
    from ui.frontier.fit_options import fit_for

    rng = np.random.default_rng(20261130)  # rows of this test only: nothing cached before
    z = rng.uniform(20.0, 25.0, 300)
    y = np.clip(0.2 + 0.6 / (1.0 + np.exp(-2.0 * (z - 23.0))) - rng.exponential(0.05, 300), 0, 1)
    names = np.array([f"m{i}" for i in range(300)], dtype=object)
    table = BoundaryTable("t.csv", "acc", names, z, y, None, None, 300)
    screens = []
    screen = sigmoid_fit._screen
    monkeypatch.setattr(
        sigmoid_fit, "_screen", lambda *a, **k: screens.append(1) or screen(*a, **k)
    )
    settings = FitSettings(tau=0.98, kappa=50.0, lambda_b=1e-3, method="sharp", band_level=0.9)
    fit_98, _ = fit_for(table, settings)
    fit_95, _ = fit_for(table, replace(settings, tau=0.95))
    assert len(screens) == 1
    assert fit_95 == sigmoid_fit.fit_frontier(z, y, tau=0.95, method="sharp")  # the same fit
    assert fit_98.tau == 0.98 and fit_95.tau == 0.95
