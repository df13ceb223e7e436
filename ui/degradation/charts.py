"""The degradation page's charts, their Vega-Lite specs built once per content.

Building an Altair chart and converting it for ``st.altair_chart`` (schema validation, deep
copies, Arrow serialisation) took 0.05-0.1 s per chart on the 2-core machine, on every
rerun. Each chart here is keyed on exactly the values its builder reads (see
:func:`ui.frontier.chart_cache.show_chart`: arrays and dataclasses by content, never by
``repr``), so an alpha or margin change that leaves a chart's data alone sends the cached spec.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.chart_export import chart_svg
from core.degradation.comparison import Comparison
from core.degradation.present.charts import forest_plot, planning_curve
from core.degradation.present.family_charts import family_chart, family_rows
from ui.frontier.chart_cache import fingerprint, show_chart


def show_forest_plot(result: Comparison) -> None:
    """The per-benchmark forest plot (it reads the units, the pooled row and the level)."""
    inputs = (result.units, result.pooled, result.options.confidence_level)
    show_chart(lambda: forest_plot(result), inputs, key="forest_plot", width="stretch")


def family_svg(family) -> str:
    """The benchmarks x candidates chart as SVG (for the HTML report), by its content."""
    return _family_svg(fingerprint(family_rows(family), family.options.confidence_level), family)


@st.cache_data(max_entries=16, show_spinner=False)
def _family_svg(key: str, _family) -> str:
    return chart_svg(family_chart(_family))


def show_family_chart(family) -> None:
    """The benchmarks x candidates chart (it reads the family's rows and the level)."""
    inputs = (family_rows(family), family.options.confidence_level)
    show_chart(lambda: family_chart(family), inputs, key="family_chart")


def show_planning_curve(table: pd.DataFrame, n_items: int, flip_rate: float, power: float):
    """The planning curve with the rule at the questions these runs have."""
    show_chart(
        lambda: planning_curve(table, n_items, flip_rate=flip_rate, power=power),
        (table, n_items, flip_rate, power),
        key="planning_curve",
        width="stretch",
    )
