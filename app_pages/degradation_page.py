"""Degradation check: is the candidate model worse than its baseline?"""

import streamlit as st

from core.degradation.compare import CompareOptions, compare_paired
from core.degradation.pairing import pair_runs
from core.degradation.provenance import Provenance, compare_command, read_record
from core.errors import InputError
from core.readers import AmbiguousChoiceError, UnknownChoiceError
from core.text_safety import escape_markdown
from ui import degradation_view as view
from ui.downloads import render_downloads
from ui.explanations import render_explanations
from ui.loading import (
    read_uploaded,
    samples_available,
    side_path,
    upload_records,
    uploaded_payload,
)
from ui.scoring_choices import (
    chosen_model,
    chosen_score_key,
    render_model_choice,
    render_run_choices,
    render_score_key_choice,
    render_scoring_choices,
)

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
    from ui.candidates_view import render_several

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
    from ui.candidates_view import render_sample_candidates

    render_sample_candidates(options, level)  # the first screen: three simulated candidates
    st.stop()
if not (base_files and cand_files):
    st.info("Upload both a baseline and a candidate to compare them.", icon="⬆️")
    st.stop()


SIDES = ("baseline", "candidate")


def _read_side(side, choices, run_id):
    try:
        return _read_chosen(side, choices, run_id, chosen_model(side))
    except UnknownChoiceError:
        if chosen_model(side) is None:
            raise
        del st.session_state[f"model:{side}"]  # chosen among files no longer uploaded: ask again
        return _read_chosen(side, choices, None, None)


def _read_chosen(side, choices, run_id, model):
    metric, filter_ = choices
    files = base_files if side == "baseline" else cand_files
    return read_uploaded(files, metric, filter_, chosen_score_key(), run_id, model, side)


def _read(choices=((), ()), runs=(None, None)):
    """Both sides; where a side holds several models or score keys, ask in the sidebar."""
    for _ in range(4):
        read, pending = {}, []
        for side, run_id in zip(SIDES, runs):
            try:
                read[side] = _read_side(side, choices, run_id)
            except AmbiguousChoiceError as error:
                pending.append((side, error))
        if not pending:
            return read["baseline"], read["candidate"]
        if not any(_ask(side, error) for side, error in pending):
            for side, error in pending:
                st.info(_choice_text(side, error), icon="👈")
            st.stop()
    raise InputError("the choices of model and score key did not settle; reload the page.")


def _ask(side, error) -> bool:
    """Render the picker the error calls for (once per run); whether it has a value."""
    name = f"model:{side}" if error.kind == "model" else "score_key"
    if name in _asked:
        return False
    _asked.add(name)
    if error.kind == "model":
        return render_model_choice(side, error.choices) is not None
    st.session_state["_score_key_choices"] = error.choices
    return render_score_key_choice(error.choices) is not None


def _choice_text(side, error) -> str:
    listed = ", ".join(escape_markdown(choice) for choice in error.choices)
    if error.kind == "model":
        return (
            f"**The {side} files hold runs of {len(error.choices)} models** ({listed}). A side "
            "must be one model: choose it in the sidebar, or upload only that model's files."
        )
    return (
        f"**The Inspect scores are dicts with {len(error.choices)} keys** ({listed}). Choose "
        "the score to compare in the sidebar; the same key is read for both sides."
    )


def _keep_pickers(baseline, candidate) -> None:
    """Keep showing a choice already made, so that it can be changed."""
    for side, run in zip(SIDES, (baseline, candidate)):
        if run.models and f"model:{side}" not in _asked:
            _asked.add(f"model:{side}")
            render_model_choice(side, run.models)
    keys = st.session_state.get("_score_key_choices")
    if keys and chosen_score_key() and "score_key" not in _asked:
        _asked.add("score_key")
        render_score_key_choice(keys)


def _settings(choices, runs) -> dict:
    metric, filter_ = choices
    return {
        "level": level,
        "alpha": alpha,
        "margin": margin / 100,
        "alternative": "two-sided" if two_sided else "greater",
        "combine": combine,
        "mid_p": mid_p,
        "metric": dict(metric) or None,
        "filter": dict(filter_) or None,
        "score_key": chosen_score_key(),
        "baseline_run": _run_selector("baseline", runs[0]),
        "candidate_run": _run_selector("candidate", runs[1]),
        "resamples": options.n_resamples,
        "seed": options.seed,
    }


def _run_selector(side, run_id):
    model = chosen_model(side)
    if model and run_id:
        return f"{model}@{run_id}"
    return model or run_id


def _provenance(choices, runs, baseline, candidate) -> Provenance:
    settings = _settings(choices, runs)
    paths = (side_path(base_files, "baseline"), side_path(cand_files, "candidate"))
    records = (upload_records(base_files), upload_records(cand_files))
    return Provenance(
        baseline=records[0],
        candidate=records[1],
        settings=settings,
        command=compare_command(*paths, settings),
        read={"baseline": read_record(baseline), "candidate": read_record(candidate)},
    )


_asked: set[str] = set()
try:
    baseline, candidate = _read()
    _keep_pickers(baseline, candidate)
    runs = render_run_choices(baseline, candidate)
    metric, filter_, _ = render_scoring_choices(baseline, candidate)
    choices = (metric, filter_)
    if choices != ((), ()) or runs != (None, None):
        baseline, candidate = _read(choices, runs)
    paired = pair_runs(baseline, candidate, level=level)
    result = compare_paired(paired, options)
    provenance = _provenance(choices, runs, baseline, candidate)
except InputError as error:
    st.error(f"**These files cannot be compared.** {escape_markdown(error)}", icon="🚫")
    st.stop()
except Exception as error:  # a bug must not show a traceback; say what happened instead
    st.error(
        f"**Something unexpected went wrong** ({type(error).__name__}: {escape_markdown(error)}). "
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
    render_downloads(result, "", provenance)
    folders = [
        f"the {side}'s files in a folder `{side_path(files, side)}`"
        for side, files in (("baseline", base_files), ("candidate", cand_files))
        if len(files) > 1
    ]
    if folders:
        st.caption(f"To run it, put {' and '.join(folders)}.")
