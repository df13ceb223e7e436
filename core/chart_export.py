"""Charts rendered offline to PNG and SVG (vl-convert), for downloads and standalone reports.

One home for both jobs' exports. vl-convert is imported on use: it is large and the pages
only need it when a download or report is built, never on the render path.
"""

from __future__ import annotations

from typing import Protocol


class VegaLiteChart(Protocol):
    """Anything with a Vega-Lite spec as JSON text (every Altair chart)."""

    def to_json(self) -> str: ...


def chart_png(chart: VegaLiteChart, scale: float = 2.0) -> bytes:
    """The chart as a PNG image, ``scale`` times its size in pixels."""
    import vl_convert as vlc

    return vlc.vegalite_to_png(chart.to_json(), scale=scale)


def chart_svg(chart: VegaLiteChart) -> str:
    """The chart as SVG text (for the standalone HTML reports: crisp and self-contained)."""
    import vl_convert as vlc

    return vlc.vegalite_to_svg(chart.to_json())
