"""The boundary over time: period schemes and boundaries, one fit per period, the temporal
backtest and its output.
"""

from core.lazy_modules import lazy_package

__all__, __getattr__, __dir__ = lazy_package(__name__, __file__)
