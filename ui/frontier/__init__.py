"""The capability-boundary page's components: table loading and column mapping, fit options,
boundary, calculator, over-time and planning views, chart caching."""

from core.lazy_modules import lazy_package

__all__, __getattr__, __dir__ = lazy_package(__name__, __file__)
