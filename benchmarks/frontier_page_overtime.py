"""Benchmark: the capability page's Over-time tab on its first visit at a new τ (AppTest).

The first visit fits every benchmark period by period: the backtest (paper's estimator,
one fit per training set and per test period) and the per-period boundaries (the page's
estimator). Script time only, no browser; a fresh process has empty caches.

    python benchmarks/frontier_page_overtime.py [--root DIR] [--periods quarters|paper]

``--root`` runs another checkout (e.g. ``git archive COMMIT | tar -x -C /tmp/base``) for a
before/after pair on the same machine. The load average is printed before and after.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=str(Path(__file__).resolve().parents[1]))
    parser.add_argument("--periods", choices=("quarters", "paper"), default="quarters")
    args = parser.parse_args()
    root = Path(args.root).resolve()
    sys.path.insert(0, str(root))
    os.chdir(root)
    from streamlit.testing.v1 import AppTest

    print(f"load before {os.getloadavg()[0]:.2f}")
    at = AppTest.from_file(str(root / "app.py"), default_timeout=600).run()
    at.switch_page("app_pages/frontier_page.py").run()
    if args.periods == "paper":
        at.sidebar.radio(key="periods_kind").set_value("The paper's OLL periods").run()
    for tau in (0.98, 0.95):
        at.sidebar.select_slider(key="tau").set_value(tau).run()  # fits, on the Boundary tab
        at.session_state["frontier_tab"] = "Over time"
        start = time.perf_counter()
        at.run()
        first = time.perf_counter() - start
        assert not at.exception, [e.value for e in at.exception]
        start = time.perf_counter()
        at.run()
        again = time.perf_counter() - start
        print(f"tau {tau}: Over time, first visit {first:.2f} s, rerun {again:.2f} s")
        at.session_state["frontier_tab"] = "Boundary"
        at.run()
    print(f"load after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
