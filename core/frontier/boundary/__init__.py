"""The boundary itself: smoothed pinball loss, the sigmoid fit, several τ without crossings,
baselines, the clustered bootstrap band, bins, λ by cross-validation, fit settings, the
questions a boundary answers and the position of new models against it.
"""

from core.lazy_modules import lazy_package

__all__, __getattr__, __dir__ = lazy_package(__name__, __file__)
