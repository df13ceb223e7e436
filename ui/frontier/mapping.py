"""The column-mapping component: shows the guessed columns and lets the user change them.

It owns its widget keys (``KEYS``) and resets them whenever a different table arrives, so
guesses for a new table are never hidden behind the choices made for the previous one.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.frontier.data.mapping import ColumnMapping, benchmark_name
from ui.frontier.loading import cached_guess

NONE = "(none)"
UNITS = {
    "from the column name": None,
    "plain numbers": 1.0,
    "thousands": 1e3,
    "millions": 1e6,
    "billions": 1e9,
    "trillions": 1e12,
    "1e21 (zettaFLOPs)": 1e21,
}
KEYS = (
    "fm_model",
    "fm_date",
    "fm_family",
    "fm_compute",
    "fm_flops",
    "fm_params",
    "fm_tokens",
    "fm_flops_unit",
    "fm_params_unit",
    "fm_tokens_unit",
    "fm_scores",
    "fm_exclude",
)
_TABLE_KEY = "fm_table"
_SAVED = "fm_saved"
COMPUTE_MODES = ["parameters × tokens", "a FLOPs column"]


def _keep(key: str, allowed, fallback):
    """Write the widget's current choice back into its state before the widget is drawn.

    Written on every run (not only when a table arrives): a value set through the state is
    sent to the browser, so the browser never shows, or sends back, a stale choice; a key
    Streamlit dropped after an interrupted run is restored from the saved choices.
    """
    value = st.session_state.get(key, st.session_state.get(_SAVED, {}).get(key, fallback))
    if isinstance(fallback, list):
        value = [v for v in value if v in allowed]
    elif value not in allowed:
        value = fallback
    st.session_state[key] = value


def _pick(label, options, key, help_=None):
    choices = [NONE, *options]
    _keep(key, choices, NONE)
    value = st.selectbox(label, choices, key=key, help=help_)
    return None if value == NONE else value


def _seed(guess: ColumnMapping, flags: tuple[str, ...]) -> None:
    """Write a new table's guesses into the widgets' state.

    Setting the state (rather than deleting it) is what makes the browser show the new
    choices: a deleted key leaves the browser holding, and sending back, the previous
    table's columns.
    """
    state = st.session_state
    for key, value in (
        ("fm_model", guess.model),
        ("fm_date", guess.date),
        ("fm_family", guess.family),
        ("fm_flops", guess.flops),
        ("fm_params", guess.params),
        ("fm_tokens", guess.tokens),
    ):
        state[key] = value or NONE
    state["fm_compute"] = COMPUTE_MODES[1] if guess.flops else COMPUTE_MODES[0]
    for key in ("fm_flops_unit", "fm_params_unit", "fm_tokens_unit"):
        state[key] = next(iter(UNITS))
    state["fm_scores"] = list(guess.scores)
    state["fm_exclude"] = [c for c in guess.exclude if c in flags]
    state[_SAVED] = {k: state[k] for k in KEYS}


def describe(mapping: ColumnMapping) -> str:
    """One line saying which columns are used (Markdown)."""
    if mapping.flops:
        compute = f"FLOPs from `{mapping.flops}`"
    elif mapping.params and mapping.tokens:
        compute = f"6 × `{mapping.params}` × `{mapping.tokens}`"
    else:
        compute = "**no compute column**"
    scores = ", ".join(benchmark_name(s) for s in mapping.scores) or "**none**"
    parts = [
        f"model `{mapping.model}`" if mapping.model else "no model names",
        f"date `{mapping.date}`" if mapping.date else "no dates",
        f"compute = {compute}",
        f"benchmarks: {scores}",
    ]
    if mapping.exclude:
        parts.append("excluding rows marked " + ", ".join(f"`{c}`" for c in mapping.exclude))
    return "Columns used: " + " · ".join(parts)


def render_mapping(frame: pd.DataFrame, table_key: str) -> ColumnMapping:
    """Show the mapping (guessed, editable) and return the user's choice."""
    guess, flags = cached_guess(table_key, frame)
    if st.session_state.get(_TABLE_KEY) != table_key:
        _seed(guess, flags)
    columns = [str(c) for c in frame.columns]
    with st.expander("Columns (guessed from the table: check and edit)", expanded=False):
        left, middle, right = st.columns(3)
        with left:
            model = _pick("Model name", columns, "fm_model")
            date = _pick(
                "Upload or release date",
                columns,
                "fm_date",
                "Used to colour models by period and for the history tab.",
            )
            family = _pick(
                "Base model (family)",
                columns,
                "fm_family",
                "Fine-tunes of one base model are resampled together in the band.",
            )
        with middle:
            _keep("fm_compute", COMPUTE_MODES, COMPUTE_MODES[0])
            mode = st.radio("Compute from", COMPUTE_MODES, key="fm_compute", horizontal=True)
            flops = params = tokens = None
            scales = {"flops_scale": None, "params_scale": None, "tokens_scale": None}
            if mode == COMPUTE_MODES[1]:
                flops = _pick("FLOPs", columns, "fm_flops")
                _keep("fm_flops_unit", list(UNITS), next(iter(UNITS)))
                unit = st.selectbox("FLOPs unit", list(UNITS), key="fm_flops_unit")
                scales["flops_scale"] = UNITS[unit]
            else:
                params = _pick("Parameters", columns, "fm_params")
                _keep("fm_params_unit", list(UNITS), next(iter(UNITS)))
                unit = st.selectbox("Parameter unit", list(UNITS), key="fm_params_unit")
                scales["params_scale"] = UNITS[unit]
                tokens = _pick("Pre-training tokens", columns, "fm_tokens")
                _keep("fm_tokens_unit", list(UNITS), next(iter(UNITS)))
                unit = st.selectbox("Token unit", list(UNITS), key="fm_tokens_unit")
                scales["tokens_scale"] = UNITS[unit]
        with right:
            _keep("fm_scores", columns, [])
            scores = st.multiselect(
                "Benchmark scores",
                columns,
                key="fm_scores",
                help="Accuracies in [0, 1] or percentages (divided by 100 automatically).",
            )
            _keep("fm_exclude", flags, [])
            exclude = st.multiselect(
                "Exclude models marked as",
                list(flags),
                key="fm_exclude",
                disabled=not flags,
                help="Yes/no columns such as Flagged or Merged; rows where any is true are left out.",
            )
    # Marked as seen only once the widgets exist: a run interrupted before this point (an
    # upload triggers more than one) seeds again instead of keeping the browser's old values.
    st.session_state[_TABLE_KEY] = table_key
    st.session_state[_SAVED] = {k: st.session_state[k] for k in KEYS if k in st.session_state}
    return ColumnMapping(
        model=model,
        date=date,
        flops=flops,
        params=params,
        tokens=tokens,
        scores=tuple(scores),
        family=family,
        exclude=tuple(exclude),
        **scales,
    )
