"""Chart specs of the frontier page, built once per content and reused on later reruns.

Building an Altair chart of a few thousand models and converting it to Vega-Lite (schema
validation, deep copies, Arrow serialisation of the data) took about 0.2 s per chart, and
the Boundary tab has two of them: most of a rerun. :func:`show_chart` keys the finished
spec on a fingerprint of everything the chart is drawn from (the results' arrays, fits,
bands, baselines, periods, and the chart's own options), so a rerun that changes nothing
the chart shows sends the cached spec; any change in content builds it again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
from collections.abc import Callable, Mapping
from types import MappingProxyType

import numpy as np
import pandas as pd
import streamlit as st

try:  # the conversion st.altair_chart does (Arrow datasets); private, so guarded
    from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec as _to_spec
except ImportError:  # pragma: no cover - a Streamlit without it: plain Vega-Lite dicts
    _to_spec = None


def _feed(h, value) -> None:
    """Feed ``value`` into the hash ``h``, exactly (arrays by content, never by repr)."""
    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        h.update(f"{type(value).__name__}:{value!r};".encode())
    elif isinstance(value, np.ndarray):
        h.update(f"nd:{value.dtype}:{value.shape};".encode())
        if value.dtype == object:  # names: their pickle (exact, and fast for strings)
            h.update(pickle.dumps(value.ravel().tolist(), protocol=5))
        else:
            h.update(np.ascontiguousarray(value).tobytes())
    elif isinstance(value, np.generic):
        _feed(h, value.item())
    elif isinstance(value, pd.DataFrame):
        h.update(f"df:{list(map(str, value.columns))}:{list(map(str, value.dtypes))};".encode())
        h.update(pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes())
    elif isinstance(value, (pd.Timestamp, pd.Timedelta)) or value is pd.NaT:
        h.update(f"ts:{value!r};".encode())
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        h.update(f"dc:{type(value).__qualname__}(".encode())
        for field in dataclasses.fields(value):
            h.update(f"{field.name}=".encode())
            _feed(h, getattr(value, field.name))
        h.update(b")")
    elif isinstance(value, (Mapping, MappingProxyType)):
        h.update(b"{")
        for k in sorted(value, key=repr):
            _feed(h, k)
            _feed(h, value[k])
        h.update(b"}")
    elif isinstance(value, (list, tuple)):
        h.update(f"{type(value).__name__}[".encode())
        for item in value:
            _feed(h, item)
        h.update(b"]")
    else:  # anything else: its pickle (exact; at worst a cache miss, never a stale chart)
        h.update(b"pk:" + pickle.dumps(value, protocol=5))


def fingerprint(*values) -> str:
    """A content hash of ``values`` (results, options), cheap next to building a chart."""
    h = hashlib.blake2b(digest_size=20)
    for value in values:
        _feed(h, value)
    return h.hexdigest()


@st.cache_data(max_entries=48, show_spinner=False)
def _spec(key: str, _build: Callable) -> dict:
    """The Vega-Lite spec (data as Arrow) of the chart ``_build()`` makes; keyed by ``key``."""
    chart = _build()
    return _to_spec(chart) if _to_spec is not None else chart.to_dict()


def show_chart(build: Callable, inputs: tuple, *, key: str, **kwargs) -> None:
    """Draw ``build()`` (an Altair chart) like ``st.altair_chart(chart, key=key, **kwargs)``.

    ``inputs`` must hold everything the chart depends on (results and options); the spec is
    rebuilt only when their fingerprint (with ``key``, which names the chart) changes.
    ``kwargs`` go to ``st.vega_lite_chart``.
    """
    st.vega_lite_chart(_spec(fingerprint(key, *inputs), build), key=key, **kwargs)
