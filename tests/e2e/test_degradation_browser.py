"""Browser test of the degradation page: upload two lm-eval folders, read the verdict, download the report."""

from __future__ import annotations

import zipfile
from pathlib import Path

from playwright.sync_api import Page, expect

from .conftest import save_screenshot, upload_files

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "sample_data" / "degradation"


def test_sample_data_verdict_on_first_open(page: Page, app_url, screenshot_dir):
    page.goto(f"{app_url}/degradation_page")
    summary = page.get_by_text("3 candidates against baseline meta-llama/Llama-3.1-8B-Instruct")
    expect(summary).to_be_visible(timeout=90_000)
    expect(page.get_by_text("You are looking at simulated sample data")).to_be_visible()
    # A deep link opened first must still get the app's navigation (sections and titles).
    expect(page.get_by_test_id("stSidebarNav")).to_contain_text("Degradation check")
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible(timeout=30_000)
    save_screenshot(page, screenshot_dir / "degradation_first_screen.png")
    opened = page.get_by_role("combobox", name="Open a candidate's full analysis")
    opened.scroll_into_view_if_needed()
    opened.click()
    try:
        page.get_by_role("option", name="meta-llama/Llama-3.1-8B-Instruct-KV-FP8").click()
    finally:
        save_screenshot(page, screenshot_dir / "degradation_open_candidate.png")
    expect(page.get_by_text("accuracy fell 0.79 points (95% CI 0.42 to 1.16)").last).to_be_visible(
        timeout=90_000
    )
    expect(page.get_by_test_id("stVegaLiteChart").nth(1)).to_be_visible(timeout=30_000)
    save_screenshot(page, screenshot_dir / "degradation_sample.png")
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_upload_two_folders_and_download_the_report(page: Page, app_url, screenshot_dir, tmp_path):
    page.goto(f"{app_url}/degradation_page")
    expect(page.get_by_text("3 candidates against baseline")).to_be_visible(timeout=90_000)
    page.get_by_text("A folder", exact=True).click()
    inputs = page.get_by_test_id("stFileUploaderDropzoneInput")
    expect(inputs).to_have_count(2, timeout=30_000)
    for index in (0, 1):  # the rerun after the radio click turns the inputs into folder pickers
        expect(inputs.nth(index)).to_have_attribute("webkitdirectory", "", timeout=30_000)
    # Two real lm-eval output folders (the bundled simulated runs, unzipped): 25,282 docs each.
    folders = []
    for name in ("baseline", "candidate_w4a16"):
        with zipfile.ZipFile(SAMPLES / f"{name}.zip") as archive:
            archive.extractall(tmp_path)
        folders.append(next(p for p in (tmp_path / name).iterdir() if p.is_dir()))
    upload_files(page, "Baseline results", folders[0])
    upload_files(page, "Candidate results", folders[1])
    sentence = page.get_by_text("accuracy fell 1.73 points")
    try:
        # the first screen (three simulated candidates) says 1.73 points too: wait until it is
        # gone and the run on the uploads has finished, then read the uploads' verdict
        expect(page.get_by_text("You are looking at simulated sample data")).to_have_count(
            0, timeout=90_000
        )
        expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=90_000)
        expect(sentence.first).to_be_visible(timeout=90_000)
        expect(page.get_by_role("tab", name="Downloads")).to_have_count(1, timeout=30_000)
    finally:
        save_screenshot(page, screenshot_dir / "degradation_upload_wait.png")
    page.get_by_role("tab", name="Downloads").click()
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_test_id("stDownloadButton").filter(has_text="Report (HTML)").locator(
            "button"
        ).click()
    download = download_info.value
    assert download.suggested_filename == "degradation_report.html"
    report = Path(download.path()).read_text(encoding="utf-8")
    assert "<svg" in report and "leaderboard_math_hard" in report
    save_screenshot(page, screenshot_dir / "degradation_upload.png")
    expect(page.get_by_test_id("stException")).to_have_count(0)
