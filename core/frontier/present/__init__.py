"""Presentation of frontier results: result records, plain sentences, Vega-Lite charts and the
standalone HTML report.

Modules: charts, html_report, planning_charts, results, sentences.
"""

from core.lazy_modules import lazy_submodules

__all__ = [
    "charts",
    "html_report",
    "planning_charts",
    "results",
    "sentences",
]

__getattr__, __dir__ = lazy_submodules(__name__, __all__)
