"""Input plumbing the format readers share: files, folders and archives as bytes within
memory and unpack budgets (``sources``), SHA-256 digests computed beside parsing
(``digests``), and JSON / JSON Lines decoding with one-line errors (``jsonl``).
"""

from core.lazy_modules import lazy_package

__all__, __getattr__, __dir__ = lazy_package(__name__, __file__)
