"""Pairing a baseline run with a candidate run: item keys, the pairing report, data-quality
warnings and the provenance record of a comparison.

Modules: data_warnings, pair_columns, pair_keys, pairing, pairing_checks, pairing_report, provenance, sorted_unique.
"""

from core.lazy_modules import lazy_submodules

__all__ = [
    "data_warnings",
    "pair_columns",
    "pair_keys",
    "pairing",
    "pairing_checks",
    "pairing_report",
    "provenance",
    "sorted_unique",
]

__getattr__, __dir__ = lazy_submodules(__name__, __all__)
