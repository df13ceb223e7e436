"""The per-side unpack budget: declared sizes first, then the bytes actually decompressed."""

from __future__ import annotations

import zipfile

import pytest

from core.errors import InputError
from core.readers import InputFile, read_run
from core.readers.files.sources import MAX_UNPACKED_BYTES, UnpackBudget, expand_files, unpack_zip

from .corpus import zip_bytes
from .zip_builder import write_zip

CSV = b"prompt_id,score\na,1\nb,0\n"


def test_the_budget_is_shared_by_every_zip_of_a_side():
    one = InputFile("a.zip", zip_bytes({"a.csv": b" " * 600}))
    two = InputFile("b.zip", zip_bytes({"b.csv": b" " * 600}))
    assert len(expand_files([one], max_total_bytes=1000)) == 1
    with pytest.raises(InputError, match=r"^b\.zip: the archive unpacks to 0 MB, over the 0 MB"):
        expand_files([one, two], max_total_bytes=1000)


def test_the_cap_is_at_most_the_unpacked_limit():
    budget = UnpackBudget()
    assert budget.limit == MAX_UNPACKED_BYTES <= 512 * 1024**2
    assert budget.left == MAX_UNPACKED_BYTES


def test_declared_size_is_refused_before_reading(tmp_path, monkeypatch):
    path = write_zip(tmp_path / "b.zip", [("t.csv", 10_000)])
    budget = UnpackBudget(5_000)
    monkeypatch.setattr(UnpackBudget, "read_member", lambda *a: pytest.fail("read before refusing"))
    with pytest.raises(InputError, match="limit"):
        unpack_zip(InputFile("b.zip", path.read_bytes()), budget)


def test_a_member_understating_its_size_stops_at_the_declared_size(tmp_path):
    path = write_zip(tmp_path / "liar.zip", [("t.csv", 50_000_000)], declared={"t.csv": 100})
    with pytest.raises(InputError, match="cannot unpack t.csv"):
        unpack_zip(InputFile("liar.zip", path.read_bytes()), UnpackBudget(10_000))


def test_streaming_stops_at_the_cap_when_the_declared_total_fits(tmp_path):
    """Several members each within the declared budget, but read one after another."""
    path = write_zip(tmp_path / "m.zip", [("a.csv", 6_000), ("b.csv", 6_000)])
    budget = UnpackBudget(10_000)
    archive = zipfile.ZipFile(path)
    first = budget.read_member(archive, archive.getinfo("a.csv"), "m.zip")
    assert len(first) == 6_000 and budget.used == 6_000
    with pytest.raises(InputError, match="limit"):
        budget.read_member(archive, archive.getinfo("b.csv"), "m.zip")


def test_member_paths_cannot_climb_out():
    files = unpack_zip(InputFile("evil.zip", zip_bytes({"../../x/t.csv": CSV, "/abs/u.csv": CSV})))
    assert sorted(f.name for f in files) == ["evil/abs/u.csv", "evil/x/t.csv"]


def test_a_zip_inside_a_zip_is_not_unpacked_again():
    inner = zip_bytes({"t.csv": CSV})
    with pytest.raises(InputError, match="zip inside a zip"):
        read_run([InputFile("outer.zip", zip_bytes({"inner.zip": inner}))])


def test_utf16_with_bom_is_read_as_text():
    result = read_run([InputFile("t.csv", CSV.decode().encode("utf-16"))])
    assert result.scores["score"].tolist() == [1.0, 0.0]


def test_eval_logs_and_zips_share_the_side_budget(tmp_path):
    log = write_zip(tmp_path / "a.eval", [("header.json", 700)])
    other = InputFile("b.zip", zip_bytes({"b.csv": b" " * 600}))
    files = [InputFile("a.eval", log.read_bytes()), other]
    with pytest.raises(InputError, match=r"^b\.zip: the archive unpacks to"):
        expand_files(files, max_total_bytes=1000)
    assert len(expand_files(files[:1], max_total_bytes=1000)) == 1
