"""The frontier page's "Advanced: fit settings": kappa, lambda, estimator, band level."""

from __future__ import annotations

from tests.app_pages.frontier_helpers import markdown_text, open_page, show_tab, widget_key


def _captions(at) -> str:
    return " ".join(c.value for c in at.caption)


def test_defaults_are_shown_with_the_fit():
    at = open_page()
    assert not at.exception
    text = _captions(at)
    assert "Fit settings: tau 0.98, kappa 50, lambda 1e-3 (given), sharp estimator." in text


def test_papers_estimator_reproduces_its_value_and_level_renames_the_band():
    at = show_tab(open_page(), "Calculator")
    at.radio(key="fit_method").set_value("The paper's exact estimator").run()
    at.select_slider(key="fit_level").set_value(0.8).run()
    assert not at.exception
    text = markdown_text(at)
    assert "At 1e24 FLOPs the IFEval boundary is 0.83 (80% band of the boundary" in text


def test_kappa_and_lambda_choices_reach_the_fit():
    at = open_page()
    at.number_input(key="fit_kappa").set_value(100.0).run()
    at.selectbox(key="fit_lambda").select("1e-4 (the paper's, for Epoch AI frontier models)").run()
    assert not at.exception
    assert "kappa 100, lambda 1e-4 (given)" in _captions(at)


def test_lambda_from_the_data_says_how_it_was_chosen():
    at = open_page()
    at.multiselect(key=widget_key(at, "benchmarks")).set_value(["BBH"]).run()
    at.selectbox(key="fit_lambda").select("Choose from the data (cross-validation)").run()
    assert not at.exception
    text = _captions(at)
    assert "5-fold cross-validation over" in text and "families, each held out whole" in text
