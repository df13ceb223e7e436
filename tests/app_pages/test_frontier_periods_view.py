"""Over-time tab: one boundary per period, table and overlaid curves."""

from __future__ import annotations

import numpy as np

from tests.app_pages.frontier_helpers import chart_specs, open_page, show_tab


def test_paper_periods_table_math_advances_others_stable():
    at = show_tab(open_page(), "Over time")
    at.radio(key="periods_kind").set_value("The paper's OLL periods").run()
    assert not at.exception
    assert any("Boundary per period at 1e24 FLOPs" in m.value for m in at.markdown)
    frame = next(
        d.value for d in at.dataframe if "change, first to last" in d.value.columns
    ).set_index("benchmark")
    periods = ["P1 (up to 2024-06)", "P2 (2024Q3)", "P3 (2024Q4)", "P4 (2025Q1)"]
    assert list(frame.columns) == [*periods, "change, first to last"]
    math = frame.loc["MATH Lvl 5", periods].to_numpy(float)
    assert np.all(np.diff(math) > 0.02), math
    for name in ("BBH", "GPQA", "MUSR", "MMLU-PRO"):
        values = frame.loc[name, periods].to_numpy(float)
        assert np.ptp(values) < 0.05, (name, values)
    titles = [s.get("title") for s in chart_specs(at)]
    assert any("one boundary per period" in str(t) for t in titles)
