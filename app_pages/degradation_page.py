"""Degradation check: is the candidate model worse than its baseline?

The layout lives in ``ui.degradation``; this page calls it in order.
"""

import streamlit as st

from ui.degradation.candidates_view import render_sample_candidates, render_several
from ui.degradation.loading import samples_available
from ui.degradation.page import render_sidebar_options, single_uploads
from ui.degradation.single_view import render_single

st.title("Did the candidate get worse?")
st.caption(
    "Upload per-sample results of a baseline and a candidate model (or several candidates); get "
    "a verdict from paired exact tests on whether each made the model worse."
)
options, level = render_sidebar_options()
if st.toggle(
    "Several candidates against one baseline",
    key="several",
    help="Which of several optimizations may ship? Holm-adjusted across candidates.",
):
    render_several(options, level)
    st.stop()

base_files, cand_files = single_uploads()
if not base_files and not cand_files and samples_available():
    render_sample_candidates(options, level)  # the first screen: three simulated candidates
    st.stop()
if not (base_files and cand_files):
    st.info("Upload both a baseline and a candidate to compare them.", icon="⬆️")
    st.stop()

render_single(base_files, cand_files, options, level)
