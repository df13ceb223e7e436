"""Degradation check: is the candidate model worse than its baseline?"""

import streamlit as st

from core.degradation.comparison import CompareOptions
from ui.degradation.candidates_view import render_sample_candidates, render_several
from ui.degradation.loading import samples_available, uploaded_payload
from ui.degradation.single_view import render_single

st.title("Did the candidate get worse?")
st.caption(
    "Upload per-sample results of a baseline and a candidate model (or several candidates); get "
    "a verdict from paired exact tests on whether each made the model worse."
)

with st.sidebar:
    st.header("Options")
    level = st.radio(
        "Test unit",
        ["group", "task"],
        key="level",
        format_func={"group": "Benchmark (subtasks pooled)", "task": "Each subtask"}.get,
    )
    alpha = st.select_slider(
        "False-alarm rate (alpha)", [0.001, 0.005, 0.01, 0.05, 0.1], value=0.05, key="alpha"
    )
    margin = st.number_input("Margin to rule out (points)", 0.05, 20.0, 1.0, 0.05, key="margin")
    combine = st.radio(
        "Combined test",
        ["calibrated", "paper"],
        key="combine",
        format_func={
            "calibrated": "Calibrated min-p (default)",
            "paper": "Paper: 3 × smallest p",
        }.get,
        help="How the pooled, Max-Drop and Fisher p-values make the verdict. Both numbers are "
        "shown under Benchmarks.",
    )
    with st.expander("Departures from the paper"):
        two_sided = st.checkbox("Two-sided test (any change)", key="two_sided")
        mid_p = st.checkbox("Mid-p values (less conservative)", key="mid_p")

options = CompareOptions(
    alpha=alpha,
    margin=margin / 100,
    alternative="two-sided" if two_sided else "greater",
    pvalue_method="mid-p" if mid_p else "exact",
    combine=combine,
)
if st.toggle(
    "Several candidates against one baseline",
    key="several",
    help="Which of several optimizations may ship? Holm-adjusted across candidates.",
):
    render_several(options, level)
    st.stop()

mode = st.radio(
    "What will you upload?", ["Files or a .zip", "A folder"], horizontal=True, key="upload_mode"
)
accept = "directory" if mode == "A folder" else True
left, right = st.columns(2)
types = ["jsonl", "json", "eval", "parquet", "csv", "tsv", "zip"]
base_upload = left.file_uploader(
    "Baseline results", type=types, accept_multiple_files=accept, key="baseline_files"
)
cand_upload = right.file_uploader(
    "Candidate results", type=types, accept_multiple_files=accept, key="candidate_files"
)
base_files, cand_files = uploaded_payload(base_upload), uploaded_payload(cand_upload)

if not base_files and not cand_files and samples_available():
    render_sample_candidates(options, level)  # the first screen: three simulated candidates
    st.stop()
if not (base_files and cand_files):
    st.info("Upload both a baseline and a candidate to compare them.", icon="⬆️")
    st.stop()

render_single(base_files, cand_files, options, level)
