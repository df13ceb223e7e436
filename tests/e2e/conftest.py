"""Browser end-to-end fixtures: a real ``streamlit run app.py`` server and Debian's chromium.

The tests skip with a printed notice when no chromium is installed (``apt-get install -y
chromium``), except in CI, where ``.ci/run`` installs it and sets
``EVAL_VERDICT_REQUIRE_BROWSER=1`` so that a missing browser fails instead of skipping.
Screenshots go to ``test-output/e2e/`` (git-ignored); look at them.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-output" / "e2e"
CHROMIUM_FLAGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def pytest_collection_modifyitems(config, items):
    """Mark every test here as e2e and skip them all, loudly, when there is no browser."""
    if _chromium() is not None:
        return
    if os.environ.get("EVAL_VERDICT_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError("EVAL_VERDICT_REQUIRE_BROWSER=1 but chromium is not installed")
    reason = "Debian chromium is not installed (apt-get install -y chromium): browser tests skipped"
    print(f"\nNOTICE: {reason}")
    for item in items:
        if "tests/e2e" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.skip(reason=reason))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def app_url():
    """Start ``streamlit run app.py`` on a free loopback port; stop exactly that process after."""
    port = _free_port()
    log = REPO / "test-output" / "e2e"
    log.mkdir(parents=True, exist_ok=True)
    # one server per pytest-xdist worker, each with its own log
    log_name = f"streamlit-server-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}.log"
    with open(log / log_name, "wb") as server_log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.headless=true",
                f"--server.port={port}",
                "--server.address=127.0.0.1",
                "--browser.gatherUsageStats=false",
            ],
            cwd=REPO,
            stdout=server_log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                        if response.read().strip() == b"ok":
                            break
                except OSError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"Streamlit server did not become healthy; see {log / log_name}"
                    )
                time.sleep(0.5)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's chromium (Playwright cannot download its own browser here)."""
    executable = _chromium()
    args = [*CHROMIUM_FLAGS, *(["--no-sandbox"] if os.geteuid() == 0 else [])]
    return {**browser_type_launch_args, "executable_path": executable, "args": args}


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """Where browser tests save full-page screenshots."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def save_screenshot(page, path: Path, height: int = 3200) -> None:
    """Screenshot the whole app: Streamlit scrolls inside its own container, so a tall viewport
    is what makes ``full_page`` show everything below the first screen."""
    size = page.viewport_size or {"width": 1280, "height": 720}
    page.set_viewport_size({"width": size["width"], "height": height})
    page.wait_for_timeout(500)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)


def upload_files(page, label: str, files) -> None:
    """Put ``files`` into the file uploader whose label starts with ``label``.

    Picking the uploader by its label, not by position, matters: a page can hold several
    uploaders (the capability page has one for new models below the boundary chart), and a
    positional pick once sent the model table to the wrong one while the page was rerunning.

    It returns once the uploader shows the upload as done (a file chip without a spinner), as
    a person sees it before dropping the next file. Two uploads fired a few milliseconds apart
    on the degradation page, the second while the first one's rerun was starting, lost the
    second under load (the candidate's uploader came back empty).
    """
    uploader = page.get_by_test_id("stFileUploader").filter(
        has=page.get_by_test_id("stWidgetLabel").filter(has_text=re.compile("^" + re.escape(label)))
    )
    expect(uploader).to_have_count(1, timeout=60_000)
    uploader.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(files)
    expect(uploader.get_by_test_id("stFileChip").first).to_be_visible(timeout=60_000)
    expect(uploader.get_by_test_id("stFileChipIconSpinner")).to_have_count(0, timeout=60_000)
