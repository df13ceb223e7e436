"""The all-benchmarks overview carries only what it draws; the chart in focus keeps hover.

The small multiples draw every model of every benchmark (6 x 3,604 on the bundled sample).
With model names, dates and FLOPs for hovering they sent 2.1 MB per rerun and were most of
the browser's work on the capability page; without, 0.66 MB (section h11 of the notes).
"""

from __future__ import annotations

import io
from dataclasses import replace

import numpy as np
import pytest

from core.frontier.boundary.sigmoid_fit import fit_frontier
from core.frontier.data.table import BoundaryTable
from core.frontier.present.charts import boundary_chart, small_multiples
from core.frontier.present.results import BenchmarkBoundary


def _result(name: str, seed: int) -> BenchmarkBoundary:
    rng = np.random.default_rng(seed)
    z = rng.uniform(21, 25, 200)
    y = np.clip(0.2 + 0.6 / (1 + np.exp(-(z - 23))) - rng.exponential(0.05, 200), 0, 1)
    table = BoundaryTable(
        source="t.csv",
        score_column=name,
        model=np.array([f"model {i}" for i in range(200)], dtype=object),
        log10_flops=z,
        score=y,
        date=np.array(["2024-01-01"] * 200, dtype="datetime64[ns]"),
        family=None,
        n_rows=200,
    )
    return BenchmarkBoundary(name, table, fit_frontier(z, y))


def _dots(layered: dict, datasets: dict) -> tuple[dict, list[dict]]:
    dots = next(layer for layer in layered["layer"] if layer["mark"]["type"] == "circle")
    return dots, datasets[dots["data"]["name"]]


def test_overview_dots_have_no_hover_and_only_their_columns():
    results = [_result("A", 0), _result("B", 1)]
    spec = small_multiples(results).to_dict()
    for panel, result in zip(spec["concat"], results):
        dots, rows = _dots(panel, spec["datasets"])
        assert "tooltip" not in dots["encoding"]
        assert set(rows[0]) == {"period", "log10_flops", "score"}
        assert len(rows) == result.table.n  # every model is still drawn
        np.testing.assert_allclose(sorted(r["score"] for r in rows), np.sort(result.table.score))


def test_the_chart_in_focus_keeps_hover_with_names():
    spec = boundary_chart(_result("A", 0)).to_dict()
    dots, rows = _dots(spec, spec["datasets"])
    fields = [t["field"] for t in dots["encoding"]["tooltip"]]
    assert fields[:2] == ["model", "date"] and "flops" in fields
    assert rows[0]["model"] == "model 0"


def _without_x_domain(spec):
    """``spec`` with the x scales' explicit domains removed (Vega then takes the data's)."""
    if isinstance(spec, dict):
        scale = spec.get("scale")
        if spec.get("field") == "log10_flops" and isinstance(scale, dict) and "domain" in scale:
            spec = {**spec, "scale": {k: v for k, v in scale.items() if k != "domain"}}
        return {k: _without_x_domain(v) for k, v in spec.items()}
    if isinstance(spec, list):
        return [_without_x_domain(v) for v in spec]
    return spec


def test_the_compute_axis_spans_the_models_whatever_the_fit():
    # Fixed by the table, not the fit: a boundary at another τ leaves the x scale (and so
    # the thousands of dots placed by it) as they are in the browser.
    base = _result("A", 0)
    z, y = base.table.log10_flops, base.table.score
    for tau in (0.5, 0.98):
        result = replace(base, fit=fit_frontier(z, y, tau=tau))
        for spec in (boundary_chart(result).to_dict(), small_multiples([result]).to_dict()):
            layers = spec["layer"] if "layer" in spec else spec["concat"][0]["layer"]
            dots = next(layer for layer in layers if layer["mark"]["type"] == "circle")
            assert dots["encoding"]["x"]["scale"]["domain"] == [z.min(), z.max()]


def test_the_explicit_compute_axis_draws_the_same_pixels_as_the_datas():
    vl_convert = pytest.importorskip("vl_convert")
    image = pytest.importorskip("PIL.Image")
    result = _result("A", 0)
    spec = boundary_chart(result).to_dict()
    plain = _without_x_domain(spec)
    assert plain != spec
    drawn, from_data = (
        np.asarray(image.open(io.BytesIO(vl_convert.vegalite_to_png(s, scale=1))))
        for s in (spec, plain)
    )
    assert drawn.shape == from_data.shape and (drawn == from_data).all()
