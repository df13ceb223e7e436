"""Benchmark: how fast the pages answer in a real browser (Playwright + Debian chromium).

Starts ``streamlit run app.py`` on a free port, opens each page in chromium and times every
action from the click to the end of the rerun it starts (the ``data-test-script-state``
attribute Streamlit keeps on ``stApp`` turning back to ``notRunning``; recorded in the page
by a MutationObserver, so the clock is the browser's). Tab switches that rerun nothing are
timed until the tab's panel is shown. Each action runs ``--repeat`` times (median shown);
the cold first render is a new browser context opening the page until its first rerun ends
and its first chart is drawn. The capability page's actions also show ", drawn": until the
end of the last long task (> 50 ms, e.g. Vega drawing) that follows the action, since a
chart may be drawn after its rerun has ended (or, when a tab's charts are kept drawn, with
no long task at all).

    python benchmarks/page_browser.py [--repeat 5] [--only degradation|frontier] [--root DIR]

``--root`` runs another checkout (before/after in one sitting).

Targets (issue 13): each widget change <= 0.5 s, a sample switch <= 1 s, a cold first
render <= 3 s. The machine is shared: the load average is printed before and after.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--disable-gpu", "--disable-dev-shm-usage", "--no-sandbox"]
LAST_DRAWN: list[float] = []  # per timed action: until its drawing ended (see DRAWN)

OBSERVER = """
() => {
  window.__runs = [];
  window.__long = [];
  if (window.__observed) return;
  window.__observed = true;
  const app = document.querySelector('[data-testid="stApp"]');
  const note = () => window.__runs.push(
      {state: app.getAttribute('data-test-script-state'), t: performance.now()});
  new MutationObserver(note).observe(app, {attributes: true,
      attributeFilter: ['data-test-script-state']});
  new PerformanceObserver((list) => list.getEntries().forEach(
      (e) => window.__long.push(e.startTime + e.duration))).observe({type: 'longtask'});
}
"""
# The last rerun's end, or when the rerun never showed (a fast rerun can go from running to
# notRunning within one React render, so the attribute never changes), the action's start.
RERUN_END = """(t0) => { const r = window.__runs.filter(x => x.t > t0);
  return r.length ? r[r.length - 1].t : t0; }"""
# The end of the last long task (> 50 ms: Vega parsing, encoding, drawing) since the action.
DRAWN = "(t0) => Math.max(t0, ...window.__long.filter(t => t > t0))"
IDLE = """() => document.querySelector('[data-testid="stApp"]')
    ?.getAttribute('data-test-script-state') === 'notRunning'"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server() -> tuple[subprocess.Popen, str]:
    port = _free_port()
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
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return process, url
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise SystemExit("streamlit did not start")


def _timed(page, action, rerun: bool = True, shown=None) -> float:
    """Seconds from ``action()`` to the end of the rerun it starts (or until ``shown``);
    ``nan`` when the action fails (printed), so one broken locator does not end the run."""
    try:
        return _measure(page, action, rerun, shown)
    except Exception as error:  # noqa: BLE001 - a benchmark reports and goes on
        print(f"   action failed: {str(error).splitlines()[0]}")
        LAST_DRAWN.append(float("nan"))
        return float("nan")


def _measure(page, action, rerun: bool, shown) -> float:
    page.wait_for_function(IDLE, timeout=120_000)
    page.evaluate(OBSERVER)
    start = page.evaluate("performance.now()")
    action()
    if rerun:
        # the rerun's end; after 3 s without one, a rerun too fast to show (see RERUN_END)
        page.wait_for_function(
            """(t0) => (window.__runs.some(r => r.t > t0 && r.state === 'running')
                && window.__runs[window.__runs.length - 1].state === 'notRunning')
                || (performance.now() - t0 > 3000 && document.querySelector(
                  '[data-testid="stApp"]')?.getAttribute('data-test-script-state')
                  === 'notRunning')""",
            arg=start,
            timeout=120_000,
        )
        end = page.evaluate(RERUN_END, start)
    else:
        shown.wait_for(state="visible", timeout=60_000)
        end = page.evaluate("performance.now()")
    time.sleep(0.5)  # drawing that ends after the rerun counts in DRAWN
    LAST_DRAWN.append((max(end, page.evaluate(DRAWN, start)) - start) / 1000.0)
    return (end - start) / 1000.0


def _slider(page, label: str):
    return page.get_by_test_id("stSlider").filter(has_text=label).get_by_role("slider")


def _choose(page, label: str, option: str) -> None:
    """Pick ``option`` in a select box by typing it (the list is a react-aria combobox)."""
    box = page.get_by_test_id("stSelectbox").filter(has_text=label).get_by_role("combobox")
    box.first.click()
    box.first.fill(option)
    page.keyboard.press("Enter")


def _cold(browser, url: str, ready: str) -> float:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function(IDLE, timeout=180_000)
    page.get_by_test_id(ready).first.wait_for(state="visible", timeout=180_000)
    seconds = time.perf_counter() - start
    context.close()
    return seconds


def _options_of(page, select) -> list[str]:
    """The option labels of a select box; waits for the page to be idle and retries the
    click (under load a click during a rerun opened nothing)."""
    for _ in range(3):
        page.wait_for_function(IDLE, timeout=120_000)
        select.get_by_role("combobox").click()
        try:
            page.get_by_role("option").first.wait_for(timeout=10_000)
        except Exception:  # noqa: BLE001 - closed again by a rerun: try once more
            page.keyboard.press("Escape")
            continue
        options = [o.inner_text().strip() for o in page.get_by_role("option").all()]
        page.keyboard.press("Escape")
        return options
    return []


def degradation(page, url: str, repeat: int) -> dict[str, list[float]]:
    page.goto(f"{url}/degradation_page")
    page.get_by_text("candidates against baseline").first.wait_for(timeout=180_000)
    figures: dict[str, list[float]] = {}
    opened = "Open a candidate's full analysis"  # the first screen: three sample candidates
    samples = page.get_by_test_id("stSelectbox").filter(has_text=opened)
    options = _options_of(page, samples)
    for i in range(repeat):
        key = "ArrowLeft" if i % 2 == 0 else "ArrowRight"
        figures.setdefault("alpha", []).append(
            _timed(page, lambda k=key: _slider(page, "alpha").press(k))
        )
        unit = "Each subtask" if i % 2 == 0 else "Benchmark (subtasks pooled)"
        figures.setdefault("test unit", []).append(
            _timed(page, lambda u=unit: page.get_by_text(u, exact=True).click())
        )
        margin = page.get_by_test_id("stNumberInput").filter(has_text="Margin").locator("input")
        value = "2.0" if i % 2 == 0 else "1.0"
        figures.setdefault("margin", []).append(
            _timed(page, lambda v=value, m=margin: (m.fill(v), m.press("Enter")))
        )
        tab = "Pairing" if i % 2 == 0 else "Benchmarks"
        panel = page.get_by_role("tabpanel").filter(visible=True).first
        figures.setdefault("tab switch", []).append(
            _timed(page, lambda t=tab: page.get_by_role("tab", name=t).click(), False, panel)
        )
        option = options[(i + 1) % len(options)] if options else None
        if option:
            figures.setdefault("sample switch", []).append(
                _timed(page, lambda o=option: _choose(page, opened, o))
            )
    return figures


def frontier(page, url: str, repeat: int) -> dict[str, list[float]]:
    page.goto(f"{url}/frontier_page")
    page.get_by_test_id("stVegaLiteChart").first.wait_for(timeout=300_000)
    figures: dict[str, list[float]] = {}
    focus = page.get_by_test_id("stSelectbox").filter(has_text="Benchmark")
    focus.first.click()
    names = [o.inner_text().strip() for o in page.get_by_role("option").all()]
    page.keyboard.press("Escape")

    def timed(label: str, action) -> None:
        figures.setdefault(label, []).append(_timed(page, action))
        figures.setdefault(f"{label}, drawn", []).append(LAST_DRAWN[-1])

    for i in range(repeat):
        key = "ArrowLeft" if i % 2 == 0 else "ArrowRight"
        timed("tau", lambda k=key: _slider(page, "τ").press(k))
        name = names[(i + 1) % len(names)]
        timed("focus benchmark", lambda n=name: _choose(page, "Benchmark", n))
        for tab in ("Over time", "Boundary"):
            timed(f"tab -> {tab}", lambda t=tab: page.get_by_role("tab", name=t).click())
    for i in range(repeat):  # the benchmark in focus changed while another tab is open
        name = names[i % len(names)]
        timed("focus on Over time", lambda n=name: _choose(page, "Benchmark", n))
    return figures


def main() -> None:
    global ROOT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", choices=("degradation", "frontier"))
    parser.add_argument("--root", default=str(ROOT), help="another checkout (before/after)")
    args = parser.parse_args()
    ROOT = Path(args.root).resolve()
    print(f"load before {os.getloadavg()[0]:.2f}")
    server, url = _start_server()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            pages = {"degradation": degradation, "frontier": frontier}
            ready = {"degradation": "stVegaLiteChart", "frontier": "stVegaLiteChart"}
            for name, run in pages.items():
                if args.only and name != args.only:
                    continue
                path = f"{url}/{name}_page"
                cold = [_cold(browser, path, ready[name]) for _ in range(min(args.repeat, 3))]
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                figures = {"cold first render": cold, **run(context.new_page(), url, args.repeat)}
                context.close()
                for action, values in figures.items():
                    values = [v for v in values if v == v] or [float("nan")]
                    print(
                        f"{name:>12} {action:>25}: median {statistics.median(values):.2f} s "
                        f"(of {len(values)}: {', '.join(f'{v:.2f}' for v in values)})"
                    )
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"load after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
