"""Inputs of several candidates against one baseline: uploaders, reading with per-candidate
model pickers, and the cached comparisons (the bundled samples' shared by every session)."""

from __future__ import annotations

import threading

import streamlit as st

from core.degradation.candidates import compare_candidates
from core.errors import InputError
from core.readers import (
    AmbiguousChoiceError,
    ReadOptions,
    UnknownChoiceError,
    files_from_path,
    read_run,
)
from core.text_safety import escape_markdown, one_line
from ui.degradation.loading import (
    SAMPLE_BASELINE,
    SAMPLE_CANDIDATES,
    SAMPLE_DIR,
    read_uploaded,
    samples_available,
    side_path,
    uploaded_payload,
)
from ui.degradation.scoring_choices import (
    MODEL_KEY,
    chosen_model,
    chosen_score_key,
    render_model_choice,
    render_score_key_choice,
)

TYPES = ["jsonl", "json", "eval", "parquet", "csv", "tsv", "zip"]


def family_inputs() -> tuple[tuple, list[tuple], bool]:
    """(baseline files, [(label, files)], sample?) from the uploaders, or the bundled samples."""
    count = int(st.number_input("Candidates", 2, 12, 3, key="family_count"))
    mode = st.radio(
        "Each side is", ["Files or a .zip", "A folder"], horizontal=True, key="family_mode"
    )
    accept = "directory" if mode == "A folder" else True
    baseline = uploaded_payload(
        st.file_uploader(
            "Baseline results", type=TYPES, accept_multiple_files=accept, key="family_baseline"
        )
    )
    columns = st.columns(min(count, 4))
    candidates = []
    for k in range(count):
        upload = columns[k % len(columns)].file_uploader(
            f"Candidate {k + 1}", type=TYPES, accept_multiple_files=accept, key=f"family_cand_{k}"
        )
        candidates.append(uploaded_payload(upload))
    if not baseline and not any(candidates) and samples_available():
        st.info(
            "**You are looking at simulated sample data**: the Llama-3.1-8B-Instruct baseline "
            f"against {', '.join(SAMPLE_CANDIDATES)}. Upload your own runs above.",
            icon="🧪",
        )
        return (), [(label, ()) for label in SAMPLE_CANDIDATES], True
    given = [(f"candidate {k + 1}", files) for k, files in enumerate(candidates) if files]
    if not baseline or len(given) < 1:
        st.info("Upload a baseline and at least one candidate.", icon="⬆️")
        st.stop()
    return baseline, given, False


def read_family(baseline_files, candidates, asked: set[str]):
    """The baseline (read once) and (source, run or None, problem) per candidate.

    Where a side's files hold several models (or Inspect dict scores several keys), the
    sidebar asks which, per candidate and never preselected; until then that candidate's row
    says why it has no verdict, and the others still run.
    """
    try:
        baseline = _read_picking("baseline", baseline_files, asked)
    except AmbiguousChoiceError as error:
        st.info(f"**The baseline:** {escape_markdown(error)}", icon="👈")
        st.stop()
    read = []
    for label, files in candidates:
        source = side_path(files, label.replace(" ", "_"))
        try:
            read.append((source, _read_picking(label, files, asked), None))
        except InputError as error:
            read.append((source, None, one_line(error, 2000)))
    return baseline, read


def _read_picking(side: str, files, asked: set[str]):
    """One side's uploads, read with the model and score key chosen in the sidebar."""
    model = chosen_model(side)
    try:
        run = read_uploaded(files, score_key=chosen_score_key(), model=model, side=side)
    except UnknownChoiceError:
        if model is None:
            raise
        del st.session_state[MODEL_KEY.format(side=side)]  # chosen among files since replaced
        return _read_picking(side, files, asked)
    except AmbiguousChoiceError as error:
        listed = ", ".join(error.choices)
        if error.kind == "model":
            asked.add(side)
            if render_model_choice(side, error.choices) is None:
                raise AmbiguousChoiceError(
                    f"its files hold runs of {len(error.choices)} models ({listed}); choose "
                    f"the {side} model in the sidebar, or upload only that model's files.",
                    kind="model",
                    choices=error.choices,
                    source=error.source,
                ) from None
            return _read_picking(side, files, asked)
        if "score_key" not in asked:
            asked.add("score_key")
            st.session_state["_family_score_keys"] = error.choices
            if render_score_key_choice(error.choices) is not None:
                return _read_picking(side, files, asked)
        raise AmbiguousChoiceError(
            f"its Inspect scores are dicts with {len(error.choices)} keys ({listed}); choose "
            "the score key in the sidebar.",
            kind="score_key",
            choices=error.choices,
            source=error.source,
        ) from None
    if run.models and side not in asked:  # keep showing a choice made, so it can be changed
        asked.add(side)
        render_model_choice(side, run.models)
    return run


#: identity -> (baseline, [(file, run, None)]): the bundled runs read once per process.
_SAMPLE_RUNS: dict = {}
_SAMPLE_LOCK = threading.Lock()


def _sample_runs(identity, progress=None):
    """The bundled baseline and candidates as read (shared, never mutated).

    A plain memo rather than ``st.cache_resource``, so that the page can tell a first read
    (about 2 s on the 2-core machine: four zips of 25,282 questions) from a remembered one
    and show a progress bar for the former only; ``progress(done, total, name)`` is called
    before each file. Sessions arriving meanwhile wait for the one read.
    """
    with _SAMPLE_LOCK:
        if identity not in _SAMPLE_RUNS:
            names = [SAMPLE_BASELINE, *SAMPLE_CANDIDATES.values()]
            runs = []
            for k, name in enumerate(names):
                if progress is not None:
                    progress(k, len(names), name)
                side = "baseline" if k == 0 else "candidate"
                runs.append(read_run(files_from_path(SAMPLE_DIR / name), ReadOptions(), side=side))
            _SAMPLE_RUNS.clear()  # one set of samples per process
            _SAMPLE_RUNS[identity] = (runs[0], [(n, r, None) for n, r in zip(names[1:], runs[1:])])
        return _SAMPLE_RUNS[identity]


def sample_runs_with_progress(identity):
    """:func:`_sample_runs`, with a progress bar on the page while the files are first read."""
    if identity in _SAMPLE_RUNS:
        return _sample_runs(identity)
    bar = st.progress(0.0, text="Reading the sample data…")

    def step(done: int, total: int, name: str) -> None:
        bar.progress(done / total, text=f"Reading the sample data: {name} ({done + 1} of {total})")

    try:
        return _sample_runs(identity, step)
    finally:
        bar.empty()


@st.cache_resource(max_entries=8, show_spinner=False)
def _pairings(identity, level) -> dict:
    """Pairings of a family's candidates with its baseline at one test unit, by shown name.

    Filled by the first comparison at that unit and reused by the later ones: alpha, the
    margin and the other options never change a pairing, so they do not pair again.
    """
    return {}


def _compare_reusing(identity, options, level, baseline_source, baseline, read):
    pairings = _pairings(identity, level)
    family, paired = compare_candidates(
        baseline, read, options, level=level, baseline_source=baseline_source, paired=pairings
    )
    pairings.update(paired)
    return family, paired


def sample_family(identity, options, level):
    """The bundled baseline and candidates read (with a progress bar the first time) and
    compared; see :func:`_sample_family`."""
    baseline, read = sample_runs_with_progress(identity)
    return _sample_family(identity, options, level, baseline, read)


@st.cache_resource(max_entries=32, show_spinner="Comparing the simulated candidates…")
def _sample_family(identity, options, level, _baseline, _read):
    """The bundled baseline and candidates compared; cached by their content digests
    (``identity``) and the options, shared across sessions (the first screen of everyone).
    Entries are small: the runs and pairings they hold are shared between them."""
    baseline, read = _baseline, _read
    family, paired = _compare_reusing(identity, options, level, SAMPLE_BASELINE, baseline, read)
    return baseline, read, family, paired


@st.cache_resource(max_entries=16, show_spinner="Comparing the candidates…")
def compare_cached(identity, options, level, baseline_source, _baseline, _read):
    """``compare_candidates``, cached by the inputs' content (``identity``) and the options.

    A resource cache: the family and its pairings are shared, never copied, and never mutated.
    """
    return _compare_reusing(identity, options, level, baseline_source, _baseline, _read)
