"""Gather the files of one side (baseline or candidate) from disk or from uploads.

Every reader sees a list of :class:`InputFile` (a relative name and its bytes), whatever
the container: one file, several files, a folder, or a ``.zip`` of a folder. Zip archives
are unpacked in memory against one :class:`UnpackBudget` per side: declared sizes are
checked before anything is decompressed and members are read in chunks that stop at the
budget, so neither a zip bomb nor several large archives can exhaust memory. A zip inside
a zip is never unpacked; member paths cannot climb out (``..``, absolute paths); text
files in UTF-16 or UTF-32 with a byte-order mark are re-encoded as UTF-8.
"""

from __future__ import annotations

import io
import mmap
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from core.errors import InputError
from core.text_safety import one_line

#: Largest total size of the files of one side, after unpacking archives (bytes).
MAX_TOTAL_BYTES = 2 * 1024**3
#: Largest total that the archives of one side may decompress to; unpacked bytes are held
#: in memory, so this keeps a zip bomb (or a huge archive) from exhausting it (bytes).
MAX_UNPACKED_BYTES = 384 * 1024**2
#: Byte-order marks of wide text encodings (UTF-32 first: its LE mark starts like UTF-16's).
_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
#: Archive members are decompressed this many bytes at a time.
_CHUNK_BYTES = 1024**2
#: Files and folders that are never result files (OS and tool clutter).
_IGNORED_PARTS = {"__MACOSX", ".DS_Store", ".git", "__pycache__", ".ipynb_checkpoints"}


@dataclass(frozen=True)
class InputFile:
    """One file of a run: its path relative to what the user gave, and its bytes."""

    name: str
    data: bytes
    #: True for a member unpacked from an archive: a zip inside it is never unpacked in
    #: turn (nested archives would each get a fresh size budget).
    from_archive: bool = False

    @property
    def suffix(self) -> str:
        """The lower-case file extension, with the dot (``".jsonl"``)."""
        return PurePosixPath(self.name).suffix.lower()

    @property
    def stem(self) -> str:
        """The file name without folders and extension."""
        return PurePosixPath(self.name).stem


def _is_ignored(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return any(part in _IGNORED_PARTS or part.startswith("._") for part in parts)


def _is_inspect_eval(file: InputFile) -> bool:
    """Inspect ``.eval`` logs are zips too, but are read whole, never unpacked here."""
    if file.suffix == ".eval":
        return True
    try:
        with zipfile.ZipFile(archive_stream(file.data)) as archive:
            return "header.json" in archive.namelist() or any(
                n.startswith("samples/") for n in archive.namelist()
            )
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return False


def archive_stream(data: bytes) -> io.BufferedIOBase:
    """A seekable stream over an archive's bytes without copying them.

    ``io.BytesIO`` shares a ``bytes`` object's buffer but copies an ``mmap``; a map is
    read through a ``memoryview``-backed reader instead.
    """
    if isinstance(data, mmap.mmap):
        return io.BufferedReader(_MapReader(data))  # type: ignore[arg-type]
    return io.BytesIO(data)


def open_zip(file: InputFile, what: str, advice: str) -> zipfile.ZipFile:
    """The file as a zip archive; an InputError ``"<file>: not a readable <what> (...)"``
    followed by ``advice`` when it is not one."""
    try:
        return zipfile.ZipFile(archive_stream(file.data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as error:
        raise InputError(
            f"{file.name}: not a readable {what} ({one_line(error)}). {advice}"
        ) from None


class _MapReader(io.RawIOBase):
    """A read-only, seekable raw stream over a memory map (its own position)."""

    def __init__(self, data: mmap.mmap):
        self._view = memoryview(data)
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: len(self._view)}
        self._position = max(0, base[whence] + offset)
        return self._position

    def readinto(self, buffer) -> int:
        chunk = self._view[self._position : self._position + len(buffer)]
        buffer[: len(chunk)] = chunk
        self._position += len(chunk)
        return len(chunk)


def _megabytes(size: int) -> str:
    return f"{size / 1024**2:,.0f} MB"


class UnpackBudget:
    """How many decompressed bytes the archives of one side may still produce.

    One budget is shared by every zip (and Inspect ``.eval`` log) of one side, so that
    three archives cannot each unpack to just under the limit.

    Parameters
    ----------
    limit : int
        The largest total of decompressed bytes (default :data:`MAX_UNPACKED_BYTES`).
    """

    def __init__(self, limit: int = MAX_UNPACKED_BYTES):
        self.limit = limit
        self.used = 0

    @property
    def left(self) -> int:
        """Bytes that may still be decompressed."""
        return self.limit - self.used

    def refuse(self, archive_name: str, size: int | None = None) -> InputError:
        """The InputError for archives that unpack to more than the limit."""
        amount = f"{_megabytes(size)}" if size is not None else "more than that"
        return InputError(
            f"{archive_name}: the archive unpacks to {amount}, over the "
            f"{_megabytes(self.limit)} limit for all archives of one side (a zip bomb, or "
            "more than the results). Give only the result files you need, unzipped."
        )

    def check_declared(self, archive_name: str, members: Sequence[zipfile.ZipInfo]) -> None:
        """Refuse from the declared sizes, before anything is decompressed."""
        declared = sum(info.file_size for info in members)
        if declared > self.left:
            raise self.refuse(archive_name, self.used + declared)

    def read_member(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, archive_name: str):
        """Decompress one member in chunks, stopping as soon as the budget is spent.

        A member whose header understates its size is cut off at the limit, so the memory
        held never exceeds the budget by more than one chunk.
        """
        # Registers zstd (zip method 93: inspect-ai >= 0.3.206 logs, the bundled sample
        # zips) when a member is first unpacked, so that reading folders never imports it
        # (with ``inspect`` and ``platform``: about 5 ms of compare's start).
        import zipfile_zstd  # noqa: F401, PLC0415

        if info.file_size > self.left:
            raise self.refuse(archive_name, self.used + info.file_size)
        buffer = bytearray()
        try:
            with archive.open(info) as member:
                while chunk := member.read(_CHUNK_BYTES):
                    buffer += chunk
                    if len(buffer) > self.left:
                        raise self.refuse(archive_name)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError) as error:
            raise InputError(
                f"{archive_name}: cannot unpack {info.filename} ({one_line(error)}). "
                "Re-create the zip."
            ) from None
        except RuntimeError as error:  # encrypted members
            raise InputError(
                f"{archive_name}: cannot unpack {info.filename} ({one_line(error)}). "
                "Give a zip without a password."
            ) from None
        self.used += len(buffer)
        return bytes(buffer)


def _safe_member_name(name: str) -> str:
    """A member path without drive, ``..`` or leading ``/`` (zip path traversal)."""
    parts = [p for p in PurePosixPath(name.replace("\\", "/")).parts if p not in ("/", "..", ".")]
    return "/".join(p for p in parts if not p.endswith(":")) or "unnamed"


def _reserve_eval(file: InputFile, budget: UnpackBudget) -> None:
    """Count an Inspect ``.eval`` log's declared size against the side's budget.

    The log is unpacked by its reader (member by member, with a budget of its own); this
    makes the side's limit cover ``.eval`` logs and ``.zip`` files together.
    """
    try:
        with zipfile.ZipFile(archive_stream(file.data)) as archive:
            members = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return  # the reader says what is wrong with it
    budget.check_declared(file.name, members)
    budget.used += sum(info.file_size for info in members)


def unpack_zip(file: InputFile, max_total_bytes: int | UnpackBudget = MAX_UNPACKED_BYTES):
    """Unpack a ``.zip`` upload into its member files, refusing oversized archives.

    The declared sizes are checked before anything is decompressed, and the actual
    decompressed bytes are counted while reading, so a forged header cannot bypass the cap.
    Nested zips are not unpacked (they are reported as files not recognised).

    Parameters
    ----------
    file : InputFile
        The archive.
    max_total_bytes : int or UnpackBudget
        The limit, or the budget shared with the other archives of the same side.

    Raises
    ------
    InputError
        When the archive is corrupt or decompresses to more than the limit.
    """
    budget = (
        max_total_bytes
        if isinstance(max_total_bytes, UnpackBudget)
        else UnpackBudget(max_total_bytes)
    )
    archive = open_zip(file, "zip archive", "Re-create the zip.")
    with archive:
        members = [
            info
            for info in archive.infolist()
            if not info.is_dir() and not _is_ignored(info.filename)
        ]
        budget.check_declared(file.name, members)
        return [
            InputFile(
                f"{file.stem}/{_safe_member_name(info.filename)}",
                budget.read_member(archive, info, file.name),
                from_archive=True,
            )
            for info in members
        ]


def expand_files(
    files: Iterable[InputFile], max_total_bytes: int = MAX_TOTAL_BYTES
) -> list[InputFile]:
    """Unpack ``.zip`` containers (but not Inspect ``.eval`` logs) and drop OS clutter.

    Every archive of the side draws on one :class:`UnpackBudget` of at most
    ``min(max_total_bytes, MAX_UNPACKED_BYTES)`` decompressed bytes.

    Parameters
    ----------
    files : iterable of InputFile
        What the user gave for one side.
    max_total_bytes : int
        The largest total size of the files after unpacking.

    Returns
    -------
    list of InputFile
        The files to read, sorted by name.
    """
    budget = UnpackBudget(min(max_total_bytes, MAX_UNPACKED_BYTES))
    out: list[InputFile] = []
    for file in files:
        if _is_ignored(file.name):
            continue
        if bytes(file.data[:4]) != b"PK\x03\x04":
            out.append(as_utf8(file))
        elif _is_inspect_eval(file):
            _reserve_eval(file, budget)  # read later by its reader, counted here
            out.append(file)
        elif file.from_archive:
            out.append(file)  # a zip inside a zip is never unpacked
        else:
            out.extend(unpack_zip(file, budget))
    total = sum(len(f.data) for f in out)
    if total > max_total_bytes:
        raise InputError(
            f"the files total {_megabytes(total)}, more than the "
            f"{_megabytes(max_total_bytes)} limit. Give only the result files you need."
        )
    return sorted(out, key=lambda f: f.name)


def as_utf8(file: InputFile) -> InputFile:
    """A UTF-16 or UTF-32 text file with a byte-order mark, re-encoded as UTF-8.

    Spreadsheet programs on Windows save "Unicode text" this way; readers expect UTF-8.
    Files without such a mark are returned unchanged.
    """
    start = bytes(file.data[:4])
    encoding = next((enc for bom, enc in _WIDE_BOMS if start.startswith(bom)), None)
    if encoding is None:
        return file
    try:
        text = bytes(file.data).decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(
            f"{file.name}: starts like {encoding.upper()} text but byte {error.start:,} is not. "
            "Save the file as UTF-8."
        ) from None
    return InputFile(file.name, text.lstrip("\ufeff").encode("utf-8"), file.from_archive)


def files_from_path(path: str | Path, max_total_bytes: int = MAX_TOTAL_BYTES) -> list[InputFile]:
    """Read a file, a folder (recursively) or a zip from disk into :class:`InputFile` objects.

    Raises
    ------
    InputError
        When the path does not exist or holds no files.
    """
    root = Path(path)
    if not root.exists():
        raise InputError(f"{root}: no such file or folder. Check the path.")
    if not root.is_file() and not root.is_dir():
        raise InputError(
            f"{root}: a device or a pipe, not a result file or folder. Point at the result files."
        )
    if root.is_file():
        return expand_files([InputFile(root.name, _read_bytes(root))], max_total_bytes)
    paths = sorted(p for p in root.rglob("*") if p.is_file())
    total = sum(p.stat().st_size for p in paths)
    if total > max_total_bytes:
        raise InputError(
            f"{root}: the folder holds {total / 1024**2:,.0f} MB, more than the "
            f"{max_total_bytes / 1024**2:,.0f} MB limit. Point at the result files you need."
        )
    files = [InputFile(p.relative_to(root).as_posix(), _read_bytes(p)) for p in paths]
    files = expand_files(files, max_total_bytes)
    if not files:
        raise InputError(f"{root}: the folder is empty. Point at a folder that holds result files.")
    return files


#: Files at least this large are memory-mapped instead of read (bytes-like, read-only).
MMAP_MIN_BYTES = 4 * 1024**2


def _read_bytes(path: Path) -> bytes:
    """The file's content: ``bytes``, or a read-only ``mmap`` (bytes-like) for large files.

    Mapping keeps large result files out of the Python heap; readers only slice, search
    and take ``memoryview`` s of ``InputFile.data``, which both types support.
    """
    size = path.stat().st_size
    if size < MMAP_MIN_BYTES:
        return path.read_bytes()
    with path.open("rb") as handle:
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)  # type: ignore[return-value]


def describe(files: Sequence[InputFile]) -> str:
    """A short name for a set of files, for messages: the single file or the top folder."""
    if not files:
        return "(no files)"
    if len(files) == 1:
        return files[0].name
    tops = {PurePosixPath(f.name).parts[0] for f in files}
    return next(iter(tops)) if len(tops) == 1 else f"{len(files)} files"
