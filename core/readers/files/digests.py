"""SHA-256 of a side's files, computed in a thread while the reader parses them.

The digests tell when both sides are the same files and go into the JSON record
(``files_read``). Hashing two 61 MB lm-eval folders took about a fifth of reading them; the
hash releases the GIL for large buffers (CPython's ``hashlib``), so a second core hashes
while the first decodes JSON (issue 13: compare at JSON speed).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Collection, Sequence

from core.readers.files.jsonl import RELEASE_STEP, release_range
from core.readers.files.sources import InputFile


class BackgroundDigests:
    """Start hashing ``files`` at once; :meth:`of` waits for the digests it is asked for.

    Parameters
    ----------
    files : sequence of InputFile
    """

    def __init__(self, files: Sequence[InputFile]) -> None:
        self._files = list(files)
        self._digests: list[str | None] = [None] * len(self._files)
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="sha256", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        for index, file in enumerate(self._files):
            if self._stopped:
                return
            try:
                self._digests[index] = _sha256(file)
            except (ValueError, TypeError, OSError):  # e.g. a closed map: hashed again in of()
                return

    def cancel(self) -> None:
        """Stop after the file being hashed (the side could not be read)."""
        self._stopped = True

    def of(self, names: Collection[str]) -> dict[str, str]:
        """``{file name: SHA-256 hex digest}`` of the files named in ``names``, in file order."""
        self._thread.join()
        out = {}
        for file, digest in zip(self._files, self._digests):
            if file.name in names:
                out[file.name] = digest or hashlib.sha256(file.data).hexdigest()
        return out


def _sha256(file: InputFile) -> str:
    """The file's SHA-256; a mapped file is hashed in steps whose pages are then released
    (the reader faults them in again from the page cache as it parses)."""
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
