"""Layout of the degradation page: the sidebar's options and the single comparison's
uploaders. ``app_pages/degradation_page.py`` calls these in order."""

from __future__ import annotations

import streamlit as st

from core.degradation.comparison import CompareOptions
from ui.degradation.candidates_inputs import TYPES
from ui.degradation.loading import uploaded_payload


def render_sidebar_options() -> tuple[CompareOptions, str]:
    """The sidebar's Options: test unit, alpha, margin, combined test, departures.

    Returns
    -------
    (CompareOptions, str)
        The comparison's options and the test unit ("group" or "task").
    """
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
            help="How the pooled, Max-Drop and Fisher p-values make the verdict. Both numbers "
            "are shown under Benchmarks.",
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
    return options, level


def single_uploads() -> tuple[tuple, tuple]:
    """The baseline's and the candidate's uploads as (name, digest, bytes) payloads."""
    mode = st.radio(
        "What will you upload?", ["Files or a .zip", "A folder"], horizontal=True, key="upload_mode"
    )
    accept = "directory" if mode == "A folder" else True
    left, right = st.columns(2)
    base_upload = left.file_uploader(
        "Baseline results", type=TYPES, accept_multiple_files=accept, key="baseline_files"
    )
    cand_upload = right.file_uploader(
        "Candidate results", type=TYPES, accept_multiple_files=accept, key="candidate_files"
    )
    return uploaded_payload(base_upload), uploaded_payload(cand_upload)
