"""Reading a table's bytes (core.frontier.data.table_read): separators, wide encodings,
Parquet, and one line for every file that is not a table."""

from __future__ import annotations

import gzip
import io

import pandas as pd
import pytest

from core.errors import InputError
from core.frontier.data.table_read import read_table_data


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("t.csv", b"model,score\na,0.5\nb,0.25\n"),
        ("t.csv", b"model;score\na;0.5\nb;0.25\n"),
        ("t.tsv", b"model\tscore\na\t0.5\nb\t0.25\n"),
        ("t.txt", b"\xef\xbb\xbfmodel,score\r\na,0.5\r\nb,0.25\r\n"),
        ("t.csv", "model,score\na,0.5\nb,0.25\n".encode("utf-16")),
    ],
)
def test_text_tables_in_the_shapes_people_save(name, data):
    frame = read_table_data(name, data)
    assert list(frame.columns) == ["model", "score"]
    assert frame["score"].tolist() == [0.5, 0.25]


def test_parquet_is_read():
    buffer = io.BytesIO()
    pd.DataFrame({"model": ["a"], "score": [0.5]}).to_parquet(buffer)
    assert read_table_data("t.parquet", buffer.getvalue())["score"].tolist() == [0.5]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "t.xlsx",
            b"PK\x03\x04",
            "t.xlsx: unknown table format '.xlsx'; give a .csv, .tsv or .parquet file",
        ),
        ("t.csv", b"", "t.csv: the file is empty. Export the table again"),
        ("t.csv", b" \n\r\n", "t.csv: the file is empty"),
        ("t.csv", gzip.compress(b"model,score\n", mtime=0), "t.csv: the file is gzip-compressed"),
        ("t.parquet", b"model,score\na,1\n", "t.parquet: not a readable Parquet file ("),
        ("t.parquet", b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "t.parquet: this is a PNG image"),
        (
            "t.csv",
            b"model,score\na,0.5\nb\xe9,0.2\n",
            "t.csv: line 3 is not UTF-8 text (bad byte at position 19)",
        ),
        ("t.csv", b'model,score\n"a,0.5\n', "t.csv: not a readable CSV table ("),
        ("dir/sub/t.csv", b"", "dir/sub/t.csv: the file is empty"),
    ],
)
def test_files_that_are_not_tables_get_one_line(name, data, message):
    with pytest.raises(InputError) as error:
        read_table_data(name, data)
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)
