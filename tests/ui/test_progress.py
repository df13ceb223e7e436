"""Component test of ui/frontier/progress.py inside a running app: every item comes through
and the bar is gone once the work is done."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _app(after):
    import time

    import streamlit as st

    from ui.frontier.progress import with_progress

    seen = []
    for item in with_progress(["a", "b", "c"], "{done} of {total} benchmarks", after=after):
        time.sleep(0.02)
        seen.append(item)
    st.session_state["seen"] = seen
    st.write("done")


def test_items_pass_through_and_no_bar_is_left():
    for after in (0.0, 60.0):
        at = AppTest.from_function(_app, args=(after,)).run()
        assert not at.exception
        assert at.session_state["seen"] == ["a", "b", "c"]
        assert len(at.get("progress")) == 0
        assert at.markdown[-1].value == "done"
