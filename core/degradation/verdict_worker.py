"""A forked child that imports the statistics while ``compare`` reads the files.

``python -m core compare`` spends about 0.15 s of CPU importing ``scipy.special`` (Boost's
binomial tails, needed for every verdict) and about 0.3 s decoding the two sides' JSON. Both
hold the GIL, so a thread cannot overlap them; a child process can. :class:`VerdictWorker`
forks before the files are read; the child imports :mod:`core.degradation.compare` and the
report writers, then waits for the paired items. The parent reads and pairs both sides, hands
the pairing to the child through a pipe, and gets back the finished report and its verdict.

The child only ever answers with a finished report. Anything else (no ``os.fork``, a failed
fork, the child dying, an exception in the child, an unpicklable pairing) makes
:meth:`VerdictWorker.report` return ``None`` and the caller computes the report itself, with
the very same functions, so the output is the same either way (tests compare both paths byte
for byte). An error the user must see (an :class:`~core.errors.InputError` from the tests)
is therefore raised by the parent's own computation, with its usual message.

The child is forked only when a core is free (:func:`spare_core`): on the bundled lm-eval
pair the reading process then takes 0.50 s of CPU and the child 0.18 s, against 0.65 s in
one process, so the fork, copy-on-write and pickling (0.98 MB, 6 ms) cost about 0.03 s that
only a free core turns into a shorter wall time (docs/engineering-notes.md, h13cmp).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from typing import Any

#: Reply the child writes before its report, so that a truncated reply is never taken for one.
_MAGIC = b"EVW1"
#: Pairings larger than this are tested in the parent: their pickle grows with the items
#: (about 1 MB per 25,000), while the import the child saves stays about 0.15 s
#: (``benchmarks/compare_million.py`` is over it and unchanged).
MAX_ITEMS = 250_000


class VerdictWorker:
    """Fork a child that imports the statistics and waits for a pairing to test.

    Use as a context manager; :meth:`report` sends one request and waits for the answer.
    Leaving the block (normally or by an exception) closes the pipes and reaps the child.
    """

    def __init__(self) -> None:
        self.pid: int | None = None
        self._to_child: int | None = None
        self._from_child: int | None = None
        self._answered = False

    def __enter__(self) -> VerdictWorker:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> bool:
        """Fork the child; ``False`` when this platform or this moment cannot (the caller
        then computes the report itself).

        Only a process running no other thread forks: a thread that held a lock (an import
        lock, a logging lock) at the fork would leave it held forever in the child. The
        command line runs one thread here; a test or a notebook calling
        :func:`core.cli.main` may not, and then gets the report computed in process. And
        only when a core is free (:func:`spare_core`): on a busy machine the child would
        only take turns with the parent, and it costs about 0.04 s of CPU.
        """
        if not hasattr(os, "fork") or threading.active_count() != 1 or not spare_core():
            return False
        try:
            request_read, request_write = os.pipe()
            reply_read, reply_write = os.pipe()
        except OSError:
            return False
        try:
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
        except OSError:
            for fd in (request_read, request_write, reply_read, reply_write):
                os.close(fd)
            return False
        if pid == 0:  # the child: never returns
            os.close(request_write)
            os.close(reply_read)
            _serve(request_read, reply_write)
        os.close(request_read)
        os.close(reply_write)
        self.pid, self._to_child, self._from_child = pid, request_write, reply_read
        return True

    def report(self, request: tuple[Any, ...]) -> tuple[str, str] | None:
        """Send ``(paired, options, format, provenance)``; return ``(output, verdict)``, or
        ``None`` when the child could not answer (the caller computes the report itself;
        the child is stopped at once then, so that it holds no memory meanwhile)."""
        answer = self._ask(request)
        if answer is None:
            self.close()
        return answer

    def _ask(self, request: tuple[Any, ...]) -> tuple[str, str] | None:
        if self._to_child is None or self._from_child is None:
            return None
        if _n_items(request[0]) > MAX_ITEMS:
            return None
        try:
            payload = pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL)
            _write_all(self._to_child, payload)
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            return None
        finally:
            self._close_request()
        try:
            reply = _read_all(self._from_child)
        except OSError:
            return None
        if not reply.startswith(_MAGIC):
            return None
        try:
            output, verdict = pickle.loads(reply[len(_MAGIC) :])
        except Exception:  # noqa: BLE001 - any damage means: compute it here
            return None
        if not isinstance(output, str) or not isinstance(verdict, str):
            return None
        self._answered = True
        return output, verdict

    def close(self) -> None:
        """Close the pipes and reap the child.

        A child that answered has exited or is exiting. One that did not (the files could
        not be read, the user pressed Ctrl-C, its answer was unusable) may still be
        importing: it is killed rather than waited for, so that an error is reported at once.
        """
        self._close_request()
        if self._from_child is not None:
            with contextlib.suppress(OSError):
                os.close(self._from_child)
            self._from_child = None
        if self.pid is not None:
            if not self._answered:
                with contextlib.suppress(OSError):
                    os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(self.pid, 0)
            self.pid = None

    def _close_request(self) -> None:
        if self._to_child is not None:
            with contextlib.suppress(OSError):
                os.close(self._to_child)
            self._to_child = None


def spare_core(loadavg: str | None = None, cores: int | None = None) -> bool:
    """Whether a core is free for the child right now.

    Linux's ``/proc/loadavg`` counts the tasks running or ready to run at this moment (its
    fourth field, ``running/total``), this process included: a core is free when they are
    fewer than the cores this process may use. Where that cannot be read (not Linux), the
    answer is ``False``: the report is then computed in one process, which also keeps
    ``fork`` away from platforms whose system libraries are not safe to use in a forked
    child (macOS's Accelerate, used by numpy's BLAS there).

    Parameters
    ----------
    loadavg, cores : optional
        The text of ``/proc/loadavg`` and the number of usable cores (read when not given).
    """
    if cores is None:
        try:
            cores = len(os.sched_getaffinity(0))
        except (AttributeError, OSError):
            cores = os.cpu_count() or 1
    if cores < 2:
        return False
    try:
        if loadavg is None:
            with open("/proc/loadavg", encoding="ascii") as handle:
                loadavg = handle.read()
        running = int(loadavg.split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return False
    return running < cores


def _n_items(paired: Any) -> int:
    """Items of a pairing, without building its frame (the column length, else the frame's)."""
    columns = getattr(paired, "columns", None)
    items = columns.unit if columns is not None else paired.items
    return len(items)


def _serve(request_fd: int, reply_fd: int) -> None:
    """The child: import the statistics, answer one request, exit without cleanup."""
    status = 0
    try:
        from core.degradation.compare import compare_paired
        from core.degradation.present.report import to_json, to_markdown, to_text

        request = _read_all(request_fd)
        if request:
            paired, options, output_format, provenance = pickle.loads(request)
            result = compare_paired(paired, options)
            if output_format == "json":
                output = to_json(result, provenance=provenance) + "\n"
            else:
                output = {"text": to_text, "markdown": to_markdown}[output_format](result)
            reply = pickle.dumps((output, result.verdict), protocol=pickle.HIGHEST_PROTOCOL)
            _write_all(reply_fd, _MAGIC + reply)
    except BaseException:  # noqa: BLE001 - the parent computes the report itself
        status = 1
    finally:
        os._exit(status)  # no atexit handlers, no flushing of the parent's buffers


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)
