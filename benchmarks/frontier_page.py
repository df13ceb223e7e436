"""Frontier page timings under AppTest, with the bundled OLL v2 sample (3,663 models x 6 tasks).

Run from the repository root:  python benchmarks/frontier_page.py [REPEATS]
Prints numbers; it is not a test. Each repeat starts a fresh AppTest with emptied caches.

- first render: the page's first run (table read, column guess, 6 fits, a 20-resample band
  for the benchmark in focus, both boundary charts); targets < 5 s;
- tau change: the rerun after moving the tau slider on the Boundary tab (6 refits, the
  focus band again, charts), and on the Calculator tab (no charts);
- refit of one benchmark: one fit plus its 20-resample band, outside Streamlit; target < 1 s;
- no-op rerun: nothing changed, everything from the caches.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from core.frontier.boundary.bootstrap import bootstrap_frontier  # noqa: E402
from core.frontier.boundary.sigmoid_fit import fit_frontier  # noqa: E402
from core.frontier.data.table import load_boundary_tables  # noqa: E402

SAMPLE = ROOT / "sample_data" / "frontier" / "oll_v2_with_tokens_reconstructed.csv"


def _timed(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    if at.exception:
        raise RuntimeError(at.exception[0].value)
    return time.perf_counter() - start


def one_round() -> dict[str, float]:
    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300).run()
    at.switch_page("app_pages/frontier_page.py")
    times = {"first render": _timed(at), "no-op rerun": _timed(at)}
    at.select_slider(key="tau").set_value(0.95)
    times["tau change (Boundary tab)"] = _timed(at)
    at.session_state["frontier_tab"] = "Calculator"
    at.run()
    at.select_slider(key="tau").set_value(0.9)
    times["tau change (Calculator tab)"] = _timed(at)
    return times


def refit_one() -> float:
    (table,) = load_boundary_tables(
        SAMPLE, ["BBH Raw"], params="#Params (B)", tokens="Pretraining tokens (T)"
    )
    start = time.perf_counter()
    fit = fit_frontier(table.log10_flops, table.score, tau=0.95)
    bootstrap_frontier(table.log10_flops, table.score, fit, clusters=table.family, n_resamples=20)
    return time.perf_counter() - start


def main(repeats: str = "3") -> None:
    rounds = [one_round() for _ in range(int(repeats))]
    print(f"frontier page, AppTest, {len(rounds)} fresh rounds (median, min, max seconds)")
    for name in rounds[0]:
        values = [r[name] for r in rounds]
        print(
            f"  {name:30s} {statistics.median(values):6.2f} {min(values):6.2f} {max(values):6.2f}"
        )
    values = [refit_one() for _ in range(3)]
    print(
        f"  {'refit one benchmark + band':30s} {statistics.median(values):6.2f} "
        f"{min(values):6.2f} {max(values):6.2f}"
    )


if __name__ == "__main__":
    main(*sys.argv[1:])
