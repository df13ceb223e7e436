"""Browser test: several candidates against one baseline with the three bundled simulated candidates."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .conftest import save_screenshot


def test_three_simulated_candidates_ranked_with_chart(page: Page, app_url, screenshot_dir):
    page.goto(f"{app_url}/degradation_page")
    expect(page.get_by_text("3 candidates against baseline").first).to_be_visible(timeout=90_000)
    page.get_by_text("Several candidates against one baseline", exact=True).first.click()
    summary = page.get_by_text("3 candidates against baseline meta-llama/Llama-3.1-8B-Instruct")
    expect(summary).to_be_visible(timeout=120_000)
    expect(
        page.get_by_text("2 degraded, 1 no evidence of degradation", exact=False)
    ).to_be_visible()
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible(timeout=60_000)
    save_screenshot(page, screenshot_dir / "degradation_candidates.png")
    expect(page.get_by_test_id("stException")).to_have_count(0)
