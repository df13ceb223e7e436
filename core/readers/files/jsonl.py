"""Fast, careful JSON and JSON Lines decoding shared by the format readers.

Every function here either returns data or raises :class:`core.errors.InputError` with a
message that names the file (and the line, for JSON Lines) and says what to do. Lines are
decoded one at a time with :mod:`orjson` from a ``memoryview`` of the file's bytes, so a
large file is never copied or split into a list of lines.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import mmap
import re
from collections.abc import Iterator

import orjson

from core.errors import InputError
from core.readers.files.sources import InputFile

#: How many bytes detectors look at.
HEAD_BYTES = 256 * 1024
#: Longest text kept per field for the drill-down of flipped samples (characters).
DETAIL_CHARS = 300

_PNG = b"\x89PNG"


def head(file: InputFile, size: int = HEAD_BYTES) -> bytes:
    """The first ``size`` bytes of a file, without a UTF-8 byte-order mark."""
    data = bytes(file.data[:size])
    return data[3:] if data.startswith(b"\xef\xbb\xbf") else data


def first_char(file: InputFile) -> bytes:
    """The first non-blank byte of a file (``b"{"``, ``b"["``, ...), or ``b""``."""
    stripped = head(file, 4096).lstrip()
    return stripped[:1]


def looks_binary(file: InputFile) -> bool:
    """Whether the file starts like a binary format (image, archive, parquet, PDF)."""
    return describe_binary(file) is not None


#: What a file is, from its first bytes, for messages.
_KINDS = (
    (_PNG, "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PAR1", "a Parquet file that no reader recognised"),
    (b"PK\x03\x04", "a zip archive that no reader recognised (a zip inside a zip is not unpacked)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
)
#: Compressed single files: the user should decompress them first.
_COMPRESSED = (
    (b"\x1f\x8b", "gzip", "gunzip"),
    (b"BZh", "bzip2", "bunzip2"),
    (b"\xfd7zXZ\x00", "xz", "unxz"),
    (b"\x28\xb5\x2f\xfd", "zstd", "unzstd"),
)


def describe_binary(file: InputFile) -> str | None:
    """What a file that is not text is, as a sentence for a message; ``None`` for text.

    Examples: ``"this is a PNG image, not a result file. ..."``,
    ``"the file is gzip-compressed: unzip it first (gunzip FILE) ..."``.
    """
    start = bytes(file.data[:8])
    for magic, tool, command in _COMPRESSED:
        if start.startswith(magic):
            return (
                f"the file is {tool}-compressed: unzip it first ({command} FILE) and give the "
                "result file inside."
            )
    kind = next((kind for magic, kind in _KINDS if start.startswith(magic)), None)
    if kind is None and b"\x00" in bytes(file.data[:1024]):
        kind = "a binary file"
    if kind is None:
        return None
    return (
        f"this is {kind}, not a result file. Check that the right file was given (a renamed "
        "file keeps its old content)."
    )


def diagnose(file: InputFile) -> str | None:
    """Why a file no reader claimed cannot be one: empty, an image, compressed; else ``None``."""
    if not len(file.data) or (
        len(file.data) <= 4096 and not bytes(file.data).strip(b" \t\r\n\xef\xbb\xbf")
    ):
        return "the file is empty. Give the file the tool wrote."
    return describe_binary(file)


def _binary_error(file: InputFile) -> InputError:
    return InputError(f"{file.name}: {describe_binary(file) or 'this is a binary file.'}")


def check_utf8(file: InputFile, start: int, end: int) -> None:
    """Raise an InputError naming the line when ``data[start:end]`` is not UTF-8."""
    chunk = bytes(file.data[start:end])
    try:
        chunk.decode("utf-8")
    except UnicodeDecodeError as error:
        line = bytes(file.data[: start + error.start]).count(b"\n") + 1
        raise InputError(
            f"{file.name}: line {line} is not UTF-8 text (bad byte at position "
            f"{start + error.start}). Save the file as UTF-8, or give the file the tool wrote."
        ) from None


_NON_FINITE = (b"NaN", b"Infinity")


def _loads_non_finite(data: bytes | memoryview, error: orjson.JSONDecodeError) -> object:
    """Decode JSON that orjson refused because it holds ``NaN``/``Infinity`` literals.

    Python's ``json.dumps`` writes those for float nan and inf (lm-eval samples can hold
    them); they are read as floats so that the score checks count them. Anything else
    re-raises orjson's error.
    """
    raw = bytes(data)
    if not any(token in raw for token in _NON_FINITE):
        raise error
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        raise error from None


def load_json(file: InputFile) -> object:
    """Decode a whole JSON file.

    Raises
    ------
    InputError
        When the file is binary, not UTF-8, empty or not valid JSON.
    """
    if looks_binary(file):
        raise _binary_error(file)
    data = memoryview(file.data)  # bytes or a read-only mmap
    if bytes(data[:3]) == b"\xef\xbb\xbf":
        data = data[3:]
    try:
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError as error:
            return _loads_non_finite(data, error)
    except orjson.JSONDecodeError as error:
        if not bytes(file.data[:64]).strip():
            raise InputError(
                f"{file.name}: the file is empty. Give the file the tool wrote."
            ) from None
        if "utf-8" in str(error).lower() or "surrogate" in str(error).lower():
            check_utf8(file, 0, len(file.data))
        line = getattr(error, "lineno", None)
        where = f" at line {line}" if line else ""
        raise InputError(
            f"{file.name}: not valid JSON{where} ({error.msg}). The file may be truncated or "
            "edited; give the complete file the tool wrote."
        ) from None


def iter_lines(file: InputFile) -> Iterator[tuple[int, object]]:
    """Yield ``(line_number, decoded_object)`` for each non-blank line of a JSON Lines file.

    Raises
    ------
    InputError
        On a binary file, a line that is not UTF-8, or a line that is not valid JSON;
        the message gives the 1-based line number.
    """
    loads = orjson.loads
    for number, line in enumerate(raw_lines(file), 1):
        if number == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        try:
            value = loads(line)
        except orjson.JSONDecodeError as error:
            value = decode_failed_line(file, number, line, error)
            if value is None:
                continue
        yield number, value


def raw_lines(file: InputFile) -> Iterator[bytes]:
    """The file's lines as bytes, split in C (``mmap.readline`` or a buffer-sharing BytesIO)."""
    if looks_binary(file):
        raise _binary_error(file)
    data = file.data
    if isinstance(data, mmap.mmap):
        data.seek(0)
        return iter(data.readline, b"")
    return io.BytesIO(data)


def release_pages(file: InputFile) -> None:
    """Let the kernel drop the resident pages of a memory-mapped file once it is parsed.

    The mapping stays valid (a later read, e.g. the drill-down, faults the pages in again
    from the page cache), but a side's files no longer all count in the process's memory
    at once (issue 13: ``compare`` peak RSS). Files read into ``bytes`` are left alone.
    """
    release_range(file, 0, len(file.data))


#: Bytes of a mapped file parsed or hashed between two :func:`release_range` calls.
RELEASE_STEP = 8 * 1024**2


def release_range(file: InputFile, start: int, end: int) -> int:
    """:func:`release_pages` for the whole pages in ``[start, end)``; returns where the
    released range ends (``start`` when nothing was released)."""
    data = file.data
    if not isinstance(data, mmap.mmap) or not hasattr(mmap, "MADV_DONTNEED"):
        return start
    first = -(-start // mmap.PAGESIZE) * mmap.PAGESIZE
    last = len(data) if end >= len(data) else end // mmap.PAGESIZE * mmap.PAGESIZE
    if last <= first:
        return start
    with contextlib.suppress(OSError, ValueError):
        data.madvise(mmap.MADV_DONTNEED, first, last - first)
    return last


def decode_failed_line(
    file: InputFile, number: int, line: bytes, error: orjson.JSONDecodeError
) -> object | None:
    """A line orjson refused: its value if it only holds ``NaN``/``Infinity``, ``None`` if blank.

    Raises
    ------
    InputError
        The line is not valid JSON (the message names the file and the line).
    """
    try:
        return _loads_non_finite(line, error)
    except orjson.JSONDecodeError:
        problem = line_error(file, number, line, error)
        if problem is None:
            return None
        raise problem from None


def line_error(file: InputFile, number: int, line: bytes, error: Exception) -> InputError | None:
    """The InputError for a JSON Lines line that failed to decode; ``None`` if it is blank."""
    if not line.strip():
        return None
    message = str(error).lower()
    if "utf-8" in message or "surrogate" in message:
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as bad:
            return InputError(
                f"{file.name}: line {number} is not UTF-8 text (bad byte at column "
                f"{bad.start + 1}). Save the file as UTF-8, or give the file the tool wrote."
            )
    truncated = not line.endswith(b"\n")
    hint = (
        " The file looks truncated (the last line is cut off); re-copy it or re-run."
        if truncated
        else " Fix or remove that line, or give the file the tool wrote."
    )
    msg = getattr(error, "msg", str(error))
    return InputError(f"{file.name}: line {number} is not valid JSON ({msg}).{hint}")


def first_line_object(file: InputFile) -> dict | None:
    """Decode only the first non-blank line, for detectors; ``None`` if it is not an object."""
    if looks_binary(file):
        return None
    line = _first_line(file)
    try:
        try:
            value = orjson.loads(line)
        except orjson.JSONDecodeError as error:
            value = _loads_non_finite(line, error)
    except orjson.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def _first_line(file: InputFile, limit: int = 4 * 1024 * 1024) -> bytes:
    """The first non-blank line of the file's first ``limit`` bytes (no byte-order mark).

    Looks at 64 KiB first and copies the larger head only when the line is longer: the
    same line as ``head(file, limit).lstrip()`` up to its first newline, without copying
    4 MiB of each large samples file for every detector that asks.
    """
    for size in (64 * 1024, limit):
        text = head(file, min(size, limit)).lstrip()
        end = text.find(b"\n")
        if end >= 0 or size >= limit or len(file.data) <= size:
            return text if end < 0 else text[:end]
    raise AssertionError("unreachable")  # pragma: no cover


def has_pattern(data: bytes, pattern: str) -> bool:
    """Whether a regular expression (over bytes) matches the text."""
    return re.search(pattern.encode(), data) is not None


def short_text(value: object, limit: int = DETAIL_CHARS, *, tail: bool = False) -> str:
    """A bounded string for the drill-down: the first (or last) ``limit`` characters."""
    if value is None:
        return ""
    if not isinstance(value, str):
        while isinstance(value, list | tuple) and len(value) == 1:
            value = value[0]
        value = value if isinstance(value, str) else orjson.dumps(value, default=str).decode()
    if len(value) <= limit:
        return value
    return "…" + value[-(limit - 1) :] if tail else value[: limit - 1] + "…"


def content_hash(*parts: object) -> str:
    """A short SHA-256 of some values (strings as they are, others as sorted JSON)."""
    digest = hashlib.sha256()
    for part in parts:
        if isinstance(part, str):
            digest.update(part.encode("utf-8", "surrogatepass"))
        else:
            digest.update(orjson.dumps(part, option=orjson.OPT_SORT_KEYS, default=str))
        digest.update(b"\x1f")
    return digest.hexdigest()[:32]


@contextlib.contextmanager
def structure_errors(name: str, what: str) -> Iterator[None]:
    """Turn a surprise in a file's structure into an InputError naming the file.

    Readers check the structure they rely on; this is the last guard for shapes nobody
    anticipated (a list where an object was expected, a missing key), so that a user never
    sees a traceback.
    """
    try:
        yield
    except InputError:
        raise
    except (KeyError, TypeError, AttributeError, IndexError, ValueError, OverflowError) as error:
        raise InputError(
            f"{name}: does not have the structure of {what} ({type(error).__name__}: "
            f"{str(error)[:120]}). Give the unedited file the tool wrote."
        ) from None
