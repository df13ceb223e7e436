"""Where a side's files come from (core.readers.files.sources): paths, folders, zips, clutter,
wide encodings, memory maps, names for messages.

Complements tests/hostile/test_unpack_budget.py (the shared unpack budget).
"""

from __future__ import annotations

import io
import mmap
import zipfile

import pytest

from core.errors import InputError
from core.readers.files import sources
from core.readers.files.sources import (
    InputFile,
    _safe_member_name,
    archive_stream,
    as_utf8,
    describe,
    expand_files,
    files_from_path,
    unpack_zip,
)


def _zip(members: dict[str, bytes], name: str = "run.zip") -> InputFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return InputFile(name, buffer.getvalue())


def test_input_file_suffix_and_stem():
    file = InputFile("a/b/Results.JSONL", b"")
    assert (file.suffix, file.stem) == (".jsonl", "Results")


@pytest.mark.parametrize(
    ("member", "safe"),
    [
        ("../../etc/passwd", "etc/passwd"),
        ("/abs/x.json", "abs/x.json"),
        ("C:\\Users\\me\\x.json", "Users/me/x.json"),
        ("a/./b/../c.json", "a/b/c.json"),
        ("..", "unnamed"),
    ],
)
def test_member_names_cannot_climb_out(member, safe):
    assert _safe_member_name(member) == safe


def test_unpack_skips_clutter_and_prefixes_the_archive_name():
    archive = _zip(
        {
            "run/results.json": b"{}",
            "__MACOSX/run/._results.json": b"junk",
            "run/._hidden.json": b"junk",
            "run/.DS_Store": b"junk",
            "run/.ipynb_checkpoints/x.json": b"junk",
        }
    )
    files = unpack_zip(archive)
    assert [f.name for f in files] == ["run/run/results.json"]
    assert files[0].from_archive and files[0].data == b"{}"


def test_corrupt_zip_is_one_line():
    with pytest.raises(InputError) as error:
        unpack_zip(InputFile("bad.zip", b"PK\x03\x04 not really"))
    assert str(error.value).startswith("bad.zip: not a readable zip archive (")
    assert str(error.value).endswith("Re-create the zip.")
    assert "\n" not in str(error.value)


def test_expand_sorts_drops_clutter_and_keeps_nested_zips_whole():
    inner = _zip({"x.jsonl": b"{}\n"}, "inner.zip")
    outer = _zip({"b.jsonl": b"{}\n", "inner.zip": inner.data, "a.jsonl": b"{}\n"}, "side.zip")
    files = expand_files([outer, InputFile(".DS_Store", b"x"), InputFile("z.json", b"{}")])
    assert [f.name for f in files] == [
        "side/a.jsonl",
        "side/b.jsonl",
        "side/inner.zip",
        "z.json",
    ]


def test_expand_refuses_a_total_over_the_limit_in_megabytes():
    big = InputFile("a.jsonl", b"x" * (3 * 1024**2))
    with pytest.raises(InputError) as error:
        expand_files([big], max_total_bytes=2 * 1024**2)
    assert str(error.value) == (
        "the files total 3 MB, more than the 2 MB limit. Give only the result files you need."
    )


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_wide_text_with_a_bom_becomes_utf8(encoding):
    text = "id,score\nÄ,1\n"
    bom = {"utf-16-le": "\ufeff", "utf-16-be": "\ufeff"}.get(encoding, "")
    file = InputFile("t.csv", (bom + text).encode(encoding))
    assert as_utf8(file).data == text.encode("utf-8")


def test_wide_text_with_a_bad_byte_names_it():
    data = "\ufeffid".encode("utf-16-le") + b"\x00\xd8"  # a lone high surrogate
    with pytest.raises(InputError, match=r"^t\.csv: starts like UTF-16 text but byte 6 is not\."):
        as_utf8(InputFile("t.csv", data))


def test_utf8_files_are_returned_unchanged():
    file = InputFile("t.csv", b"\xef\xbb\xbfid,score\n")
    assert as_utf8(file) is file


def test_missing_path_and_empty_folder(tmp_path):
    with pytest.raises(InputError, match="no such file or folder. Check the path."):
        files_from_path(tmp_path / "nope")
    (tmp_path / "__MACOSX").mkdir()
    (tmp_path / "__MACOSX" / "x").write_bytes(b"junk")
    with pytest.raises(InputError, match="the folder is empty"):
        files_from_path(tmp_path)


def test_folder_over_the_limit_is_refused_before_reading(tmp_path):
    (tmp_path / "a.jsonl").write_bytes(b"x" * (3 * 1024**2))
    with pytest.raises(InputError, match=r"the folder holds 3 MB, more than the 2 MB limit"):
        files_from_path(tmp_path, max_total_bytes=2 * 1024**2)


def test_folder_names_are_relative_posix_paths(tmp_path):
    (tmp_path / "m1").mkdir()
    (tmp_path / "m1" / "r.json").write_bytes(b"{}")
    (tmp_path / "top.json").write_bytes(b"{}")
    assert [f.name for f in files_from_path(tmp_path)] == ["m1/r.json", "top.json"]


def test_large_files_are_memory_mapped_and_zips_read_from_the_map(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "MMAP_MIN_BYTES", 16)
    path = tmp_path / "side.zip"
    path.write_bytes(_zip({"r.jsonl": b'{"a": 1}\n'}).data)
    data = sources._read_bytes(path)
    assert isinstance(data, mmap.mmap)
    stream = archive_stream(data)
    with zipfile.ZipFile(stream) as archive:
        assert archive.read("r.jsonl") == b'{"a": 1}\n'
    files = files_from_path(path)
    assert [(f.name, f.data) for f in files] == [("side/r.jsonl", b'{"a": 1}\n')]


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ([], "(no files)"),
        (["run/a.json"], "run/a.json"),
        (["run/a.json", "run/b.json"], "run"),
        (["a/x.json", "b/y.json", "c.json"], "3 files"),
    ],
)
def test_describe_names_the_single_file_the_top_folder_or_the_count(names, expected):
    assert describe([InputFile(n, b"") for n in names]) == expected
