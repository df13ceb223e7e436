"""SHA-256 of a side's files, hashed when first asked for (and only then)."""

from __future__ import annotations

import hashlib
import mmap
import pickle
from pathlib import Path

import orjson
import pandas as pd
import pytest

from core.readers import files_from_path, read_run
from core.readers.files import digests as digests_module
from core.readers.files.digests import FileDigests
from core.readers.files.jsonl import RELEASE_STEP, release_pages, release_range
from core.readers.files.sources import InputFile


def test_digests_are_sha256_of_the_files_in_file_order(tmp_path) -> None:
    big = tmp_path / "big.jsonl"
    big.write_bytes(b'{"x": 1}\n' * 1_200_000)  # mapped, hashed in steps (10.8 MB)
    files = [InputFile("a.txt", b"alpha"), *files_from_path(str(big)), InputFile("c", b"")]
    assert isinstance(files[1].data, mmap.mmap)
    digests = FileDigests(files)
    assert list(digests) == ["a.txt", "big.jsonl", "c"] and len(digests) == 3
    for file in files:
        assert digests[file.name] == hashlib.sha256(file.data).hexdigest()
    assert dict(digests) == {f.name: hashlib.sha256(f.data).hexdigest() for f in files}
    with pytest.raises(KeyError):
        digests["missing"]


def test_each_file_is_hashed_once_and_only_when_asked(monkeypatch) -> None:
    hashed = []
    original = digests_module._sha256
    monkeypatch.setattr(
        digests_module, "_sha256", lambda file: hashed.append(file.name) or original(file)
    )
    files = [InputFile(f"f{i}", bytes([i]) * (1000 + i)) for i in range(3)]
    digests = FileDigests(files)
    assert list(digests) == ["f0", "f1", "f2"]
    assert digests.sizes() == {"f0": 1000, "f1": 1001, "f2": 1002}
    assert hashed == []  # names, length and sizes hash nothing
    assert digests["f1"] == digests["f1"] == hashlib.sha256(files[1].data).hexdigest()
    assert hashed == ["f1"]
    set(digests.values())
    assert hashed == ["f1", "f0", "f2"]


def test_a_pickled_copy_is_a_plain_dict_of_digests() -> None:
    files = [InputFile("a", b"alpha"), InputFile("b", b"beta")]
    copy = pickle.loads(pickle.dumps(FileDigests(files)))
    assert type(copy) is dict
    assert copy == {f.name: hashlib.sha256(f.data).hexdigest() for f in files}


def test_read_run_records_the_digests_of_the_files_read(real) -> None:
    folder = real / "lm-evaluation-harness" / "pyfade_gsm8k_pair" / "tuned_gemma3-12b-u1"
    run = read_run(files_from_path(str(folder)))
    (name,) = run.file_digests  # the samples file, not the results file
    assert name.startswith("samples_gsm8k")
    assert run.file_digests[name] == hashlib.sha256((folder / name).read_bytes()).hexdigest()


def test_a_large_samples_file_reads_the_same_after_its_pages_are_released(real, tmp_path) -> None:
    """Parsed and hashed pages of a mapped file are handed back to the kernel (issue 13,
    peak memory); the scores, digests and drill-down texts read the same as from bytes."""
    source = real / "lm-evaluation-harness" / "pyfade_gsm8k_pair" / "tuned_gemma3-12b-u1"
    (sample,) = source.glob("samples_*.jsonl")
    records = [orjson.loads(line) for line in sample.read_bytes().splitlines()]
    copies = 2 * RELEASE_STEP // len(sample.read_bytes()) + 1  # docs renumbered per copy
    out = [
        orjson.dumps({**record, "doc_id": copy * 100_000 + record["doc_id"]})
        for copy in range(copies)
        for record in records
    ]
    data = b"\n".join(out) + b"\n"
    (tmp_path / sample.name).write_bytes(data)
    mapped = read_run(files_from_path(str(tmp_path)))
    in_memory = read_run([InputFile(sample.name, data)])
    assert isinstance(files_from_path(str(tmp_path))[0].data, mmap.mmap)
    assert len(data) > RELEASE_STEP  # parsed and hashed in more than one step
    pd.testing.assert_frame_equal(mapped.scores, in_memory.scores)
    assert (
        mapped.file_digests
        == in_memory.file_digests
        == {sample.name: hashlib.sha256(data).hexdigest()}
    )
    keys = mapped.scores[["task", "item_id"]].iloc[[0, len(out) // 2, len(out) - 1]]
    pd.testing.assert_frame_equal(mapped.details.rows(keys), in_memory.details.rows(keys))
    assert mapped.details.rows(keys)["response"].str.len().gt(0).all()


def _resident_kib() -> int:
    return int(Path("/proc/self/status").read_text().split("VmRSS:")[1].split()[0])


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmRSS (Linux)")
def test_released_pages_leave_the_process_s_memory(tmp_path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_bytes(b'{"x": 1}\n' * 3_000_000)  # 27 MB
    (file,) = files_from_path(str(path))
    hashlib.sha256(file.data).hexdigest()  # every page resident
    before = _resident_kib()
    release_pages(file)
    assert before - _resident_kib() > 20 * 1024
    assert hashlib.sha256(file.data).digest() == hashlib.sha256(path.read_bytes()).digest()


def test_release_range_releases_whole_pages_inside_the_range(tmp_path) -> None:
    page = mmap.PAGESIZE
    path = tmp_path / "big.jsonl"
    path.write_bytes(b"x" * (5 * 1024**2))
    (file,) = files_from_path(str(path))
    assert release_range(file, 1, 3 * page + 5) == 3 * page
    assert release_range(file, 3 * page, 3 * page + 5) == 3 * page  # no whole page: nothing
    assert release_range(file, 4 * page, 10**12) == len(file.data)
    assert release_range(InputFile("small", b"x" * 10_000), 0, 10_000) == 0  # bytes: kept
