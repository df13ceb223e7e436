"""Browser test of the frontier page: sample boundaries on first open, switch benchmark,
read the calculator sentence, look at the history; screenshots in test-output/e2e/."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect


def _open_tab(page: Page, name: str) -> None:
    page.get_by_role("tab", name=name).click()
    expect(page.get_by_role("tab", name=name)).to_have_attribute("aria-selected", "true")


def test_frontier_page_sample_calculator_and_history(page: Page, app_url, screenshot_dir):
    page.set_viewport_size({"width": 1400, "height": 2400})
    page.goto(f"{app_url}/frontier_page")
    expect(page.get_by_text("You are looking at the bundled sample")).to_be_visible(timeout=90_000)
    charts = page.get_by_test_id("stVegaLiteChart")
    expect(charts.first).to_be_visible(timeout=60_000)
    expect(charts).to_have_count(2, timeout=60_000)  # the benchmark in focus + small multiples
    page.screenshot(path=str(screenshot_dir / "frontier_boundary.png"), full_page=True)

    focus = page.get_by_role("combobox", name="Benchmark", exact=True)
    focus.click()
    page.get_by_role("option", name="BBH", exact=True).click()
    expect(focus).to_have_value("BBH")
    expect(page.get_by_text(re.compile(r"^BBH: the boundary rises from"))).to_be_visible(
        timeout=60_000
    )
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(2, timeout=60_000)
    page.screenshot(path=str(screenshot_dir / "frontier_boundary_bbh.png"), full_page=True)

    _open_tab(page, "Calculator")
    sentence = page.get_by_text(re.compile(r"At 1e24 FLOPs the BBH boundary is 0\.\d\d"))
    expect(sentence).to_be_visible(timeout=60_000)
    text = sentence.inner_text()
    assert "90% band" in text
    expect(page.get_by_text(re.compile(r"To reach 0\.70 on BBH you need about"))).to_be_visible()
    flops = page.get_by_role("textbox", name="Compute budget (FLOPs)")
    flops.fill("3e24")
    flops.press("Enter")
    expect(page.get_by_text(re.compile(r"At 3e24 FLOPs the BBH boundary is"))).to_be_visible(
        timeout=60_000
    )
    page.screenshot(path=str(screenshot_dir / "frontier_calculator.png"), full_page=True)

    _open_tab(page, "Over time")
    expect(page.get_by_text(re.compile(r"MATH Lvl 5: the boundary is advancing"))).to_be_visible(
        timeout=90_000
    )
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(2, timeout=60_000)
    page.screenshot(path=str(screenshot_dir / "frontier_history.png"), full_page=True)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_frontier_evaluation_budget_tab(page: Page, app_url, screenshot_dir):
    page.set_viewport_size({"width": 1400, "height": 2400})
    page.goto(f"{app_url}/frontier_page")
    expect(page.get_by_text("You are looking at the bundled sample")).to_be_visible(timeout=90_000)
    _open_tab(page, "Evaluation budget")
    sentence = page.get_by_text(re.compile(r"^Evaluating these [\d,]+ of [\d,]+ models"))
    expect(sentence).to_be_visible(timeout=90_000)
    text = sentence.inner_text()
    assert "should recover the boundary to within" in text
    assert re.search(r"\(\d+% of their total cost\)", text)
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(1, timeout=60_000)
    page.screenshot(path=str(screenshot_dir / "frontier_budget.png"), full_page=True)
    expect(page.get_by_test_id("stException")).to_have_count(0)
