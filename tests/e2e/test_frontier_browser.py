"""Browser test of the frontier page: sample boundaries on first open, switch benchmark,
read the calculator sentence, look at the history; screenshots in test-output/e2e/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import save_screenshot, upload_files


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
    expect(
        page.get_by_text(re.compile(r"^BBH at τ = 0.98: the boundary rises from"))
    ).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(2, timeout=60_000)
    page.screenshot(path=str(screenshot_dir / "frontier_boundary_bbh.png"), full_page=True)

    # The focus ran in the page's fragment; τ (sidebar) reruns the whole page, fragment included.
    tau = page.get_by_test_id("stSlider").filter(has_text="τ").get_by_role("slider")
    tau.press("ArrowLeft")  # 0.98 -> 0.95
    expect(page.get_by_text("The red line is the τ = 0.95 boundary")).to_be_visible(timeout=60_000)
    expect(focus).to_have_value("BBH")
    tau.press("ArrowRight")  # back to 0.98 for the rest of the test
    expect(page.get_by_text("The red line is the τ = 0.98 boundary")).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(2, timeout=60_000)

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
    shown = page.get_by_test_id("stVegaLiteChart").filter(visible=True)  # Boundary's: hidden
    expect(shown).to_have_count(2, timeout=60_000)
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
    shown = page.get_by_test_id("stVegaLiteChart").filter(visible=True)  # Boundary's: hidden
    expect(shown).to_have_count(1, timeout=60_000)
    page.screenshot(path=str(screenshot_dir / "frontier_budget.png"), full_page=True)
    expect(page.get_by_test_id("stException")).to_have_count(0)


# --- Uploads of the tables people have (issue 11): every table re-guessed, a boundary sentence
# or a clear message, never Streamlit's error box.

REPO = Path(__file__).resolve().parents[2]
SHARED_FRONTIER = REPO.parent / "shared" / "reference-data" / "frontier"
FIXTURES = REPO / "tests" / "fixtures" / "frontier"

#: (file under ../shared/reference-data/frontier, benchmark in focus after the upload)
SHARED_TABLES = [
    ("epoch_ai/points_GPQA_diamond.csv", "GPQA_diamond"),
    ("epoch_ai/points_MATH_level_5.csv", "MATH_level_5"),
    ("epoch_ai/points_OTIS_Mock_AIME_2024-2025.csv", "OTIS_Mock_AIME_2024-2025"),
    ("epoch_ai/points_FrontierMath-2025-02-28-Private.csv", "FrontierMath-2025-02-28-Private"),
    ("epoch_ai/points_FrontierMath-2025-02-28-Public.csv", "FrontierMath-2025-02-28-Public"),
    ("obsscaling/base_llm_benchmark_eval.csv", "MMLU"),
    ("obsscaling/base_llm_benchmark_eval_sub_10b.csv", "MMLU"),
    ("proteus2k/proteus2k_joined_derived.csv", "IFEval"),
    ("oll/oll_v1_with_tokens_reconstructed.csv", "ARC"),
]
#: Tables without any compute column: a message saying so.
SHARED_NO_COMPUTE = ["oll/oll_v2_contents_final_2025-03.csv", "proteus2k/proteus_2k.csv"]
#: Copies in tests/fixtures (openly licensed), so a version of this test always runs.
FIXTURE_TABLES = [
    ("epoch_ai_points_GPQA_diamond.csv", "epoch_ai_points_GPQA_diamond"),
    ("obsscaling_base_llm_benchmark_eval.csv", "MMLU"),
    ("oll_v1_with_tokens_sample600.csv", "ARC"),
]


def _upload(page: Page, path: Path) -> None:
    # Not while a rerun (a tab click) is redrawing the page: a file set on the uploader then
    # was once never sent (the uploader kept the previous file).
    _wait_idle(page)
    upload_files(page, "Model table", path)


def _wait_idle(page: Page) -> None:
    """Wait for the script run to finish (stale elements of the previous table gone)."""
    page.wait_for_timeout(500)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=120_000)


def _expect_boundary(
    page: Page, path: Path, focus: str, screenshot: Path | None, round_trip: bool = True
) -> None:
    _upload(page, path)
    expect(page.get_by_text(f"Table: {path.name}")).to_be_visible(timeout=60_000)
    _wait_idle(page)
    expect(page.get_by_text(re.compile(r"Columns used: .*no compute column"))).to_have_count(
        0, timeout=30_000
    )  # a second script run may still be re-guessing under load
    sentence = page.get_by_text(
        re.compile(rf"^{re.escape(focus)} at τ = 0.98: the boundary rises from")
    )
    try:
        expect(sentence).to_be_visible(timeout=120_000)
        expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible(timeout=60_000)
        page.wait_for_timeout(800)  # let the chart draw before the screenshot
        expect(page.get_by_text(f"Table: {path.name}")).to_be_visible()
        expect(page.get_by_text("You are looking at the bundled sample")).to_have_count(0)
    finally:
        if screenshot is not None:
            save_screenshot(page, screenshot)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    if not round_trip:
        return
    # the next click keeps the guessed benchmarks: open another tab and read the sentence again
    page.get_by_role("tab", name="Calculator").click()
    expect(
        page.get_by_text(re.compile(rf"^At 1e24 FLOPs the {re.escape(focus)} boundary"))
    ).to_be_visible(timeout=90_000)
    page.get_by_role("tab", name="Boundary").click()
    expect(sentence).to_be_visible(timeout=90_000)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def _open(page: Page, app_url) -> None:
    page.set_viewport_size({"width": 1400, "height": 2400})
    page.goto(f"{app_url}/frontier_page")
    expect(page.get_by_text("You are looking at the bundled sample")).to_be_visible(timeout=90_000)


def test_upload_fixture_tables_one_after_another(page: Page, app_url, screenshot_dir):
    _open(page, app_url)
    for name, focus in FIXTURE_TABLES:
        shot = screenshot_dir / f"frontier_upload_{Path(name).stem}.png"
        _expect_boundary(page, FIXTURES / name, focus, shot)


def test_upload_every_reference_table(page: Page, app_url, screenshot_dir):
    if not SHARED_FRONTIER.is_dir():
        pytest.skip(f"{SHARED_FRONTIER} is absent: the reference tables are not on this machine")
    _open(page, app_url)
    for index, (name, focus) in enumerate(SHARED_TABLES):
        shot = screenshot_dir / f"frontier_upload_{Path(name).stem}.png"
        # the tab round trip (guesses kept on the next click) is checked on the first table
        # and in test_upload_fixture_tables_one_after_another; here each table's boundary
        _expect_boundary(page, SHARED_FRONTIER / name, focus, shot, round_trip=index == 0)
    for name in SHARED_NO_COMPUTE:
        _upload(page, SHARED_FRONTIER / name)
        message = page.get_by_text(re.compile(r"This table cannot be used.*no compute column"))
        expect(message).to_be_visible(timeout=90_000)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        save_screenshot(page, screenshot_dir / f"frontier_upload_{Path(name).stem}.png")


def test_upload_a_copy_of_the_bundled_sample_after_another_table(
    page: Page, app_url, screenshot_dir
):
    if not SHARED_FRONTIER.is_dir():
        pytest.skip(f"{SHARED_FRONTIER} is absent: the reference tables are not on this machine")
    # The copy's bytes equal the sample's, and an upload first shows the sample for one run:
    # the page once took the copy for the table already seen and kept the previous table's
    # columns (issue 11; the AppTest replay is tests/app_pages/test_frontier_upload_race.py).
    _open(page, app_url)
    _expect_boundary(
        page, SHARED_FRONTIER / "proteus2k/proteus2k_joined_derived.csv", "IFEval", None
    )
    shot = screenshot_dir / "frontier_upload_oll_v2_with_tokens_reconstructed.png"
    _expect_boundary(
        page, SHARED_FRONTIER / "oll/oll_v2_with_tokens_reconstructed.csv", "IFEval", shot
    )


def test_report_download_is_small_and_has_the_computed_results(page: Page, app_url, screenshot_dir):
    _open(page, app_url)
    _open_tab(page, "Contamination probe")
    expect(page.get_by_text(re.compile(r"^Models released on or after 2024-06-26"))).to_be_visible(
        timeout=120_000
    )
    _wait_idle(page)
    _open_tab(page, "Downloads")
    _wait_idle(page)
    button = page.get_by_test_id("stDownloadButton").filter(has_text="Report (HTML)")
    try:
        expect(button).to_be_visible(timeout=90_000)
    finally:
        save_screenshot(page, screenshot_dir / "frontier_downloads_wait.png")
    with page.expect_download(timeout=120_000) as download_info:
        button.locator("button").click()
    download = download_info.value
    assert download.suggested_filename == "frontier_report.html"
    report = Path(download.path()).read_bytes()
    assert len(report) < 2_000_000, len(report)  # 10.9 MB with SVG charts
    text = report.decode("utf-8")
    assert "<h2>Saturation</h2>" in text
    assert "<h2>Contamination probe: MATH Lvl 5 against BBH</h2>" in text
    assert text.count("data:image/png;base64,") >= 4
    save_screenshot(page, screenshot_dir / "frontier_downloads.png")
    expect(page.get_by_test_id("stException")).to_have_count(0)
