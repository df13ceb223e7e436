"""The boundary over time: period schemes and boundaries, one fit per period, the temporal
backtest and its output.

Modules: backtest, period_boundaries, period_output, periods.
"""

from core.lazy_modules import lazy_submodules

__all__ = [
    "backtest",
    "period_boundaries",
    "period_output",
    "periods",
]

__getattr__, __dir__ = lazy_submodules(__name__, __all__)
