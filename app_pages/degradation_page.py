"""Degradation check: is the candidate model worse than its baseline?"""

import streamlit as st

from core.degradation.compare import CompareOptions, compare_paired
from core.degradation.pairing import pair_runs
from core.errors import InputError
from ui import degradation_view as view
from ui.explanations import render_explanations
from ui.loading import (
    SAMPLE_BASELINE,
    SAMPLE_CANDIDATES,
    read_sample,
    read_uploaded,
    samples_available,
    uploaded_payload,
)
from ui.scoring_choices import render_run_choices, render_scoring_choices

st.title("Did the candidate get worse?")
st.caption(
    "Upload per-sample results of a baseline and a candidate model; get a verdict from paired exact tests."
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

note = ""
if not base_files and not cand_files and samples_available():
    label = st.selectbox("Sample candidate", list(SAMPLE_CANDIDATES), key="sample_candidate")
    note = f"Sample data (simulated): Llama-3.1-8B-Instruct baseline vs {label}, reproducing the paper's counts."
    st.info(
        f"**You are looking at simulated sample data.** {note} Upload your own runs above.",
        icon="🧪",
    )
elif not (base_files and cand_files):
    st.info("Upload both a baseline and a candidate to compare them.", icon="⬆️")
    st.stop()


def _read(choices, runs=(None, None)):
    if base_files:
        return read_uploaded(base_files, *choices, runs[0]), read_uploaded(
            cand_files, *choices, runs[1]
        )
    return (
        read_sample(SAMPLE_BASELINE, *choices, runs[0]),
        read_sample(SAMPLE_CANDIDATES[label], *choices, runs[1]),
    )


try:
    baseline, candidate = _read(((), (), None))
    runs = render_run_choices(baseline, candidate)
    choices = render_scoring_choices(baseline, candidate)
    if choices != ((), (), None) or runs != (None, None):
        baseline, candidate = _read(choices, runs)
    paired = pair_runs(baseline, candidate, level=level)
    options = CompareOptions(
        alpha=alpha,
        margin=margin / 100,
        alternative="two-sided" if two_sided else "greater",
        pvalue_method="mid-p" if mid_p else "exact",
        combine=combine,
    )
    result = compare_paired(paired, options)
except InputError as error:
    st.error(f"**These files cannot be compared.** {error}", icon="🚫")
    st.stop()
except Exception as error:  # a bug must not show a traceback; say what happened instead
    st.error(
        f"**Something unexpected went wrong** ({type(error).__name__}: {error}). "
        "Please report it together with the files you used.",
        icon="🐞",
    )
    st.stop()

view.render_verdict(result)
render_explanations(result.options)
evidence, pairing, flips, planning, downloads = st.tabs(
    ["Benchmarks", "Pairing", "Flipped questions", "Planning", "Downloads"]
)
with evidence:
    view.render_evidence(result)
with pairing:
    view.render_pairing(paired)
with flips:
    view.render_drilldown(result, paired)
with planning:
    view.render_planning(result)
with downloads:
    view.render_downloads(result, note)
