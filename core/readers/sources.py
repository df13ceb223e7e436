"""Gather the files of one side (baseline or candidate) from disk or from uploads.

Every reader sees a list of :class:`InputFile` (a relative name and its bytes), whatever
the container: one file, several files, a folder, or a ``.zip`` of a folder. Zip archives
are unpacked in memory with a cap on the decompressed size, so a zip bomb cannot exhaust
memory.
"""

from __future__ import annotations

import io
import mmap
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from core.errors import InputError

#: Largest total size of the files of one side, after unpacking archives (bytes).
MAX_TOTAL_BYTES = 2 * 1024**3
#: Files and folders that are never result files (OS and tool clutter).
_IGNORED_PARTS = {"__MACOSX", ".DS_Store", ".git", "__pycache__", ".ipynb_checkpoints"}


@dataclass(frozen=True)
class InputFile:
    """One file of a run: its path relative to what the user gave, and its bytes."""

    name: str
    data: bytes

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
        with zipfile.ZipFile(io.BytesIO(file.data)) as archive:
            return "header.json" in archive.namelist() or any(
                n.startswith("samples/") for n in archive.namelist()
            )
    except zipfile.BadZipFile:
        return False


def unpack_zip(file: InputFile, max_total_bytes: int = MAX_TOTAL_BYTES) -> list[InputFile]:
    """Unpack a ``.zip`` upload into its member files, refusing oversized archives.

    The declared sizes are checked before anything is decompressed, and the actual
    decompressed bytes are counted while reading, so a forged header cannot bypass the cap.

    Raises
    ------
    InputError
        When the archive is corrupt or decompresses to more than ``max_total_bytes``.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(file.data))
    except zipfile.BadZipFile as error:
        raise InputError(
            f"{file.name}: not a readable zip archive ({error}). Re-create the zip."
        ) from None
    members = [
        info for info in archive.infolist() if not info.is_dir() and not _is_ignored(info.filename)
    ]
    declared = sum(info.file_size for info in members)
    cap_text = f"{max_total_bytes / 1024**2:,.0f} MB"
    if declared > max_total_bytes:
        raise InputError(
            f"{file.name}: the archive unpacks to {declared / 1024**2:,.0f} MB, more than the "
            f"{cap_text} limit. Upload only the result files you need."
        )
    out: list[InputFile] = []
    total = 0
    for info in members:
        try:
            with archive.open(info) as member:
                data = member.read(max_total_bytes - total + 1)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError) as error:
            raise InputError(f"{file.name}: cannot unpack {info.filename} ({error}).") from None
        total += len(data)
        if total > max_total_bytes:
            raise InputError(
                f"{file.name}: the archive unpacks to more than the {cap_text} limit. "
                "Upload only the result files you need."
            )
        out.append(InputFile(f"{file.stem}/{info.filename}", data))
    return out


def expand_files(
    files: Iterable[InputFile], max_total_bytes: int = MAX_TOTAL_BYTES
) -> list[InputFile]:
    """Unpack ``.zip`` containers (but not Inspect ``.eval`` logs) and drop OS clutter.

    Parameters
    ----------
    files : iterable of InputFile
        What the user gave for one side.

    Returns
    -------
    list of InputFile
        The files to read, sorted by name.
    """
    out: list[InputFile] = []
    for file in files:
        if _is_ignored(file.name):
            continue
        if file.data[:4] == b"PK\x03\x04" and not _is_inspect_eval(file):
            out.extend(unpack_zip(file, max_total_bytes))
        else:
            out.append(file)
    total = sum(len(f.data) for f in out)
    if total > max_total_bytes:
        raise InputError(
            f"the files total {total / 1024**2:,.0f} MB, more than the "
            f"{max_total_bytes / 1024**2:,.0f} MB limit. Give only the result files you need."
        )
    return sorted(out, key=lambda f: f.name)


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
