"""Benchmark: script time of the capability-boundary page's actions, in AppTest (no browser).

Replays the browser benchmark's frontier sequence (``benchmarks/page_browser.py``: tau,
focus benchmark, tab switch, five times) and times each rerun on the server alone, so that
the page's own work can be told apart from the browser's on a shared machine. The first
pass visits most settings for the first time (fits, bands and backtests are computed, as
in the browser run); the second pass repeats it with everything computed once.

    python benchmarks/frontier_page_script.py [--root DIR]

``--root`` runs another checkout of the repository (for a before/after in one sitting).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=str(Path(__file__).resolve().parents[1]))
    root = Path(parser.parse_args().root).resolve()
    sys.path.insert(0, str(root))
    os.chdir(root)
    from streamlit.testing.v1 import AppTest

    from ui.frontier.mapping import table_widget_key

    def widget_key(at, base):
        return table_widget_key(base, at.session_state["fm_table"])

    print(f"load before {os.getloadavg()[0]:.2f}")
    at = AppTest.from_file(str(root / "app.py"), default_timeout=300).run()
    at.switch_page("app_pages/frontier_page.py").run()
    names = at.selectbox(key=widget_key(at, "focus")).options
    taus = [0.95, 0.98]

    def timed(action) -> float:
        start = time.perf_counter()
        action()
        return time.perf_counter() - start

    def tau(i):
        at.sidebar.select_slider(key="tau").set_value(taus[i % 2])
        at.run()

    def focus(i):
        at.selectbox(key=widget_key(at, "focus")).set_value(names[(i + 1) % len(names)])
        at.run()

    def tab(i):
        at.session_state["frontier_tab"] = "Over time" if i % 2 == 0 else "Boundary"
        at.run()

    for title in ("first pass", "second pass"):
        figures = {"tau": [], "focus benchmark": [], "tab switch": []}
        for i in range(5):
            for name, action in zip(figures, (tau, focus, tab)):
                figures[name].append(timed(lambda a=action, i=i: a(i)))
        for name, values in figures.items():
            print(
                f"{title:>12} {name:>16}: median {statistics.median(values):.2f} s "
                f"(of 5: {', '.join(f'{v:.2f}' for v in values)})"
            )
    print(f"load after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
