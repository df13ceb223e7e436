"""Input plumbing the format readers share: files, folders and archives as bytes within
memory and unpack budgets (``sources``), SHA-256 digests computed beside parsing
(``digests``), and JSON / JSON Lines decoding with one-line errors (``jsonl``).

Modules: digests, jsonl, sources.
"""

from core.lazy_modules import lazy_submodules

__all__ = [
    "digests",
    "jsonl",
    "sources",
]

__getattr__, __dir__ = lazy_submodules(__name__, __all__)
