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

from core.readers.sources import InputFile


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
                self._digests[index] = hashlib.sha256(file.data).hexdigest()
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
