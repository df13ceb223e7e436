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
names, chosen = page.choose_shown_benchmarks(table)
page.render_focus_and_tabs(table, options, names, chosen)
