"""The small multiples' spec is the same for every τ (so the browser only swaps data), and
draws exactly what the plain spec draws: the same points, the line of the τ shown, the same
tooltip words."""

from __future__ import annotations

import copy
from dataclasses import replace
from functools import partial

import numpy as np
import pyarrow as pa
import pytest

from core.frontier.boundary.bootstrap import bootstrap_frontier
from core.frontier.boundary.sigmoid_fit import fit_frontier
from core.frontier.data.table import BoundaryTable
from core.frontier.present.charts import boundary_chart, small_multiples
from core.frontier.present.results import BenchmarkBoundary
from ui.frontier.chart_cache import _empty_like, _spec, same_spec_for_every_tau, with_lines_of
from ui.frontier.fit_options import TAU_CHOICES


def _results(tau: float) -> list[BenchmarkBoundary]:
    rng = np.random.default_rng(3)
    out = []
    for name, slope in (("alpha acc", 1.5), ("beta acc", 0.8)):
        z = rng.uniform(21, 25, 120)
        y = np.clip(0.1 + 0.8 / (1 + np.exp(-slope * (z - 23))) - rng.exponential(0.08, 120), 0, 1)
        table = BoundaryTable(
            source="t.csv",
            score_column=name,
            model=np.array([f"m{i}" for i in range(120)], dtype=object),
            log10_flops=z,
            score=y,
            date=None,
            family=None,
            n_rows=120,
        )
        out.append(BenchmarkBoundary(name, table, fit_frontier(z, y, tau=tau)))
    return out


def _plain(tau: float) -> dict:
    """The spec as the page gets it (Streamlit's conversion: datasets as Arrow bytes)."""
    vega_charts = pytest.importorskip("streamlit.elements.vega_charts")
    if not hasattr(vega_charts, "_convert_altair_to_vega_lite_spec"):
        pytest.skip("this Streamlit has no private Altair conversion; chart_cache skips finish")
    return vega_charts._convert_altair_to_vega_lite_spec(small_multiples(_results(tau)))


def _rows(data: bytes) -> pa.Table:
    return pa.ipc.open_stream(data).read_all()


def _drawn(spec: dict) -> list[list[tuple]]:
    """Per panel, per layer with rows: (mark, tooltip titles, rows) — what the browser draws."""
    panels = []
    for panel in spec.get("concat", [spec]):  # the small multiples' panels, or one chart
        layers = []
        for layer in panel["layer"]:
            table = _rows(spec["datasets"][layer["data"]["name"]])
            if table.num_rows:
                tips = [t.get("title") for t in layer["encoding"].get("tooltip", [])]
                layers.append((layer["mark"]["type"], tips, table.to_pylist()))
        panels.append(layers)
    return panels


@pytest.fixture(scope="module")
def specs() -> dict[float, dict]:
    return {tau: _plain(tau) for tau in (0.9, 0.98)}


def test_the_spec_and_the_dataset_names_are_the_same_for_every_tau(specs):
    stable = {tau: same_spec_for_every_tau(s, TAU_CHOICES) for tau, s in specs.items()}
    assert {k: v for k, v in specs[0.9].items() if k != "datasets"} != {
        k: v for k, v in specs[0.98].items() if k != "datasets"
    }  # the plain specs differ (dataset names, the line's tooltip title)
    without = [{k: v for k, v in s.items() if k != "datasets"} for s in stable.values()]
    assert without[0] == without[1]
    assert list(stable[0.9]["datasets"]) == list(stable[0.98]["datasets"])
    # one line layer per τ offered, in each panel
    for panel in stable[0.9]["concat"]:
        assert [layer["mark"]["type"] for layer in panel["layer"]] == ["circle"] + ["line"] * len(
            TAU_CHOICES
        )


@pytest.mark.parametrize("tau", [0.9, 0.98])
def test_what_is_drawn_is_unchanged(specs, tau):
    plain = specs[tau]
    stable = same_spec_for_every_tau(plain, TAU_CHOICES)
    assert _drawn(stable) == _drawn(plain)
    lines = [layer for panel in _drawn(stable) for layer in panel if layer[0] == "line"]
    assert [tips for _, tips, _ in lines] == [["FLOPs", f"boundary (τ = {tau:g})"]] * 2
    assert plain == specs[tau]  # the input is not modified


def test_points_keep_their_bytes_and_only_the_lines_change_with_tau(specs):
    a, b = (same_spec_for_every_tau(specs[t], TAU_CHOICES)["datasets"] for t in (0.9, 0.98))
    changed = sorted(name for name in a if a[name] != b[name])
    assert changed == ["p0_tau_0.9", "p0_tau_0.98", "p1_tau_0.9", "p1_tau_0.98"]
    assert a["p0_layer0"] == b["p0_layer0"]  # the points: nothing to send or redraw


def test_an_unexpected_spec_is_left_as_it_is(specs):
    plain = specs[0.9]
    assert same_spec_for_every_tau(plain, (0.5, 0.98)) is plain  # τ not offered
    assert same_spec_for_every_tau({"layer": []}, TAU_CHOICES) == {"layer": []}
    two_lines = copy.deepcopy(plain)
    panel = two_lines["concat"][0]
    panel["layer"].append(copy.deepcopy(panel["layer"][-1]))
    assert same_spec_for_every_tau(two_lines, TAU_CHOICES) is two_lines


def test_empty_dataset_has_the_columns_and_no_rows(specs):
    data = next(iter(specs[0.9]["datasets"].values()))
    empty = _rows(_empty_like(data))
    assert empty.num_rows == 0 and empty.schema == _rows(data).schema


@pytest.mark.parametrize("built_at, shown", [(0.9, 0.98), (0.98, 0.9), (0.98, 0.5), (0.9, 0.9)])
def test_swapping_in_the_lines_gives_the_spec_built_from_scratch(built_at, shown):
    """The page builds the small multiples once per table and swaps the lines at each τ."""
    base = same_spec_for_every_tau(_plain(built_at), TAU_CHOICES)
    swapped = with_lines_of(base, _results(shown), TAU_CHOICES)
    assert swapped == same_spec_for_every_tau(_plain(shown), TAU_CHOICES)  # byte for byte
    assert base == same_spec_for_every_tau(_plain(built_at), TAU_CHOICES)  # not modified


def test_lines_are_not_swapped_where_the_spec_would_differ_otherwise(specs):
    base = same_spec_for_every_tau(specs[0.9], TAU_CHOICES)
    results = _results(0.98)
    band = type("Band", (), {})()  # any band: its area layer would depend on the fit
    assert with_lines_of(base, [replace(results[0], band=band), results[1]], TAU_CHOICES) is None
    assert with_lines_of(base, _results(0.6), TAU_CHOICES) is None  # a τ the page does not offer
    assert with_lines_of(specs[0.9], results, TAU_CHOICES) is None  # not the stable form


def _focus(tau: float, band: bool = True) -> BenchmarkBoundary:
    """The first benchmark of :func:`_results` at ``tau``, with its band when asked."""
    result = _results(tau)[0]
    if not band:
        return result
    t = result.table
    band = bootstrap_frontier(t.log10_flops, t.score, result.fit, n_resamples=10)
    return replace(result, band=band)


def _focus_plain(tau: float, *, band: bool = True, tau_in_title: bool = False) -> dict:
    """The chart of the benchmark in focus (with its band) as Streamlit converts it."""
    vega_charts = pytest.importorskip("streamlit.elements.vega_charts")
    if not hasattr(vega_charts, "_convert_altair_to_vega_lite_spec"):
        pytest.skip("this Streamlit has no private Altair conversion; chart_cache skips finish")
    chart = boundary_chart(_focus(tau, band), tau_in_title=tau_in_title)
    return vega_charts._convert_altair_to_vega_lite_spec(chart)


def test_the_focus_chart_is_one_spec_for_every_tau_and_draws_the_same():
    plain = {tau: _focus_plain(tau) for tau in (0.9, 0.98)}
    stable = {tau: same_spec_for_every_tau(s, TAU_CHOICES) for tau, s in plain.items()}
    without = [{k: v for k, v in s.items() if k != "datasets"} for s in stable.values()]
    assert without[0] == without[1]  # the browser keeps its view and swaps the data
    assert list(stable[0.9]["datasets"]) == list(stable[0.98]["datasets"])
    assert [layer["mark"]["type"] for layer in stable[0.9]["layer"]] == ["area", "circle"] + [
        "line"
    ] * len(TAU_CHOICES)
    for tau in plain:  # what is drawn: the band, the points, the line of the τ shown
        assert _drawn(stable[tau]) == _drawn(plain[tau])
        (line,) = [layer for layer in _drawn(stable[tau])[0] if layer[0] == "line"]
        assert line[1] == ["FLOPs", f"boundary (τ = {tau:g})"]
    # no per-dot accessibility strings: Streamlit draws on a canvas, where they are unused
    assert all(layer["mark"].get("aria") is False for layer in stable[0.9]["layer"])
    a, b = stable[0.9]["datasets"], stable[0.98]["datasets"]
    changed = sorted(name for name in a if a[name] != b[name])
    assert changed == ["p0_layer0", "p0_tau_0.9", "p0_tau_0.98"]  # the band and the lines


def test_the_focus_chart_title_leaves_tau_to_the_heading_only_when_asked():
    assert _focus_plain(0.9, band=False)["title"] == "alpha acc (120 models)"
    exported = _focus_plain(0.9, band=False, tau_in_title=True)  # PNG and report: say τ
    assert exported["title"] == "alpha acc: boundary at τ = 0.9 (120 models)"
    # with τ in its title the spec differs between τ values, so it is left as it is
    assert same_spec_for_every_tau(exported, TAU_CHOICES)["title"] == exported["title"]


@pytest.mark.parametrize("built_at, shown", [(0.9, 0.98), (0.98, 0.5), (0.98, 0.98)])
def test_swapping_the_focus_line_and_band_gives_the_spec_built_from_scratch(built_at, shown):
    base = same_spec_for_every_tau(_focus_plain(built_at), TAU_CHOICES)
    swapped = with_lines_of(base, [_focus(shown)], TAU_CHOICES)
    assert swapped == same_spec_for_every_tau(_focus_plain(shown), TAU_CHOICES)  # byte for byte
    # the band's dataset is the shown curve's (the band columns included)
    assert _rows(swapped["datasets"]["p0_layer0"]).column_names[-2:] == ["band_low", "band_high"]


def test_the_focus_line_is_not_swapped_where_the_band_does_not_match():
    with_band = same_spec_for_every_tau(_focus_plain(0.9), TAU_CHOICES)
    without = same_spec_for_every_tau(_focus_plain(0.9, band=False), TAU_CHOICES)
    assert with_lines_of(with_band, [_focus(0.98, band=False)], TAU_CHOICES) is None
    assert with_lines_of(without, [_focus(0.98)], TAU_CHOICES) is None
    assert with_lines_of(without, [_focus(0.98, band=False)], TAU_CHOICES) is not None
    assert with_lines_of(without, _results(0.98), TAU_CHOICES) is None  # one panel, two fits


@pytest.mark.parametrize("chart", ["multiples", "focus"])
def test_the_page_converts_charts_as_streamlit_does_without_the_schema_check(chart):
    """``chart_cache`` skips Altair's validation; the spec must be Streamlit's, to the byte."""
    validated = _plain(0.9) if chart == "multiples" else _focus_plain(0.9)

    def build():
        return (
            small_multiples(_results(0.9))
            if chart == "multiples"
            else boundary_chart(_focus(0.9), tau_in_title=False)
        )

    assert _spec(f"test {chart}", build) == validated
    finish = partial(same_spec_for_every_tau, taus=TAU_CHOICES)
    assert _spec(f"test {chart} finished", build, finish) == finish(validated)
