"""Analyses beyond the boundary: saturation (ceiling, flattening, dominance) and the
contamination probe.
"""

from core.lazy_modules import lazy_package

__all__, __getattr__, __dir__ = lazy_package(__name__, __file__)
