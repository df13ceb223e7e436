"""The model table: reading CSV/Parquet, compute from FLOPs or 6·N·D, dates, the column
mapping and its guesses, saved fits, and the candidate pool of the evaluation-budget planner.
"""

from core.lazy_modules import lazy_package

__all__, __getattr__, __dir__ = lazy_package(__name__, __file__)
