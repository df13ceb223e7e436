"""Component test of ui/frontier/page.py: the sidebar's options and the period choice."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from ui.frontier.page import PageOptions


def _app():
    import streamlit as st

    from ui.frontier.page import render_sidebar_options

    st.session_state["options"] = render_sidebar_options()


def test_defaults_are_the_papers_level_and_calendar_quarters():
    at = AppTest.from_function(_app).run()
    assert not at.exception
    o = at.session_state["options"]
    assert (o.tau, o.periods_kind, o.cumulative, o.n_boot) == (0.98, "Calendar quarters", False, 20)
    assert o.spec == ("quarters", ())
    assert o.fit_settings.tau == 0.98
    assert not at.sidebar.text_input  # no cut dates until asked for


def test_custom_cut_dates_give_a_cuts_spec():
    at = AppTest.from_function(_app).run()
    at.sidebar.radio(key="periods_kind").set_value("Custom cut dates").run()
    assert at.session_state["options"].spec == (
        "cuts",
        ("2024-07-01", "2024-10-01", "2025-01-01"),
    )
    at.sidebar.text_input(key="cuts").input(" 2024-03-01 ,, 2024-09-01").run()
    assert at.session_state["options"].spec == ("cuts", ("2024-03-01", "2024-09-01"))


def test_paper_periods_reach_the_options_and_the_level_is_not_in_the_sidebar():
    at = AppTest.from_function(_app).run()
    at.sidebar.radio(key="periods_kind").set_value("The paper's OLL periods")
    at.sidebar.checkbox(key="keep_duplicates").check()
    at.run()
    o = at.session_state["options"]
    assert o.keep_duplicates and o.spec == ("paper", ())
    assert "tau" not in [slider.key for slider in at.sidebar.select_slider]  # it is above the chart
    assert "n_boot" in [slider.key for slider in at.sidebar.select_slider]


def test_options_at_a_level_carry_it_to_the_fit_settings():
    at = AppTest.from_function(_app).run()
    o = at.session_state["options"].at_tau(0.9)
    assert o.tau == 0.9 and o.fit_settings.tau == 0.9
    assert o.at_tau(0.75).fit_settings.tau == 0.75


@pytest.mark.parametrize(
    "kind, cuts, spec",
    [
        ("Calendar quarters", "", ("quarters", ())),
        ("The paper's OLL periods", "", ("paper", ())),
        ("Custom cut dates", "2024-01-01", ("cuts", ("2024-01-01",))),
    ],
)
def test_spec_of_each_period_choice(kind, cuts, spec):
    options = PageOptions(0.98, kind, cuts, False, False, [], False, 20, None)
    assert options.spec == spec
