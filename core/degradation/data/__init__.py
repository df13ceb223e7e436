"""Pairing a baseline run with a candidate run: item keys, the pairing report, data-quality
warnings and the provenance record of a comparison.
"""

from core.lazy_modules import lazy_package

__all__, __getattr__, __dir__ = lazy_package(__name__, __file__)
