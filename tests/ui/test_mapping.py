"""Component test of ui/frontier/mapping.py: the column mapping shows its guesses, returns the
user's edits, and a new table starts from its own guesses."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from ui.frontier.mapping import table_widget_key


def _app(identity):
    import pandas as pd
    import streamlit as st

    from ui.frontier.mapping import describe, render_mapping

    frame = pd.DataFrame(
        {
            "fullname": ["a/x", "b/y", "c/z"],
            "Upload To Hub Date": ["2024-01-02", "2024-05-06", "2024-09-10"],
            "#Params (B)": [7.0, 13.0, 70.0],
            "Pretraining tokens (T)": [2.0, 2.0, 15.0],
            "IFEval Raw": [0.4, 0.5, 0.8],
            "BBH Raw": [0.3, 0.45, 0.6],
            "Flagged": [False, True, False],
        }
    )
    identity = st.session_state.get("identity", identity)
    mapping = render_mapping(frame, f"content-{identity}", identity)
    st.session_state["mapping"] = mapping
    st.caption(describe(mapping))


def _run(identity="t1"):
    return AppTest.from_function(_app, args=(identity,)).run()


def test_guesses_are_shown_and_returned():
    at = _run()
    assert not at.exception
    m = at.session_state["mapping"]
    assert (m.model, m.date, m.params, m.tokens, m.flops) == (
        "fullname",
        "Upload To Hub Date",
        "#Params (B)",
        "Pretraining tokens (T)",
        None,
    )
    assert set(m.scores) == {"IFEval Raw", "BBH Raw"}
    assert at.selectbox(key=table_widget_key("fm_model", "t1")).value == "fullname"
    assert at.expander[0].label.startswith("Columns (guessed from the table")
    caption = at.caption[-1].value
    assert (
        "model `fullname`" in caption and "6 × `#Params (B)` × `Pretraining tokens (T)`" in caption
    )


def test_edits_reach_the_mapping():
    at = _run()
    key = lambda base: table_widget_key(base, "t1")  # noqa: E731
    at.multiselect(key=key("fm_scores")).set_value(["BBH Raw"])
    at.multiselect(key=key("fm_exclude")).set_value(["Flagged"])
    at.selectbox(key=key("fm_date")).select("(none)")
    at.run()
    m = at.session_state["mapping"]
    assert m.scores == ("BBH Raw",) and m.exclude == ("Flagged",) and m.date is None
    assert "no dates" in at.caption[-1].value
    assert "excluding rows marked `Flagged`" in at.caption[-1].value


def test_flops_mode_reads_a_flops_column_with_its_unit():
    at = _run()
    key = lambda base: table_widget_key(base, "t1")  # noqa: E731
    at.radio(key=key("fm_compute")).set_value("a FLOPs column").run()
    at.selectbox(key=key("fm_flops")).select("#Params (B)").run()
    m = at.session_state["mapping"]
    assert m.flops == "#Params (B)" and m.params is None and m.tokens is None
    assert m.flops_scale is None  # "from the column name" until a unit is chosen
    at.selectbox(key=key("fm_flops_unit")).select("1e21 (zettaFLOPs)").run()
    assert at.session_state["mapping"].flops_scale == 1e21
    assert "FLOPs from `#Params (B)`" in at.caption[-1].value


def test_a_new_table_starts_from_its_own_guesses():
    at = _run()
    at.multiselect(key=table_widget_key("fm_scores", "t1")).set_value(["BBH Raw"]).run()
    assert at.session_state["mapping"].scores == ("BBH Raw",)
    at.session_state["identity"] = "t2"
    at.run()
    assert set(at.session_state["mapping"].scores) == {"IFEval Raw", "BBH Raw"}
    assert table_widget_key("fm_scores", "t1") not in at.session_state
