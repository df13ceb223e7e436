"""Progress of long computations on stderr, for the command line.

Core functions that run long take ``progress=callable(done, total)``; the page passes a
Streamlit progress bar, the command line passes :func:`stderr_progress`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable


def stderr_progress(label: str, stream=None) -> Callable[[int, int], None]:
    """A ``progress(done, total)`` callback that reports on stderr.

    On a terminal one line is rewritten in place (``label: 40/200``); otherwise (CI logs) a
    line is written at the first report and when the work ends, so logs stay short.

    Parameters
    ----------
    label : str
        What is running, e.g. ``"bootstrap BBH Raw"``.
    stream : file-like, optional
        Where to write; ``sys.stderr`` by default.
    """
    out = stream if stream is not None else sys.stderr
    live = bool(getattr(out, "isatty", lambda: False)())
    started = False

    def report(done: int, total: int) -> None:
        nonlocal started
        if live:
            out.write(f"\r{label}: {done:,}/{total:,}" + ("\n" if done >= total else ""))
        elif not started or done >= total:
            out.write(f"{label}: {done:,}/{total:,}{' done' if done >= total else ''}\n")
        started = True
        out.flush()

    return report
