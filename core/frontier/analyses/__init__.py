"""Analyses beyond the boundary: saturation (ceiling, flattening, dominance) and the
contamination probe.

Modules: contamination, saturation.
"""

from core.lazy_modules import lazy_submodules

__all__ = [
    "contamination",
    "saturation",
]

__getattr__, __dir__ = lazy_submodules(__name__, __all__)
