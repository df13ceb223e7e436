"""Presentation of frontier results: result records, plain sentences, Vega-Lite charts and the
standalone HTML report.
"""

from core.lazy_modules import lazy_package

__all__, __getattr__, __dir__ = lazy_package(__name__, __file__)
