"""Charts and the HTML report are built from result objects and say what the numbers say."""

from __future__ import annotations

import numpy as np

from core.degradation.compare import compare_paired
from core.degradation.data.pairing import pair_runs
from core.degradation.present.charts import forest_plot, planning_curve, planning_table
from core.degradation.present.html_report import build_html_report
from core.degradation.stats.power import detectable_drop

from .helpers import runs_from_counts


def _result(units):
    baseline, candidate = runs_from_counts(units)
    return compare_paired(pair_runs(baseline, candidate))


def _layer_data(chart):
    spec = chart.to_dict()
    return spec, next(d for d in spec["datasets"].values() if "unit" in d[0])


def test_forest_plot_has_one_row_per_unit_and_the_pooled_row_in_points():
    result = _result({"a": (1000, 60, 20), "b": (1000, 30, 30)})
    spec, rows = _layer_data(forest_plot(result))
    assert [r["unit"] for r in rows] == ["a", "b", "All benchmarks (pooled)"]
    assert rows[0]["delta"] == (60 - 20) / 1000 * 100
    assert rows[0]["status"] == "worse (flagged)" and rows[1]["status"] == "no clear change"
    assert rows[0]["low"] < rows[0]["delta"] < rows[0]["high"]
    assert spec["height"] == {"step": 26}


def test_planning_curve_falls_with_the_drop_and_crosses_n_at_the_mde():
    table = planning_table(0.09, alpha=0.05)
    needed, drops = table["needed"].to_numpy(), table["drop"].to_numpy()
    spec = planning_curve(table, 25282, flip_rate=0.09).to_dict()
    assert any("needed" in d[0] for d in spec["datasets"].values())
    assert np.all(np.diff(needed) < 0)
    mde_points = detectable_drop(25282, 0.09, 0.05 / 3) * 100
    crossing = drops[np.argmax(needed <= 25282)]
    assert abs(crossing - mde_points) <= 0.1


def test_html_report_escapes_user_text_and_embeds_the_chart():
    result = _result({"<img src=x onerror=alert(1)>": (500, 30, 10)})
    html = build_html_report(result, note="<b>note</b>")
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;b&gt;note&lt;/b&gt;" in html
    assert "<svg" in html and "<script" not in html
