"""The statistics of a paired comparison: exact binomial tails, McNemar, paired intervals,
the sign-flip test, power, and the combined tests across units (pooled, Max-Drop, Fisher,
calibrated min-p).

Modules: aggregate, binomial_tail, calibrated_min_p, combined_rule, distributions, mcnemar, paired_interval, permutation, power.
"""

from core.lazy_modules import lazy_submodules

__all__ = [
    "aggregate",
    "binomial_tail",
    "calibrated_min_p",
    "combined_rule",
    "distributions",
    "mcnemar",
    "paired_interval",
    "permutation",
    "power",
]

__getattr__, __dir__ = lazy_submodules(__name__, __all__)
