"""Benchmark: the browser's own work for each capability-page action, robust to machine load.

The wall-clock figures of ``benchmarks/page_browser.py`` move by half a second between
identical runs on a shared machine. This one reports, next to the wall clock, the CPU time
of chromium's main thread during each action (``ThreadTime`` of the DevTools
``Performance`` metrics): the page's JavaScript, Vega's parsing, encoding and drawing, and
React. The server's answers are all cached first (one warm-up round), so the figures are
the browser side of each action: focus A -> B -> A, τ 0.98 -> 0.95 -> 0.98, tab
Boundary -> Calculator, focus A -> B -> A and τ there, tab Calculator -> Boundary. "drawn": until
the end of the last long task after the action (see ``page_browser.DRAWN``).

    python benchmarks/frontier_page_browser_cpu.py [--root DIR] [--repeat 3]

``--root`` runs another checkout (before/after in one sitting). Prints medians as
``wall (drawn) / browser CPU`` in seconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

import page_browser as browser_bench
from playwright.sync_api import sync_playwright


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=str(Path(__file__).resolve().parents[1]))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    browser_bench.ROOT = Path(args.root).resolve()
    print(f"load before {os.getloadavg()[0]:.2f}")
    server, url = browser_bench._start_server()
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=browser_bench.CHROMIUM, args=browser_bench.FLAGS
            )
            context = chromium.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto(f"{url}/frontier_page")
            page.get_by_test_id("stVegaLiteChart").first.wait_for(timeout=300_000)
            devtools = context.new_cdp_session(page)
            devtools.send("Performance.enable")

            def cpu() -> float:
                metrics = devtools.send("Performance.getMetrics")["metrics"]
                return next(m["value"] for m in metrics if m["name"] == "ThreadTime")

            focus = page.get_by_test_id("stSelectbox").filter(has_text="Benchmark")
            focus.first.click()
            names = [o.inner_text().strip() for o in page.get_by_role("option").all()]
            page.keyboard.press("Escape")
            slider = browser_bench._slider
            actions = {
                "focus -> 2nd": lambda: browser_bench._choose(page, "Benchmark", names[1]),
                "focus -> 1st": lambda: browser_bench._choose(page, "Benchmark", names[0]),
                "tau 0.95": lambda: slider(page, "τ").press("ArrowLeft"),
                "tau 0.98": lambda: slider(page, "τ").press("ArrowRight"),
                "tab Calculator": lambda: page.get_by_role("tab", name="Calculator").click(),
                "focus -> 2nd (Calc.)": lambda: browser_bench._choose(page, "Benchmark", names[1]),
                "focus -> 1st (Calc.)": lambda: browser_bench._choose(page, "Benchmark", names[0]),
                "tau 0.95 (Calc.)": lambda: slider(page, "τ").press("ArrowLeft"),
                "tau 0.98 (Calc.)": lambda: slider(page, "τ").press("ArrowRight"),
                "tab Boundary": lambda: page.get_by_role("tab", name="Boundary").click(),
            }
            figures: dict[str, list[tuple[float, float]]] = {}
            for round_ in range(args.repeat + 1):  # round 0 computes everything once
                for name, action in actions.items():
                    page.wait_for_function(browser_bench.IDLE, timeout=120_000)
                    time.sleep(0.3)
                    before = cpu()
                    wall = browser_bench._timed(page, action)
                    time.sleep(0.5)  # drawing that ends after the rerun counts too
                    if round_:
                        drawn = browser_bench.LAST_DRAWN[-1]
                        figures.setdefault(name, []).append((wall, cpu() - before, drawn))
            chromium.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    for name, values in figures.items():
        wall = statistics.median(v[0] for v in values)
        work = statistics.median(v[1] for v in values)
        drawn = statistics.median(v[2] for v in values)
        print(f"{name:>20}: {wall:.2f} s wall ({drawn:.2f} s drawn) / {work:.2f} s browser CPU")
    print(f"load after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
