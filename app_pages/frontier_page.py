"""Capability boundary: compute budget in, attainable score out, with its history.

The layout lives in ``ui.frontier.page``; this page calls it in order.
"""

import streamlit as st

from ui.frontier import page, view

st.title("What can this compute buy?")
options = page.render_sidebar_options()
table = page.render_table_input(options.keep_duplicates)
view.render_data_notes(table.prepared)
if not table.prepared.tables:
    st.info("No benchmark can be fitted yet; choose score columns under Columns.", icon="⬆️")
    st.stop()
names, chosen, focus_name = page.choose_benchmarks(table)
fits, results, scheme, period_error = page.fitted_results(table, options, names, chosen)
focus = next(r for r in results if r.name == focus_name)
page.render_tabs(table, options, fits, results, focus, scheme, period_error)
