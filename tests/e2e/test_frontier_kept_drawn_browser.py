"""Browser test: the Boundary tab's charts stay drawn while another tab is open (issue 13).

Streamlit hides an inactive tab with ``display: none``; its charts then measure a width of
0 and Streamlit discards their Vega views, so going back drew all 7 charts again (0.5 s of
browser work). The page keeps the Boundary tab's elements in every run and keeps its hidden
panel's width: the same canvases come back, as wide as before, and the hidden panel takes
no room in the open tab.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .conftest import save_screenshot

CANVASES = """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"] canvas')]
    .filter(c => c.closest('[data-testid="stTabPanel"]')?.hasAttribute('data-st-inactive')
                 === %s)
    .map(c => { c.__kept = c.__kept || Math.random(); return c.__kept; })"""


def _open_tab(page: Page, name: str) -> None:
    page.get_by_role("tab", name=name).click()
    expect(page.get_by_role("tab", name=name)).to_have_attribute("aria-selected", "true")


def _idle(page: Page) -> None:
    page.wait_for_function(
        """() => document.querySelector('[data-testid="stApp"]')
            ?.getAttribute('data-test-script-state') === 'notRunning'""",
        timeout=120_000,
    )
    page.wait_for_timeout(500)


def test_boundary_charts_stay_drawn_across_a_tab_round_trip(page: Page, app_url, screenshot_dir):
    page.set_viewport_size({"width": 1400, "height": 2400})
    page.goto(f"{app_url}/frontier_page")
    charts = page.get_by_test_id("stVegaLiteChart")
    expect(charts).to_have_count(2, timeout=90_000)
    _idle(page)
    shown = page.evaluate(CANVASES % "false")
    assert len(shown) == 2  # the focus chart and the small multiples (one canvas each)
    widths = [round(charts.nth(i).bounding_box()["width"]) for i in range(2)]
    focus_height = round(charts.nth(0).bounding_box()["height"])
    assert min(widths) > 600, widths  # stretched to the main column

    _open_tab(page, "Over time")
    _idle(page)
    assert page.evaluate(CANVASES % "true") == shown  # hidden, not discarded
    hidden = page.get_by_test_id("stTabPanel").first  # Boundary's, inert while hidden
    assert hidden.get_attribute("data-st-inactive") is not None
    assert hidden.bounding_box()["height"] == 0  # takes no room in the open tab
    expect(charts.first).to_be_hidden()
    visible = charts.filter(visible=True)
    expect(visible.first).to_be_visible(timeout=90_000)  # the history's own charts
    tabs_bottom = page.get_by_role("tablist").bounding_box()
    first_shown = page.get_by_test_id("stTabPanel").filter(visible=True).bounding_box()
    assert first_shown["y"] - (tabs_bottom["y"] + tabs_bottom["height"]) < 40

    _open_tab(page, "Boundary")
    assert page.evaluate(CANVASES % "false") == shown  # the same canvases, not redrawn
    _idle(page)
    assert page.evaluate(CANVASES % "false") == shown
    assert [round(charts.nth(i).bounding_box()["width"]) for i in range(2)] == widths
    assert round(charts.nth(0).bounding_box()["height"]) == focus_height  # not squashed
    save_screenshot(page, screenshot_dir / "frontier_boundary_after_round_trip.png")

    # a focus chosen while the Boundary tab is hidden: its chart is drawn hidden, full width
    page.set_viewport_size({"width": 1400, "height": 2400})
    _open_tab(page, "Over time")
    _idle(page)
    focus = page.get_by_role("combobox", name="Benchmark", exact=True)
    focus.click()
    page.get_by_role("option", name="BBH", exact=True).click()
    expect(focus).to_have_value("BBH")
    _idle(page)
    _open_tab(page, "Boundary")
    expect(page.get_by_text(re.compile(r"^BBH at τ = 0.98: the boundary"))).to_be_visible()
    assert [round(charts.nth(i).bounding_box()["width"]) for i in range(2)] == widths
    assert round(charts.nth(0).bounding_box()["height"]) == focus_height
    save_screenshot(page, screenshot_dir / "frontier_boundary_focus_chosen_hidden.png")
    expect(page.get_by_test_id("stException")).to_have_count(0)
