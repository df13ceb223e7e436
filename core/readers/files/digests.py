"""SHA-256 of the files a run was read from, computed when first asked for.

The digests tell when both sides of a comparison are the same files, and go into the JSON
record (``files_read``). Two files can only be identical if they have the same size, so
:func:`core.degradation.data.pairing_checks.compare_digests` compares sizes first:
``compare`` on two different runs (the usual case) hashes only the files whose size both
sides have, and the JSON record hashes the rest. Hashing both 61 MB sides of
the bundled lm-eval pair cost about 0.08 s of CPU, and done in a thread beside the JSON
decoding it held up the decoding about as long, as both need the GIL between blocks and
the machine has two cores (docs/engineering-notes.md, h13cmp).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence

from core.readers.files.jsonl import RELEASE_STEP, release_range
from core.readers.files.sources import InputFile


class FileDigests(Mapping[str, str]):
    """``{file name: SHA-256 hex digest}`` of ``files``, each hashed on first access.

    Iterating, ``len`` and :meth:`sizes` hash nothing. A pickled copy is a plain ``dict``
    with every digest computed (the page's caches pickle what they keep).

    Parameters
    ----------
    files : sequence of InputFile
        In the order the mapping lists them.
    """

    def __init__(self, files: Sequence[InputFile]) -> None:
        self._files = {file.name: file for file in files}
        self._digests: dict[str, str] = {}

    def __getitem__(self, name: str) -> str:
        digest = self._digests.get(name)
        if digest is None:
            digest = self._digests[name] = _sha256(self._files[name])
        return digest

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)

    def __repr__(self) -> str:
        return f"FileDigests({list(self._files)!r})"

    def __reduce__(self) -> tuple[type, tuple[dict[str, str]]]:
        return dict, (dict(self),)

    def sizes(self) -> dict[str, int]:
        """``{file name: size in bytes}``, without hashing."""
        return {name: len(file.data) for name, file in self._files.items()}


def _sha256(file: InputFile) -> str:
    """The file's SHA-256; a mapped file is hashed in steps whose pages are then released
    (they stay readable: the kernel faults them in again from the page cache)."""
    data = file.data
    if len(data) <= RELEASE_STEP or isinstance(data, bytes):
        return hashlib.sha256(data).hexdigest()
    digest = hashlib.sha256()
    with memoryview(data) as view:
        for start in range(0, len(data), RELEASE_STEP):
            end = min(start + RELEASE_STEP, len(data))
            digest.update(view[start:end])
            release_range(file, start, end)
    return digest.hexdigest()
