"""Turn the bytes of an uploaded or given model table into a DataFrame, or one clear line.

Shared by the command line (:func:`core.frontier.data.table.read_table`) and the page
(:func:`core.frontier.data.mapping.read_table_bytes`), so that both say the same thing about a
bad file: what it is (an image, gzip-compressed, empty), which byte is not UTF-8, which
line the CSV parser stumbled on — never a codec's or a parser's raw text.
"""

from __future__ import annotations

import io
from pathlib import PurePath

import pandas as pd

from core.errors import InputError
from core.readers.files.jsonl import describe_binary
from core.readers.files.sources import InputFile, as_utf8
from core.text_safety import one_line

#: File extensions read as text tables, and as Parquet.
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
PARQUET_SUFFIXES = (".parquet", ".pq")


def _separator(data: bytes, suffix: str) -> str:
    """Tab for ``.tsv``; else the most frequent of comma, tab and semicolon on line 1."""
    if suffix == ".tsv":
        return "\t"
    first = bytes(data[: 64 * 1024]).split(b"\n", 1)[0]
    counts = {sep: first.count(sep.encode()) for sep in (",", "\t", ";")}
    best = max(counts, key=lambda sep: (counts[sep], sep == ","))
    return best if counts[best] else ","


def _utf8_problem(name: str, data: bytes) -> InputError:
    try:
        bytes(data).decode("utf-8")
    except UnicodeDecodeError as error:
        line = bytes(data[: error.start]).count(b"\n") + 1
        return InputError(
            f"{name}: line {line:,} is not UTF-8 text (bad byte at position {error.start:,}). "
            "Save the table as UTF-8 CSV and try again"
        )
    return InputError(f"{name}: the text cannot be decoded. Save the table as UTF-8 CSV")


def read_table_data(name: str, data: bytes) -> pd.DataFrame:
    """Read a CSV, TSV or Parquet table from its bytes.

    Parameters
    ----------
    name : str
        The file name, shown in messages; its extension chooses the parser.
    data : bytes
        The file's content (``bytes`` or a read-only ``mmap``).

    Raises
    ------
    InputError
        One line naming the file and the problem: unknown format, empty, binary,
        compressed, not UTF-8, not a table.
    """
    shown = one_line(PurePath(name).name if "/" not in name else name, 200)
    suffix = PurePath(name).suffix.lower()
    if suffix not in TEXT_SUFFIXES + PARQUET_SUFFIXES:
        raise InputError(
            f"{shown}: unknown table format {one_line(suffix, 20)!r}; give a .csv, .tsv or "
            ".parquet file"
        )
    if not len(data) or (len(data) < 4096 and not bytes(data).strip(b" \t\r\n\xef\xbb\xbf")):
        raise InputError(f"{shown}: the file is empty. Export the table again")
    if suffix in PARQUET_SUFFIXES:
        try:
            return pd.read_parquet(io.BytesIO(data))
        except Exception as error:  # pyarrow raises many types; all mean "not Parquet"
            problem = (
                describe_binary(InputFile(shown, data)) if bytes(data[:4]) != b"PAR1" else None
            )
            raise InputError(
                f"{shown}: {problem or 'not a readable Parquet file (' + one_line(error, 120) + ')'}"
            ) from None
    data = as_utf8(InputFile(shown, data)).data
    problem = describe_binary(InputFile(shown, data))
    if problem:
        raise InputError(f"{shown}: {problem}")
    try:
        return pd.read_csv(io.BytesIO(data), sep=_separator(data, suffix), encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise _utf8_problem(shown, data) from None
    except pd.errors.EmptyDataError:
        raise InputError(f"{shown}: the file has no columns. Export the table again") from None
    except (pd.errors.ParserError, ValueError, OverflowError) as error:
        raise InputError(
            f"{shown}: not a readable CSV table ({one_line(error, 160)}). Check the file"
        ) from None
