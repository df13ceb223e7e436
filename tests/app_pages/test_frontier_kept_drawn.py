"""The Boundary tab runs on every run, also while another tab is open (issue 13).

Its 7 charts take the browser 0.5 s to draw from scratch; kept in the page (hidden, with
the width a style keeps for them) they stay drawn, and going back to the tab only shows
them. The other tabs still run only when open. The browser side (the same canvases after a
round trip, nothing squashed) is in tests/e2e/test_frontier_kept_drawn_browser.py.
"""

from __future__ import annotations

import json

from ui.frontier.page import KEEP_DRAWN_STYLE, TABS

from .frontier_helpers import markdown_text, open_page, show_tab, widget_key


def _tab(at, label: str):
    (tab,) = [t for t in at.tabs if t.label == label]
    return tab


def _charts(block) -> list[tuple[dict, dict[str, bytes]]]:
    """(spec, datasets) of each chart in ``block``: what the browser draws."""
    return [
        (json.loads(c.proto.spec), {d.name: d.data.data for d in c.proto.datasets})
        for c in block.get("vega_lite_chart")
    ]


def _title(chart) -> str:
    title = chart[0]["title"]
    return title if isinstance(title, str) else title["text"]


def test_boundary_tab_stays_while_another_tab_is_open_and_the_others_stay_lazy():
    at = open_page()
    drawn = _charts(_tab(at, "Boundary"))
    assert len(drawn) == 2  # the benchmark in focus and the small multiples
    for label in ("Over time", "Calculator"):
        at = show_tab(at, label)
        assert not at.exception
        assert _charts(_tab(at, "Boundary")) == drawn  # the same: nothing to redraw
        assert _tab(at, label).children  # the open tab
        for other in set(TABS) - {"Boundary", label}:
            assert not _tab(at, other).children, other  # not run
    # the style that keeps a hidden panel's width (so Streamlit keeps its Vega views)
    assert [h.proto.body for h in at.get("html")] == [KEEP_DRAWN_STYLE]
    assert "[data-st-inactive]" in KEEP_DRAWN_STYLE and "display: block" in KEEP_DRAWN_STYLE
    at = show_tab(at, "Boundary")
    assert _charts(_tab(at, "Boundary")) == drawn
    assert not _tab(at, "Over time").children and not _tab(at, "Calculator").children


def test_focus_and_tau_changed_in_another_tab_are_the_ones_the_boundary_tab_shows():
    at = show_tab(open_page(), "Over time")
    at.selectbox(key=widget_key(at, "focus")).select("BBH").run()
    at.select_slider(key="tau").set_value(0.9).run()
    assert not at.exception
    boundary = _tab(at, "Boundary")
    focus, multiples = _charts(boundary)
    assert _title(focus) == "BBH (3,604 models)"
    headings = " ".join(m.value for m in boundary.markdown)
    assert "BBH at τ = 0.9: the boundary" in headings
    at = show_tab(at, "Boundary")
    assert _charts(_tab(at, "Boundary")) == [focus, multiples]  # shown as it was drawn
    assert "BBH at τ = 0.9: the boundary" in markdown_text(at)


def test_each_widget_and_message_once_and_in_its_own_tab():
    at = show_tab(open_page(), "Over time")
    at.radio(key="periods_kind").set_value("Custom cut dates").run()
    at.text_input(key="cuts").set_value("2024-07-01, not a date").run()
    assert not at.exception  # no duplicate keys
    assert len(at.file_uploader) == 2  # the table's, and the new models' (Boundary tab)
    (new_models,) = _tab(at, "Boundary").get("file_uploader")
    assert new_models.key == "frontier_new_models"
    assert not _tab(at, "Over time").get("file_uploader")
    for label in ("Boundary", "Over time"):  # each shows the cut dates' problem once
        errors = [e.value for e in _tab(at, label).get("error")]
        assert len(errors) == 1 and "Cut dates not usable" in errors[0], (label, errors)
    assert not _tab(at, "Calculator").children
