"""Renderings of a comparison: text, Markdown and JSON reports, tables, Vega-Lite charts, the
standalone HTML report, and the renderings of several candidates against one baseline.

Modules: charts, family_charts, family_report, html_report, report, tables.
"""

from core.lazy_modules import lazy_submodules

__all__ = [
    "charts",
    "family_charts",
    "family_report",
    "html_report",
    "report",
    "tables",
]

__getattr__, __dir__ = lazy_submodules(__name__, __all__)
