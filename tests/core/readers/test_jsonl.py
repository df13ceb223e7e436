"""JSON and JSON Lines helpers shared by the readers (core.readers.files.jsonl).

Hashes are pinned to ``hashlib.sha256``; byte signatures to the formats' published magic
numbers; messages must name the file and the line.
"""

from __future__ import annotations

import gzip
import hashlib
import math

import pytest

from core.errors import InputError
from core.readers.files.jsonl import (
    content_hash,
    describe_binary,
    diagnose,
    first_char,
    first_line_object,
    iter_lines,
    load_json,
    short_text,
    structure_errors,
)
from core.readers.files.sources import InputFile


def _file(data: bytes, name: str = "f.jsonl") -> InputFile:
    return InputFile(name, data)


def test_content_hash_is_a_truncated_sha256_with_separators():
    assert content_hash("abc") == hashlib.sha256(b"abc\x1f").hexdigest()[:32]
    assert content_hash("ab", "c") != content_hash("a", "bc")
    assert content_hash({"b": 1, "a": [2]}) == content_hash({"a": [2], "b": 1})
    assert content_hash({"a": 1}) == hashlib.sha256(b'{"a":1}\x1f').hexdigest()[:32]
    assert len(content_hash("x")) == 32


@pytest.mark.parametrize(
    ("value", "limit", "tail", "expected"),
    [
        (None, 5, False, ""),
        ("abc", 5, False, "abc"),
        ("abcdefgh", 5, False, "abcd…"),
        ("abcdefgh", 5, True, "…efgh"),
        ([["only"]], 10, False, "only"),  # single-element lists are unwrapped
        ({"k": 1}, 20, False, '{"k":1}'),
        (["a", "b"], 20, False, '["a","b"]'),
    ],
)
def test_short_text_bounds_and_unwraps(value, limit, tail, expected):
    text = short_text(value, limit, tail=tail)
    assert text == expected
    assert len(text) <= limit


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x89PNG\r\n\x1a\n....", "this is a PNG image"),
        (b"\xff\xd8\xff\xe0....", "this is a JPEG image"),
        (b"%PDF-1.7", "this is a PDF document"),
        (b"PAR1\x00\x00", "this is a Parquet file that no reader recognised"),
        (b"PK\x03\x04rest", "this is a zip archive that no reader recognised"),
        (
            gzip.compress(b"{}", mtime=0),
            "the file is gzip-compressed: unzip it first (gunzip FILE)",
        ),
        (b"BZh91AY", "the file is bzip2-compressed: unzip it first (bunzip2 FILE)"),
        (b"\xfd7zXZ\x00\x00", "the file is xz-compressed"),
        (b"\x28\xb5\x2f\xfd\x00", "the file is zstd-compressed"),
        (b'{"a": 1}\x00', "this is a binary file"),
    ],
)
def test_describe_binary_names_the_kind(data, words):
    assert describe_binary(_file(data)).startswith(words)


def test_text_is_not_binary_and_blank_files_are_empty():
    assert describe_binary(_file(b'{"a": 1}\n')) is None
    assert diagnose(_file(b'{"a": 1}\n')) is None
    for blank in (b"", b"  \n\r\n\t", b"\xef\xbb\xbf\n"):
        assert diagnose(_file(blank)) == "the file is empty. Give the file the tool wrote."


def test_first_char_skips_bom_and_blanks():
    assert first_char(_file(b"\xef\xbb\xbf \n [1]")) == b"["
    assert first_char(_file(b"   ")) == b""


def test_load_json_reads_nan_and_infinity_as_floats():
    value = load_json(_file(b'{"a": NaN, "b": Infinity, "c": -Infinity}', "r.json"))
    assert math.isnan(value["a"]) and value["b"] == math.inf and value["c"] == -math.inf


def test_load_json_with_bom():
    assert load_json(_file(b'\xef\xbb\xbf{"a": 1}', "r.json")) == {"a": 1}


def test_load_json_truncated_names_file_and_line():
    with pytest.raises(InputError) as error:
        load_json(_file(b'{\n "a": [1,\n 2', "results.json"))
    message = str(error.value)
    assert message.startswith("results.json: not valid JSON at line 3")
    assert message.endswith("give the complete file the tool wrote.")


def test_load_json_not_utf8_names_the_position():
    with pytest.raises(
        InputError, match=r"^r\.json: line 2 is not UTF-8 text \(bad byte at position 9\)"
    ):
        load_json(_file(b'{"a":\n "b\xff"}', "r.json"))


def test_load_json_refuses_binary_and_empty():
    with pytest.raises(InputError, match=r"^r\.json: this is a PNG image"):
        load_json(_file(b"\x89PNG\r\n\x1a\n", "r.json"))
    with pytest.raises(InputError, match=r"^r\.json: the file is empty"):
        load_json(_file(b"   \n", "r.json"))


def test_iter_lines_numbers_skip_blanks_and_read_nan():
    data = b'\xef\xbb\xbf{"a": 1}\n\n   \n{"a": NaN}\n[2]\n'
    got = list(iter_lines(_file(data)))
    assert [number for number, _ in got] == [1, 4, 5]
    assert got[0][1] == {"a": 1} and math.isnan(got[1][1]["a"]) and got[2][1] == [2]


def test_iter_lines_bad_middle_line_and_truncated_last_line():
    with pytest.raises(InputError) as middle:
        list(iter_lines(_file(b'{"a": 1}\n{"a": \n{"a": 2}\n')))
    assert str(middle.value).startswith("f.jsonl: line 2 is not valid JSON (")
    assert str(middle.value).endswith("Fix or remove that line, or give the file the tool wrote.")
    with pytest.raises(InputError) as last:
        list(iter_lines(_file(b'{"a": 1}\n{"a": 2')))
    assert "line 2" in str(last.value) and "looks truncated" in str(last.value)


def test_iter_lines_not_utf8_names_line_and_column():
    with pytest.raises(
        InputError, match=r"^f\.jsonl: line 2 is not UTF-8 text \(bad byte at column 8\)"
    ):
        list(iter_lines(_file(b'{"a": 1}\n{"a": "\xff"}\n')))


def test_first_line_object_only_for_objects():
    assert first_line_object(_file(b'\n {"spec": {}}\n{broken')) == {"spec": {}}
    assert first_line_object(_file(b"[1, 2]\n")) is None
    assert first_line_object(_file(b"{broken\n")) is None
    assert first_line_object(_file(b"\x89PNG\r\n\x1a\n")) is None


def test_structure_errors_name_the_file_and_keep_input_errors():
    with pytest.raises(InputError) as error, structure_errors("log.json", "an Inspect log"):
        {}["samples"]
    assert str(error.value).startswith(
        "log.json: does not have the structure of an Inspect log (KeyError: 'samples')."
    )
    with pytest.raises(InputError, match="^own message$"), structure_errors("x", "y"):
        raise InputError("own message")
    with pytest.raises(ZeroDivisionError), structure_errors("x", "y"):
        1 / 0  # noqa: B018 - not a structure problem: not hidden


@pytest.mark.parametrize("lead", [0, 10, 64 * 1024 - 3, 64 * 1024, 70_000])
@pytest.mark.parametrize("length", [0, 5, 64 * 1024 - 8, 64 * 1024 + 5, 200_000])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_first_line_is_the_line_of_the_4_mib_head(lead: int, length: int, bom: bytes) -> None:
    """Looking at 64 KiB first finds the line that the whole 4 MiB head gives."""
    from core.readers.files.jsonl import _first_line, head

    data = bom + b" \n\t" * (lead // 3) + b"x" * length + b"\n" + b"y" * 100 + b"\n"
    file = _file(data)
    text = head(file, 4 * 1024 * 1024).lstrip()
    end = text.find(b"\n")
    assert _first_line(file) == (text if end < 0 else text[:end])
    small = _file(data[:5000] if len(data) > 5000 else data)
    text = head(small, 4 * 1024 * 1024).lstrip()
    end = text.find(b"\n")
    assert _first_line(small) == (text if end < 0 else text[:end])
