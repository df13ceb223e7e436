"""Charts rendered offline to PNG and SVG (vl-convert), for downloads and standalone reports.

One home for both jobs' exports. vl-convert is imported on use: it is large and the pages
only need it when a download or report is built, never on the render path.

Conversions are remembered by the spec's full JSON text (data included), so the page's
reruns that leave a chart unchanged do not convert it again (about 0.2 s each). The spec is
not validated again here (the page validates it when it shows the chart; vl-convert
refuses an invalid one).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Protocol


class VegaLiteChart(Protocol):
    """Anything with a Vega-Lite spec as JSON text (every Altair chart)."""

    def to_json(self, *, validate: bool = ...) -> str: ...


def chart_png(chart: VegaLiteChart, scale: float = 2.0) -> bytes:
    """The chart as a PNG image, ``scale`` times its size in pixels."""
    return _png(chart.to_json(validate=False), scale)


def chart_svg(chart: VegaLiteChart) -> str:
    """The chart as SVG text (for the standalone HTML reports: crisp and self-contained)."""
    return _svg(chart.to_json(validate=False))


@lru_cache(maxsize=32)
def _png(spec: str, scale: float) -> bytes:
    import vl_convert as vlc

    return vlc.vegalite_to_png(spec, scale=scale)


@lru_cache(maxsize=32)
def _svg(spec: str) -> str:
    import vl_convert as vlc

    return vlc.vegalite_to_svg(spec)
