"""The column-mapping component: shows the guessed columns and lets the user change them.

It owns its widget keys (``KEYS``) and resets them whenever a different table arrives, so
guesses for a new table are never hidden behind the choices made for the previous one.

Every widget whose choices belong to one table is keyed by the table's *identity* (content,
file name and the upload's file id, or "sample"), not by a fixed key. With a fixed key a new
table could inherit the previous one's values: Streamlit identifies a keyed widget by its key
alone, and the browser sends back the values it holds. Uploading a second file makes two
script runs (the uploader first reports "no file", which shows the sample, then the new file),
and the request for the second run can carry the previous table's values, sent before the
browser saw the first run's widgets. When the new file was a copy of the sample, its content
key equalled that of the in-between run, the page took it for a table already seen and kept
those stale values ("no compute column", issue 11). With identity keys a new upload gets new
widgets, so stale values address widgets that no longer exist and are ignored.
"""

from __future__ import annotations

import hashlib

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
#: Page widgets outside this component that also belong to one table (keyed the same way).
PAGE_KEYS = ("benchmarks", "focus")
_TABLE_KEY = "fm_table"
_SAVED = "fm_saved"
COMPUTE_MODES = ["parameters × tokens", "a FLOPs column"]


def table_identity(content_key: str, name: str, source: str) -> str:
    """A short identity of one table as the page received it.

    Parameters
    ----------
    content_key : str
        The digest of the table's bytes.
    name : str
        The file name.
    source : str
        ``"sample"``, or ``"upload <file id>"``: each upload has its own file id, so even
        the same bytes uploaded again (or a copy of the sample) are a new table.
    """
    text = "\0".join((source, name, content_key))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def table_widget_key(base: str, identity: str) -> str:
    """The widget key of ``base`` (one of ``KEYS`` or ``PAGE_KEYS``) for one table."""
    return f"{base}@{identity}"


def _forget_other_tables(identity: str) -> None:
    """Drop the widget state of every other table (it is never shown again)."""
    bases = (*KEYS, *PAGE_KEYS)
    for key in list(st.session_state.keys()):
        if isinstance(key, str) and "@" in key:
            base, _, owner = key.partition("@")
            if base in bases and owner != identity:
                del st.session_state[key]


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


def _seed(guess: ColumnMapping, flags: tuple[str, ...], identity: str) -> None:
    """Write a new table's guesses into its widgets' state.

    Setting the state (rather than leaving it empty) is what makes the browser show the new
    choices; the keys are new for every table (``table_widget_key``).
    """
    _forget_other_tables(identity)
    state = st.session_state
    values = {
        "fm_model": guess.model,
        "fm_date": guess.date,
        "fm_family": guess.family,
        "fm_flops": guess.flops,
        "fm_params": guess.params,
        "fm_tokens": guess.tokens,
    }
    values = {key: value or NONE for key, value in values.items()}
    values["fm_compute"] = COMPUTE_MODES[1] if guess.flops else COMPUTE_MODES[0]
    for key in ("fm_flops_unit", "fm_params_unit", "fm_tokens_unit"):
        values[key] = next(iter(UNITS))
    values["fm_scores"] = list(guess.scores)
    values["fm_exclude"] = [c for c in guess.exclude if c in flags]
    keyed = {table_widget_key(key, identity): value for key, value in values.items()}
    for key, value in keyed.items():
        state[key] = value
    state[_SAVED] = keyed


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


def render_mapping(frame: pd.DataFrame, table_key: str, identity: str) -> ColumnMapping:
    """Show the mapping (guessed, editable) and return the user's choice.

    ``table_key`` is the content key (it keys the cached guess); ``identity`` comes from
    ``table_identity`` and keys the widgets.
    """
    guess, flags = cached_guess(table_key, frame)
    if st.session_state.get(_TABLE_KEY) != identity:
        _seed(guess, flags, identity)

    def key(base: str) -> str:
        return table_widget_key(base, identity)

    columns = [str(c) for c in frame.columns]
    with st.expander("Columns (guessed from the table: check and edit)", expanded=False):
        left, middle, right = st.columns(3)
        with left:
            chosen = {"model": _pick("Model name", columns, key("fm_model"))}
            chosen["date"] = _pick(
                "Upload or release date",
                columns,
                key("fm_date"),
                "Used to colour models by period and for the history tab.",
            )
            chosen["family"] = _pick(
                "Base model (family)",
                columns,
                key("fm_family"),
                "Fine-tunes of one base model are resampled together in the band.",
            )
        with middle:
            _keep(key("fm_compute"), COMPUTE_MODES, COMPUTE_MODES[0])
            mode = st.radio("Compute from", COMPUTE_MODES, key=key("fm_compute"), horizontal=True)
            chosen.update(flops=None, params=None, tokens=None)
            scales = {"flops_scale": None, "params_scale": None, "tokens_scale": None}
            if mode == COMPUTE_MODES[1]:
                chosen["flops"] = _pick("FLOPs", columns, key("fm_flops"))
                _keep(key("fm_flops_unit"), list(UNITS), next(iter(UNITS)))
                unit = st.selectbox("FLOPs unit", list(UNITS), key=key("fm_flops_unit"))
                scales["flops_scale"] = UNITS[unit]
            else:
                chosen["params"] = _pick("Parameters", columns, key("fm_params"))
                _keep(key("fm_params_unit"), list(UNITS), next(iter(UNITS)))
                unit = st.selectbox("Parameter unit", list(UNITS), key=key("fm_params_unit"))
                scales["params_scale"] = UNITS[unit]
                chosen["tokens"] = _pick("Pre-training tokens", columns, key("fm_tokens"))
                _keep(key("fm_tokens_unit"), list(UNITS), next(iter(UNITS)))
                unit = st.selectbox("Token unit", list(UNITS), key=key("fm_tokens_unit"))
                scales["tokens_scale"] = UNITS[unit]
        with right:
            _keep(key("fm_scores"), columns, [])
            scores = st.multiselect(
                "Benchmark scores",
                columns,
                key=key("fm_scores"),
                help="Accuracies in [0, 1] or percentages (divided by 100 automatically).",
            )
            _keep(key("fm_exclude"), flags, [])
            exclude = st.multiselect(
                "Exclude models marked as",
                list(flags),
                key=key("fm_exclude"),
                disabled=not flags,
                help="Yes/no columns such as Flagged or Merged; rows where any is true are left out.",
            )
    # Marked as seen only once the widgets exist: a run interrupted before this point (an
    # upload triggers more than one) seeds again.
    st.session_state[_TABLE_KEY] = identity
    st.session_state[_SAVED] = {
        key(k): st.session_state[key(k)] for k in KEYS if key(k) in st.session_state
    }
    return ColumnMapping(**chosen, scores=tuple(scores), exclude=tuple(exclude), **scales)
