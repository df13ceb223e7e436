"""The evaluation-budget plan: the design, the adaptive planner and the budget sweep."""

from core.lazy_modules import lazy_package

__all__, __getattr__, __dir__ = lazy_package(__name__, __file__)
