"""The statistics of a paired comparison: exact binomial tails, McNemar, paired intervals,
the sign-flip test, power, and the combined tests across units (pooled, Max-Drop, Fisher,
calibrated min-p).
"""

from core.lazy_modules import lazy_package

__all__, __getattr__, __dir__ = lazy_package(__name__, __file__)
