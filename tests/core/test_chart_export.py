"""Charts exported to PNG and SVG through the one helper (core/chart_export.py)."""

from __future__ import annotations

import struct
from pathlib import Path

import altair as alt
import pytest
import vl_convert

from core import chart_export
from core.chart_export import chart_png, chart_svg

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chart(y: float = 2.0, width: int = 120, height: int = 80) -> alt.Chart:
    return (
        alt.Chart(alt.Data(values=[{"x": 1, "y": y}]))
        .mark_point()
        .encode(x="x:Q", y="y:Q")
        .properties(width=width, height=height)
    )


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk (PNG spec: bytes 16-24, big-endian)."""
    assert png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


@pytest.fixture
def fresh_cache():
    chart_export._png.cache_clear()
    chart_export._svg.cache_clear()
    yield
    chart_export._png.cache_clear()
    chart_export._svg.cache_clear()


@pytest.fixture
def conversions(monkeypatch, fresh_cache):
    """Counts the calls that reach vl-convert."""
    calls = {"png": 0, "svg": 0}
    real_png, real_svg = vl_convert.vegalite_to_png, vl_convert.vegalite_to_svg

    def counting_png(spec, scale=1.0, **kwargs):
        calls["png"] += 1
        return real_png(spec, scale=scale, **kwargs)

    def counting_svg(spec, **kwargs):
        calls["svg"] += 1
        return real_svg(spec, **kwargs)

    monkeypatch.setattr(vl_convert, "vegalite_to_png", counting_png)
    monkeypatch.setattr(vl_convert, "vegalite_to_svg", counting_svg)
    return calls


def test_png_has_the_signature_and_its_size_follows_scale(fresh_cache):
    one = chart_png(_chart(), scale=1.0)
    two = chart_png(_chart(), scale=2.0)
    assert one[:8] == PNG_SIGNATURE and two[:8] == PNG_SIGNATURE
    width_1, height_1 = _png_size(one)
    width_2, height_2 = _png_size(two)
    # The chart's own size plus axes and padding, so more than width x height at scale 1.
    assert width_1 > 120 and height_1 > 80
    assert (width_2, height_2) == (2 * width_1, 2 * height_1)


def test_png_default_scale_is_two(fresh_cache):
    assert _png_size(chart_png(_chart())) == _png_size(chart_png(_chart(), scale=2.0))
    width_1, _ = _png_size(chart_png(_chart(), scale=1.0))
    assert _png_size(chart_png(_chart()))[0] == 2 * width_1


def test_svg_is_text_with_the_charts_size(fresh_cache):
    svg = chart_svg(_chart())
    assert isinstance(svg, str)
    assert svg.lstrip().startswith("<svg") and svg.rstrip().endswith("</svg>")
    # Same pixel size as the PNG at scale 1 (the SVG is not scaled).
    width_1, height_1 = _png_size(chart_png(_chart(), scale=1.0))
    assert f'width="{width_1}"' in svg and f'height="{height_1}"' in svg


def test_same_spec_is_converted_once(conversions):
    first = chart_png(_chart(), scale=1.0)
    again = chart_png(_chart(), scale=1.0)  # a new chart object, same spec text
    assert again == first
    assert conversions["png"] == 1
    svg = chart_svg(_chart())
    assert chart_svg(_chart()) == svg
    assert conversions["svg"] == 1


def test_chart_differing_only_in_data_converts_again(conversions):
    chart_png(_chart(y=2.0), scale=1.0)
    chart_png(_chart(y=3.0), scale=1.0)
    assert conversions["png"] == 2
    chart_svg(_chart(y=2.0))
    chart_svg(_chart(y=3.0))
    assert conversions["svg"] == 2


def test_another_scale_converts_again(conversions):
    chart_png(_chart(), scale=1.0)
    chart_png(_chart(), scale=2.0)
    assert conversions["png"] == 2


def test_charts_export_to_png_and_svg_from_one_helper():
    chart = alt.Chart(alt.Data(values=[{"x": 1, "y": 2}])).mark_point().encode(x="x:Q", y="y:Q")
    assert chart_png(chart, scale=1.0)[:8] == PNG_SIGNATURE
    assert chart_svg(chart).lstrip().startswith("<svg")
    root = Path(__file__).resolve().parents[2]
    writers = [
        str(path.relative_to(root))
        for path in (root / "core").rglob("*.py")
        if "vegalite_to_" in path.read_text(encoding="utf-8") and path.name != "chart_export.py"
    ]
    assert writers == []
