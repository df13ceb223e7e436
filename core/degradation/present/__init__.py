"""Renderings of a comparison: text, Markdown and JSON reports, tables, Vega-Lite charts, the
standalone HTML report, and the renderings of several candidates against one baseline.
"""

from core.lazy_modules import lazy_package

__all__, __getattr__, __dir__ = lazy_package(__name__, __file__)
