"""SHA-256 of a side's files, hashed in a thread while the reader parses them."""

from __future__ import annotations

import hashlib
import mmap

from core.readers import files_from_path, read_run
from core.readers.digests import BackgroundDigests
from core.readers.sources import InputFile


def test_digests_are_sha256_of_the_named_files_in_file_order(tmp_path) -> None:
    big = tmp_path / "big.jsonl"
    big.write_bytes(b'{"x": 1}\n' * 600_000)  # mapped, not read (5.4 MB)
    files = [InputFile("a.txt", b"alpha"), *files_from_path(str(big)), InputFile("c", b"")]
    assert isinstance(files[1].data, mmap.mmap)
    digests = BackgroundDigests(files).of({"c", "big.jsonl"})
    assert list(digests) == ["big.jsonl", "c"]
    for file in files[1:]:
        assert digests[file.name] == hashlib.sha256(file.data).hexdigest()


def test_a_cancelled_or_failed_hash_is_computed_when_asked() -> None:
    files = [InputFile(f"f{i}", bytes([i]) * 100_000) for i in range(20)]
    background = BackgroundDigests(files)
    background.cancel()
    digests = background.of({"f0", "f19"})
    assert digests == {
        n: hashlib.sha256(f.data).hexdigest() for n, f in (("f0", files[0]), ("f19", files[19]))
    }


def test_read_run_records_the_digests_of_the_files_read(real) -> None:
    folder = real / "lm-evaluation-harness" / "pyfade_gsm8k_pair" / "tuned_gemma3-12b-u1"
    run = read_run(files_from_path(str(folder)))
    (name,) = run.file_digests  # the samples file, not the results file
    assert name.startswith("samples_gsm8k")
    assert run.file_digests[name] == hashlib.sha256((folder / name).read_bytes()).hexdigest()
