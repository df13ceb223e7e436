"""The model table: reading CSV/Parquet, compute from FLOPs or 6·N·D, dates, the column
mapping and its guesses, saved fits, and the candidate pool of the evaluation-budget planner.

Modules: budget_pool, column_guesses, compute, dates, fit_file, mapping, table, table_read.
"""

from core.lazy_modules import lazy_submodules

__all__ = [
    "budget_pool",
    "column_guesses",
    "compute",
    "dates",
    "fit_file",
    "mapping",
    "table",
    "table_read",
]

__getattr__, __dir__ = lazy_submodules(__name__, __all__)
