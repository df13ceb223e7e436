"""One baseline against one candidate (uploads): reading with the sidebar's pickers, the
verdict, the explanations, the tabs and the downloads of the degradation page."""

from dataclasses import dataclass, field

import streamlit as st

from core.degradation.compare import compare_paired
from core.degradation.comparison import CompareOptions
from core.degradation.data.family_record import options_settings
from core.degradation.data.pairing import pair_runs
from core.degradation.data.provenance import Provenance, compare_command, read_record
from core.errors import InputError
from core.readers import AmbiguousChoiceError, UnknownChoiceError
from core.text_safety import escape_markdown
from ui.degradation import view as view
from ui.degradation.downloads import render_downloads
from ui.degradation.loading import read_uploaded, side_path, upload_records
from ui.degradation.scoring_choices import (
    chosen_model,
    chosen_score_key,
    render_model_choice,
    render_run_choices,
    render_score_key_choice,
    render_scoring_choices,
)


@dataclass
class SingleRun:
    """What one script run of the single-candidate view works on: the uploads of each side,
    the options, the test unit, and the pickers already shown in this run."""

    base: list
    cand: list
    level: str
    options: CompareOptions
    asked: set[str] = field(default_factory=set)

    def files(self, side: str) -> list:
        """The uploads of ``side`` ("baseline" or "candidate")."""
        return self.base if side == "baseline" else self.cand


SIDES = ("baseline", "candidate")


def _read_side(run, side, choices, run_id):
    try:
        return _read_chosen(run, side, choices, run_id, chosen_model(side))
    except UnknownChoiceError:
        if chosen_model(side) is None:
            raise
        del st.session_state[f"model:{side}"]  # chosen among files no longer uploaded: ask again
        return _read_chosen(run, side, choices, None, None)


def _read_chosen(run, side, choices, run_id, model):
    metric, filter_ = choices
    return read_uploaded(run.files(side), metric, filter_, chosen_score_key(), run_id, model, side)


def _read(run, choices=((), ()), runs=(None, None)):
    """Both sides; where a side holds several models or score keys, ask in the sidebar."""
    for _ in range(4):
        read, pending = {}, []
        for side, run_id in zip(SIDES, runs):
            try:
                read[side] = _read_side(run, side, choices, run_id)
            except AmbiguousChoiceError as error:
                pending.append((side, error))
        if not pending:
            return read["baseline"], read["candidate"]
        if not any(_ask(run, side, error) for side, error in pending):
            for side, error in pending:
                st.info(_choice_text(side, error), icon="👈")
            st.stop()
    raise InputError("the choices of model and score key did not settle; reload the page.")


def _ask(run, side, error) -> bool:
    """Render the picker the error calls for (once per run); whether it has a value."""
    name = f"model:{side}" if error.kind == "model" else "score_key"
    if name in run.asked:
        return False
    run.asked.add(name)
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


def _keep_pickers(run, baseline, candidate) -> None:
    """Keep showing a choice already made, so that it can be changed."""
    for side, side_run in zip(SIDES, (baseline, candidate)):
        if side_run.models and f"model:{side}" not in run.asked:
            run.asked.add(f"model:{side}")
            render_model_choice(side, side_run.models)
    keys = st.session_state.get("_score_key_choices")
    if keys and chosen_score_key() and "score_key" not in run.asked:
        run.asked.add("score_key")
        render_score_key_choice(keys)


def _settings(run, choices, runs) -> dict:
    metric, filter_ = choices
    return options_settings(run.options, run.level) | {
        "metric": dict(metric) or None,
        "filter": dict(filter_) or None,
        "score_key": chosen_score_key(),
        "baseline_run": _run_selector("baseline", runs[0]),
        "candidate_run": _run_selector("candidate", runs[1]),
    }


def _run_selector(side, run_id):
    model = chosen_model(side)
    if model and run_id:
        return f"{model}@{run_id}"
    return model or run_id


def _provenance(run, choices, runs, baseline, candidate) -> Provenance:
    settings = _settings(run, choices, runs)
    base_files, cand_files = run.base, run.cand
    paths = (side_path(base_files, "baseline"), side_path(cand_files, "candidate"))
    records = (upload_records(base_files), upload_records(cand_files))
    return Provenance(
        baseline=records[0],
        candidate=records[1],
        settings=settings,
        command=compare_command(*paths, settings),
        read={"baseline": read_record(baseline), "candidate": read_record(candidate)},
    )


def render_single(base_files, cand_files, options: CompareOptions, level: str) -> None:
    """Today's single-candidate page: verdict, explanations, tabs, downloads."""
    run = SingleRun(base_files, cand_files, level, options)
    try:
        result, paired, provenance = _analyse(run)
    except InputError as error:
        st.error(f"**These files cannot be compared.** {escape_markdown(error)}", icon="🚫")
        st.stop()
    except Exception as error:  # a bug must not show a traceback; say what happened instead
        st.error(
            f"**Something unexpected went wrong** ({type(error).__name__}: "
            f"{escape_markdown(error)}). Please report it together with the files you used.",
            icon="🐞",
        )
        st.stop()
    _render(run, result, paired, provenance)


def _analyse(run):
    level, options = run.level, run.options
    baseline, candidate = _read(run)
    _keep_pickers(run, baseline, candidate)
    runs = render_run_choices(baseline, candidate)
    metric, filter_, _ = render_scoring_choices(baseline, candidate)
    choices = (metric, filter_)
    if choices != ((), ()) or runs != (None, None):
        baseline, candidate = _read(run, choices, runs)
    identity = (
        tuple((name, digest) for name, digest, _ in run.base),
        tuple((name, digest) for name, digest, _ in run.cand),
        choices,
        runs,
        chosen_model("baseline"),
        chosen_model("candidate"),
        chosen_score_key(),
    )
    paired = _paired(identity, level, baseline, candidate)
    result = _compared(identity, level, options, paired)
    provenance = _provenance(run, choices, runs, baseline, candidate)
    return result, paired, provenance


@st.cache_resource(max_entries=8, show_spinner="Pairing the questions…")
def _paired(identity, level, _baseline, _candidate):
    """The pairing, cached by the uploads' content and the choices made (``identity``) and the
    test unit: alpha, the margin and the other options re-run the tests only. Shared and
    never mutated."""
    return pair_runs(_baseline, _candidate, level=level)


@st.cache_resource(max_entries=32, show_spinner="Comparing…")
def _compared(identity, level, options, _paired):
    """The comparison of a cached pairing (``identity`` and ``level`` name it) with ``options``."""
    return compare_paired(_paired, options)


def _render(run, result, paired, provenance) -> None:
    view.render_comparison(result, paired, lambda: _render_downloads(run, result, provenance))


def _render_downloads(run, result, provenance) -> None:
    render_downloads(result, "", provenance)
    folders = [
        f"the {side}'s files in a folder `{side_path(files, side)}`"
        for side, files in (("baseline", run.base), ("candidate", run.cand))
        if len(files) > 1
    ]
    if folders:
        st.caption(f"To run it, put {' and '.join(folders)}.")
