"""The evaluation-budget plan: the design, the adaptive planner and the budget sweep.

Modules: budget_adaptive, budget_design, budget_sweep.
"""

from core.lazy_modules import lazy_submodules

__all__ = [
    "budget_adaptive",
    "budget_design",
    "budget_sweep",
]

__getattr__, __dir__ = lazy_submodules(__name__, __all__)
