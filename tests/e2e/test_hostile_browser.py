"""Browser test of hostile uploads on the degradation page: a zip bomb, formula and markdown names.

The zip bomb (2 MB that would unpack to 1.9 GiB) must end in one message on the page, not
a crashed server. Task names that a spreadsheet would run (``=HYPERLINK``, ``+cmd``,
``@SUM``) must come out of every CSV download with a leading apostrophe, and a name holding
markdown image syntax must not make the browser fetch the image. Files are generated here.
"""

from __future__ import annotations

import csv
import io
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.hostile.zip_builder import write_zip

from .conftest import save_screenshot, upload_files

FORMULAS = ('=HYPERLINK("http://example.invalid","x")', "+cmd|' /C calc'!A0", "@SUM(1+1)")


@pytest.fixture()
def pixel_server():
    """A loopback HTTP server that records every request (the 'tracking pixel')."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server API
            hits.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()
    server.server_close()


def _open(page: Page, app_url: str):
    page.goto(f"{app_url}/degradation_page")
    expect(page.get_by_text("accuracy fell").first).to_be_visible(timeout=90_000)
    inputs = page.get_by_test_id("stFileUploaderDropzoneInput")
    expect(inputs).to_have_count(2, timeout=30_000)
    return inputs


def _runs(tmp_path: Path, names: list[str]) -> tuple[Path, Path]:
    """A long-layout CSV per side: 40 items per task, the candidate worse on a few."""
    paths = []
    for side, flips in (("baseline", 0), ("candidate", 6)):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["task", "prompt_id", "score"])
        for name in names:
            for item in range(40):
                writer.writerow([name, f"q{item}", 0 if item < flips else 1])
        path = tmp_path / f"{side}.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


def test_zip_bomb_upload_shows_one_message(page: Page, app_url, screenshot_dir, tmp_path):
    bomb = write_zip(tmp_path / "bomb.zip", [("run/samples_t.jsonl", int(1.9 * 1024**3))])
    good = tmp_path / "good.csv"
    good.write_bytes(b"prompt_id,score\na,1\nb,0\n")
    _open(page, app_url)
    upload_files(page, "Baseline results", bomb)
    upload_files(page, "Candidate results", good)
    message = page.get_by_text("These files cannot be compared")
    expect(message).to_be_visible(timeout=60_000)
    alert = page.get_by_test_id("stAlert").filter(has_text="cannot be compared")
    expect(alert).to_contain_text("baseline: bomb.zip: the archive unpacks to 1,946 MB")
    expect(alert).to_contain_text("limit")
    save_screenshot(page, screenshot_dir / "hostile_zip_bomb.png")
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_formula_and_markdown_names_are_neutral(
    page: Page, app_url, screenshot_dir, tmp_path, pixel_server
):
    pixel_url, hits = pixel_server
    image = f"![]({pixel_url}/pixel.png)"
    baseline, candidate = _runs(tmp_path, [*FORMULAS, image])
    _open(page, app_url)
    upload_files(page, "Baseline results", baseline)
    upload_files(page, "Candidate results", candidate)
    verdict = page.get_by_test_id("stAlert").filter(has_text="over 160 questions")
    expect(verdict.first).to_be_visible(timeout=60_000)
    expect(page.get_by_text("You are looking at simulated sample data")).to_have_count(0)
    page.wait_for_timeout(1000)

    page.get_by_role("tab", name="Downloads").click()
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_test_id("stDownloadButton").filter(
            has_text="Per-benchmark table (CSV)"
        ).locator("button").click()
    text = Path(download_info.value.path()).read_text()
    assert text.startswith("# ")  # the provenance record comes first, as comment lines
    data = "".join(line for line in text.splitlines(keepends=True) if not line.startswith("#"))
    rows = list(csv.DictReader(io.StringIO(data)))
    units = {row["unit"] for row in rows}
    assert units == {"'" + name for name in FORMULAS} | {image}, units
    assert all(float(row["n"]) == 40 for row in rows)  # numbers stay numbers

    page.get_by_role("tab", name="Flipped questions").click()
    box = page.get_by_test_id("stSelectbox").filter(has_text="Benchmark")
    box.click()
    page.get_by_role("option", name=FORMULAS[0]).click()
    expect(page.get_by_text("questions flipped in")).to_contain_text("HYPERLINK", timeout=30_000)
    page.wait_for_timeout(1000)  # let the rerun replace the download button too
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_test_id("stDownloadButton").filter(has_text="Download these flips").locator(
            "button"
        ).click()
    flips = Path(download_info.value.path()).read_text()
    assert "'=HYPERLINK" in flips and "\n=HYPERLINK" not in flips and ",=HYPERLINK" not in flips
    assert download_info.value.suggested_filename.startswith("flips_")

    box.click()
    page.get_by_role("option", name=image).click()
    sentence = page.get_by_test_id("stMarkdown").filter(has_text="questions flipped in")
    expect(sentence).to_contain_text("pixel.png", timeout=30_000)
    expect(sentence.locator("img")).to_have_count(0)
    expect(sentence.locator("a")).to_have_count(0)  # not even a link
    page.wait_for_timeout(1000)
    save_screenshot(page, screenshot_dir / "hostile_names.png")
    assert hits == [], f"the browser fetched {hits}"
    expect(page.get_by_test_id("stException")).to_have_count(0)
