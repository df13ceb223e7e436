"""Component test of ui/frontier/periods_view.py: one boundary per period, read at the
calculator's compute, with its table, caption and chart."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from core.frontier.history.periods import periods_from_cuts


def _app(results, scheme):
    from core.frontier.boundary.fit_settings import FitSettings
    from ui.frontier.periods_view import render_period_boundaries

    render_period_boundaries(results[0], results, scheme, FitSettings())


def test_table_has_one_column_per_period_and_a_change(dated_results):
    scheme = periods_from_cuts(("2024-07-01",))
    at = AppTest.from_function(_app, args=(dated_results, scheme), default_timeout=20).run()
    assert not at.exception
    assert at.markdown[0].value == "**Boundary per period at 1e24 FLOPs**"
    table = at.dataframe[0].value
    assert list(table.iloc[:, 0]) == ["GPQA", "BBH"]
    assert table.columns[-1] == "change, first to last"
    assert len(table.columns) == 4  # benchmark, two periods, change
    first, last = table.columns[1], table.columns[2]
    assert (table["change, first to last"] - (table[last] - table[first])).abs().max() < 1e-9
    assert "A boundary that rises from period to period is advancing." in at.caption[0].value
    assert len(at.get("vega_lite_chart")) == 1


def test_the_calculators_compute_is_used(dated_results):
    scheme = periods_from_cuts(("2024-07-01",))
    at = AppTest.from_function(_app, args=(dated_results, scheme), default_timeout=20)
    at.session_state["calc_flops"] = "3e23"
    at.run()
    assert at.markdown[0].value == "**Boundary per period at 3e23 FLOPs**"


def test_nothing_without_periods(dated_results):
    at = AppTest.from_function(_app, args=(dated_results, None)).run()
    assert not at.exception and not at.markdown and not at.dataframe
