"""Browser test: quick clicks in a row on the degradation page's downloads all deliver files.

Before, the HTML report and the PNG were built lazily (a callable ``data=``); Streamlit keeps
such a file only for the run that rendered the button, so a second quick click got
"Deferred file ... not found" and no file.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

LABELS = ("Report (HTML)", "Chart (PNG)", "Full result (JSON)")


def test_quick_clicks_in_a_row_all_download(page: Page, app_url):
    page.goto(f"{app_url}/degradation_page")
    expect(page.get_by_text("accuracy fell 0.79 points")).to_be_visible(timeout=90_000)
    page.get_by_role("tab", name="Downloads").click()
    buttons = page.get_by_test_id("stDownloadButton")
    # exact labels: the first screen also has "All candidates report (HTML)"
    exact = {label: re.compile(rf"^{re.escape(label)}$") for label in LABELS}
    expect(buttons.filter(has_text=exact["Report (HTML)"])).to_be_visible(timeout=60_000)
    got = []
    for label in ("Report (HTML)", "Chart (PNG)", "Report (HTML)", "Full result (JSON)"):
        with page.expect_download(timeout=60_000) as info:
            buttons.filter(has_text=exact[label]).locator("button").click()
        got.append(Path(info.value.path()).read_bytes())
    assert got[0] == got[2] and got[0].startswith(b"<!DOCTYPE html>")
    assert b"<h3>Reproduce</h3>" in got[0]
    assert got[1].startswith(b"\x89PNG")
    assert b'"provenance"' in got[3]
    expect(page.get_by_test_id("stException")).to_have_count(0)
