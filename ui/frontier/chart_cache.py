"""Chart specs of the frontier page, built once per content and reused on later reruns.

Building an Altair chart of a few thousand models and converting it to Vega-Lite (schema
validation, deep copies, Arrow serialisation of the data) took about 0.2 s per chart, and
the Boundary tab has two of them: most of a rerun. :func:`show_chart` keys the finished
spec on a fingerprint of everything the chart is drawn from (the results' arrays, fits,
bands, baselines, periods, and the chart's own options), so a rerun that changes nothing
the chart shows sends the cached spec; any change in content builds it again.

The small multiples' spec is also made the same for every τ, so that a τ change only swaps
data in the browser instead of drawing six panels of points again.

The chart of the benchmark in focus gets the same treatment: its title leaves τ to the
heading above it, and its band's and baselines' datasets are named by their place, so a τ
change swaps their rows too.

Streamlit's chart keeps its Vega view when the new spec (datasets aside) and the dataset
names equal the old ones, and then only replaces the datasets whose bytes changed; any other
difference builds the whole view again. Redrawing the six panels (about 22,000 points) was
most of the browser's work after a τ change. Two things made the spec differ between τ
values: the datasets are named by a hash of their content, and each boundary line's tooltip
is titled "boundary (τ = 0.98)".

:func:`same_spec_for_every_tau` renames the datasets by their place (``p0_layer0`` for
the points, ``p0_tau_0.98``, ...) and gives each panel one boundary-line layer per τ the
page offers, each with its own tooltip title and dataset; only the layer of the τ shown has
rows, the others get the same columns and no rows. What is drawn and every word shown are
unchanged.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import pickle
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from types import MappingProxyType

import numpy as np
import pandas as pd
import pyarrow as pa
import streamlit as st

from core.frontier.present.results import curve_frame

try:  # the conversion st.altair_chart does (Arrow datasets); private, so guarded
    from streamlit.dataframe_util import convert_anything_to_arrow_bytes as _to_arrow
    from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec as _to_spec
except ImportError:  # pragma: no cover - a Streamlit without it: plain Vega-Lite dicts
    _to_spec = _to_arrow = None


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


class _Unvalidated:
    """An Altair chart whose ``to_dict()`` skips the schema validation.

    Validating the spec against Vega-Lite's JSON schema was 0.045 of the 0.07 s it takes to
    convert the chart in focus (a new benchmark in focus waits for it); the spec is the
    same either way (the tests convert every page chart both ways and compare), and the
    tests' own conversions still validate.
    """

    def __init__(self, chart):
        self._chart = chart

    def to_dict(self, **kwargs) -> dict:
        return self._chart.to_dict(validate=False, **kwargs)


@st.cache_data(max_entries=48, show_spinner=False)
def _spec(key: str, _build: Callable, _finish: Callable | None = None) -> dict:
    """The Vega-Lite spec (data as Arrow) of the chart ``_build()`` makes; keyed by ``key``.

    ``_finish`` (spec -> spec), when given, is applied to the converted spec.
    """
    chart = _build()
    spec = _to_spec(_Unvalidated(chart)) if _to_spec is not None else chart.to_dict()
    return spec if _finish is None or _to_spec is None else _finish(spec)


def show_chart(
    build: Callable, inputs: tuple, *, key: str, finish: Callable | None = None, **kwargs
) -> None:
    """Draw ``build()`` (an Altair chart) like ``st.altair_chart(chart, key=key, **kwargs)``.

    ``inputs`` must hold everything the chart depends on (results and options); the spec is
    rebuilt only when their fingerprint (with ``key``, which names the chart) changes.
    ``finish`` rewrites the converted spec (data as Arrow bytes) without changing what is
    drawn, e.g. :func:`same_spec_for_every_tau` through
    ``functools.partial``; it is part of the fingerprint. ``kwargs`` go to
    ``st.vega_lite_chart``.
    """
    spec = _spec(fingerprint(key, finish, *inputs), build, finish)
    st.vega_lite_chart(spec, key=key, **kwargs)


_LINE_TITLE = "boundary (τ = {:g})"


def _empty_like(arrow_bytes: bytes) -> bytes:
    """Arrow IPC bytes with the columns of ``arrow_bytes`` and no rows."""
    table = pa.ipc.open_stream(arrow_bytes).read_all().slice(0, 0)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _line_tau(layer: dict) -> float | None:
    """The τ of a boundary-line layer (from its tooltip title), None for any other layer."""
    if not isinstance(layer.get("mark"), dict) or layer["mark"].get("type") != "line":
        return None
    for item in layer.get("encoding", {}).get("tooltip", []):
        title = item.get("title", "") if isinstance(item, dict) else ""
        if title.startswith("boundary (τ = ") and title.endswith(")"):
            try:
                return float(title[len("boundary (τ = ") : -1])
            except ValueError:
                return None
    return None


def same_spec_for_every_tau(spec: dict, taus: Sequence[float]) -> dict:
    """``spec`` (as Streamlit converts it) in a form equal for every τ.

    ``spec`` is the small multiples (a ``concat`` of layered panels) or one layered chart
    (the benchmark in focus, drawn with ``tau_in_title=False``), each panel with one
    boundary line. ``taus`` are the levels the page offers. A spec of another shape (a
    nested layer, e.g. the extra levels, or a τ outside ``taus``) is returned unchanged:
    still right, only not faster.
    """
    datasets = spec.get("datasets")
    if not isinstance(datasets, dict):
        return spec
    out = copy.deepcopy({k: v for k, v in spec.items() if k != "datasets"})
    if isinstance(out.get("concat"), list):
        panels = out["concat"]
    elif isinstance(out.get("layer"), list):
        panels = [out]  # one layered chart: a single panel
    else:
        return spec
    new_datasets: dict = {}
    for p, panel in enumerate(panels):
        layers = panel.get("layer") if isinstance(panel, dict) else None
        if not isinstance(layers, list):
            return spec
        lines = [(i, _line_tau(layer)) for i, layer in enumerate(layers)]
        lines = [(i, tau) for i, tau in lines if tau is not None]
        if len(lines) != 1 or not any(abs(lines[0][1] - t) < 1e-12 for t in taus):
            return spec
        (index, tau), new_layers = lines[0], []
        for i, layer in enumerate(layers):
            old = layer.get("data", {}).get("name")
            if old not in datasets:
                return spec
            if i != index:
                name = f"p{p}_layer{i}"
                new_datasets[name] = datasets[old]
                new_layers.append({**layer, "data": {"name": name}})
                continue
            for level in taus:
                name = f"p{p}_tau_{level:g}"
                shown = abs(level - tau) < 1e-12
                new_datasets[name] = datasets[old] if shown else _empty_like(datasets[old])
                line = copy.deepcopy(layer)
                line["data"] = {"name": name}
                for item in line["encoding"]["tooltip"]:
                    if item.get("title", "").startswith("boundary (τ = "):
                        item["title"] = _LINE_TITLE.format(level)
                new_layers.append(line)
        panel["layer"] = new_layers
    out["datasets"] = new_datasets
    return out


def with_lines_of(spec: dict, results: Sequence, taus: Sequence[float]) -> dict | None:
    """The spec (:func:`same_spec_for_every_tau`: the small multiples, or the chart in focus)
    with the boundary lines and bands of ``results``' fits, or None when that cannot be
    done exactly.

    Only the lines' and bands' datasets depend on the fits (and so on τ and the fit
    settings): the points, the panels and every word do not. So a spec built once for
    these tables serves every τ with those datasets swapped, which skips Altair's build and
    Streamlit's conversion (0.15-0.2 s of a τ change on the sample). Each swapped dataset
    is the boundary curve (with the band's columns when there is a band) as the chart
    draws it, converted to Arrow as Streamlit converts it; a test checks that the result
    equals the spec built from scratch, byte for byte, at every τ.
    """
    datasets = spec.get("datasets")
    panels = spec.get("concat", [spec])
    if _to_arrow is None or not isinstance(datasets, dict) or len(panels) != len(results):
        return None
    datasets = dict(datasets)
    for p, result in enumerate(results):
        if result.baselines is not None:
            return None  # a baseline layer would depend on the fit too
        layers = panels[p].get("layer", []) if isinstance(panels[p], dict) else []
        areas = [
            layer.get("data", {}).get("name")
            for layer in layers
            if isinstance(layer.get("mark"), dict) and layer["mark"].get("type") == "area"
        ]
        if len(areas) != (result.band is not None) or not set(areas) <= set(datasets):
            return None  # a band needs its one area layer, and no band none
        shown = _to_arrow(curve_frame(result))
        empty = _empty_like(shown)
        tau = result.fit.tau
        matched = False
        for level in taus:
            name = f"p{p}_tau_{level:g}"
            if name not in datasets:
                return None
            same = abs(level - tau) < 1e-12
            matched |= same
            datasets[name] = shown if same else empty
        if not matched:
            return None
        datasets.update(dict.fromkeys(areas, shown))  # the band: the same curve's frame
    return {**spec, "datasets": datasets}


def _show_swapping_lines(
    build: Callable,
    results: Sequence,
    shown_apart_from_lines: tuple,
    *,
    key: str,
    taus: Sequence[float],
    **kwargs,
) -> None:
    """Draw ``build()`` with one spec for every τ: the spec is cached by
    ``shown_apart_from_lines`` (everything the chart shows but the fits' lines and bands),
    and the lines and bands of ``results`` are put in by :func:`with_lines_of`. Where
    that is not possible, it is :func:`show_chart`."""
    finish = partial(same_spec_for_every_tau, taus=tuple(taus))
    if _to_spec is not None:
        base = _spec(fingerprint(key, "points", finish, *shown_apart_from_lines), build, finish)
        spec = with_lines_of(base, results, taus)
        if spec is not None:
            st.vega_lite_chart(spec, key=key, **kwargs)
            return
    show_chart(build, tuple(results), key=key, finish=finish, **kwargs)


def show_small_multiples(
    build: Callable, results: Sequence, *, key: str, taus: Sequence[float], **kwargs
) -> None:
    """Draw the small multiples ``build()`` makes, re-using one spec for every τ.

    The spec is cached by what the panels show apart from the boundary lines (each
    benchmark's name, table and periods); the lines of the current fits are swapped in.
    """
    shown_apart_from_lines = tuple((r.name, r.table, r.periods) for r in results)
    _show_swapping_lines(build, results, shown_apart_from_lines, key=key, taus=taus, **kwargs)


def show_focus_chart(build: Callable, result, *, key: str, taus: Sequence[float], **kwargs) -> None:
    """Draw the chart of the benchmark in focus (built with ``tau_in_title=False``, and
    without baselines or extra levels, whose layers depend on the fit too), re-using one
    spec for every τ.

    The spec is cached by the benchmark's name, table and periods and the level of its band
    (named in the band's tooltip); the line and band of the current fit are swapped in.
    """
    level = None if result.band is None else result.band.confidence_level
    shown_apart_from_lines = (result.name, result.table, result.periods, level)
    _show_swapping_lines(build, [result], shown_apart_from_lines, key=key, taus=taus, **kwargs)
