"""Build large hostile inputs: zip archives byte by byte (cases Python's ``zipfile`` will not
write) and long CSVs of a given size or row count.

A zip bomb here is a deflate stream of zeros made from one repeated block, so a member
that expands to gigabytes is generated in about a second and never held in memory. The
sizes in the headers can be forged (a member that understates or overstates its size).
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

_BLOCK = 1024**2  # one MiB of zeros per repeated deflate block


def _deflated_zeros(size: int) -> tuple[list[bytes], int]:
    """Raw deflate blocks that expand to ``size`` zero bytes, and their CRC-32."""
    blocks, crc, left = [], 0, size
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = bytes(_BLOCK)
    repeated = b""
    first = True
    while left > 0:
        n = min(left, _BLOCK)
        if n == _BLOCK and not first and repeated:
            blocks.append(repeated)
        else:
            block = compressor.compress(zeros[:n]) + compressor.flush(zlib.Z_FULL_FLUSH)
            if n == _BLOCK and not first:
                repeated = block
            blocks.append(block)
        crc = zlib.crc32(zeros[:n], crc)
        left -= n
        first = False
    blocks.append(compressor.flush())
    return blocks, crc


def write_zip(
    path: Path, members: list[tuple[str, int]], *, declared: dict[str, int] | None = None
) -> Path:
    """Write a zip whose members are ``(name, size)`` runs of zero bytes.

    Parameters
    ----------
    path : Path
        Where to write the archive.
    members : list of (str, int)
        Member names and their real decompressed sizes (below 4 GiB).
    declared : dict of str to int, optional
        Forged sizes to write into the headers instead of the real ones.
    """
    declared = declared or {}
    central = []
    with path.open("wb") as out:
        for name, size in members:
            blocks, crc = _deflated_zeros(size)
            compressed = sum(len(b) for b in blocks)
            stated = declared.get(name, size)
            encoded = name.encode()
            offset = out.tell()
            out.write(
                struct.pack(
                    "<IHHHHHIIIHH",
                    0x04034B50,
                    20,
                    0,
                    8,
                    0,
                    0,
                    crc,
                    compressed,
                    stated,
                    len(encoded),
                    0,
                )
                + encoded
            )
            for block in blocks:
                out.write(block)
            central.append(
                struct.pack(
                    "<IHHHHHHIIIHHHHHII",
                    0x02014B50,
                    20,
                    20,
                    0,
                    8,
                    0,
                    0,
                    crc,
                    compressed,
                    stated,
                    len(encoded),
                    0,
                    0,
                    0,
                    0,
                    0,
                    offset,
                )
                + encoded
            )
        start = out.tell()
        directory = b"".join(central)
        out.write(directory)
        out.write(
            struct.pack(
                "<IHHHHIIH",
                0x06054B50,
                0,
                0,
                len(central),
                len(central),
                len(directory),
                start,
                0,
            )
        )
    return path


def write_long_csv(path: Path, *, size: int = 0, rows: int = 0, flip_every: int = 0) -> Path:
    """A long-layout CSV (task, prompt_id, score) of ``size`` bytes or ``rows`` rows.

    Scores alternate 0/1; with ``flip_every`` every that many-th row is inverted (a candidate
    that differs from the baseline on those items). Written in blocks, never held whole.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as out:
        out.write("task,prompt_id,score\n")
        i, lines = 0, []
        while (i < rows) if rows else (out.tell() < size):
            score = 1 - i % 2 if flip_every and i % flip_every == 0 else i % 2
            lines.append(f"task{i % 50},q{i},{score}\n")
            i += 1
            if len(lines) == 10_000:
                out.write("".join(lines))
                lines = []
        out.write("".join(lines))
    return path
