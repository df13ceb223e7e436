"""AppTest helpers shared by the frontier page's test modules."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[2]
APP = str(REPO / "app.py")
PAGE = "app_pages/frontier_page.py"


def open_page(timeout: int = 180) -> AppTest:
    """The app, switched to the frontier page (bundled sample loaded)."""
    at = AppTest.from_file(APP, default_timeout=timeout).run()
    at.switch_page(PAGE).run()
    return at


def show_tab(at: AppTest, label: str) -> AppTest:
    """Open one tab of the page (tabs run only when shown)."""
    at.session_state["frontier_tab"] = label
    return at.run()


def markdown_text(at: AppTest) -> str:
    """All Markdown on the page, joined."""
    return " ".join(m.value for m in at.markdown)


def open_tab(at: AppTest):
    """The page's open tab (None before the tabs, e.g. when the table cannot be used).

    AppTest holds every tab's elements, and the Boundary tab runs even when another tab is
    open (ui/frontier/page.py, KEPT_DRAWN): what the user sees is the open tab's.
    """
    state = at.session_state
    label = state["frontier_tab"] if "frontier_tab" in state else "Boundary"  # the first
    return next((t for t in at.tabs if t.label == label), None)


def chart_specs(at: AppTest) -> list[dict]:
    """The Vega-Lite specs of every chart the user sees: those in the open tab."""
    where = open_tab(at) or at
    return [json.loads(c.proto.spec) for c in where.get("vega_lite_chart")]


def widget_key(at: AppTest, base: str) -> str:
    """The key of a widget that belongs to the current table (column mapping, benchmarks).

    Those widgets are keyed by the table's identity, so that a new upload never reuses the
    previous table's widget state (see ui/frontier/mapping.py).
    """
    from ui.frontier.mapping import table_widget_key

    return table_widget_key(base, at.session_state["fm_table"])
