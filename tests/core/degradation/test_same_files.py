"""A run compared with itself is still found when the digests are hashed only on demand.

Files of different sizes cannot have the same SHA-256, so the checks hash only the files
whose size appears on both sides (``compare_digests``), and give the answers that comparing
every digest gives.
"""

from __future__ import annotations

import hashlib
import random
from types import SimpleNamespace

import pytest

from core.degradation.candidate_checks import same_candidates
from core.degradation.data.pairing_checks import compare_digests, same_run_warnings
from core.readers.files import digests as digests_module
from core.readers.files.digests import FileDigests
from core.readers.files.sources import InputFile


@pytest.fixture
def hashed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files hashed, in order."""
    names: list[str] = []
    original = digests_module._sha256
    monkeypatch.setattr(
        digests_module, "_sha256", lambda file: names.append(file.name) or original(file)
    )
    return names


def _run(*files: tuple[str, bytes], model: str = "m") -> SimpleNamespace:
    digests = FileDigests([InputFile(name, data) for name, data in files])
    return SimpleNamespace(model=model, run_id=None, file_digests=digests)


def test_different_sizes_need_no_hashing(hashed: list[str]) -> None:
    baseline = _run(("a.jsonl", b"x" * 10), ("b.jsonl", b"y" * 11), model="base")
    candidate = _run(("a.jsonl", b"x" * 12), model="cand")
    assert compare_digests(baseline.file_digests, candidate.file_digests) == (False, 0)
    assert same_run_warnings(baseline, candidate, same_scores=True) == []
    assert hashed == []


def test_a_shared_size_hashes_and_tells_different_content_apart(hashed: list[str]) -> None:
    baseline = _run(("a.jsonl", b"x" * 10), model="base")
    candidate = _run(("a.jsonl", b"y" * 10), model="cand")
    assert compare_digests(baseline.file_digests, candidate.file_digests) == (False, 0)
    assert same_run_warnings(baseline, candidate, same_scores=True) == []
    assert sorted(hashed) == ["a.jsonl", "a.jsonl"]


def test_only_files_of_a_shared_size_are_hashed(hashed: list[str]) -> None:
    baseline = _run(("a", b"x" * 10), ("b", b"y" * 11), ("c", b"z" * 12))
    candidate = _run(("a", b"x" * 10), ("d", b"w" * 13))
    assert compare_digests(baseline.file_digests, candidate.file_digests) == (False, 1)
    assert sorted(hashed) == ["a", "a"]
    # a subset of the other side's files is not "the same files"
    assert compare_digests(_run(("a", b"x")).file_digests, baseline.file_digests) == (False, 0)


def test_the_same_files_are_found() -> None:
    files = (("a.jsonl", b"x" * 10), ("b.jsonl", b"y" * 11))
    (warning,) = same_run_warnings(_run(*files), _run(*files), same_scores=True)
    assert warning.startswith("both sides are the same file(s) (identical SHA-256)")
    (partly,) = same_run_warnings(
        _run(*files), _run(files[0], ("c.jsonl", b"z" * 3)), same_scores=False
    )
    assert partly.startswith("both sides read 1 identical file(s) (same SHA-256)")


def test_plain_digest_mappings_are_compared_as_before() -> None:
    assert compare_digests({"a": "h1"}, {"b": "h2"}) == (False, 0)
    assert compare_digests({"a": "h1", "b": "h2"}, {"c": "h2"}) == (False, 1)
    assert compare_digests({}, {}) == (False, 0)
    files = FileDigests([InputFile("b", b"z")])
    assert compare_digests({"a": hashlib.sha256(b"z").hexdigest()}, files) == (True, 1)
    same = SimpleNamespace(model="m", run_id=None, file_digests={"a": "h1"})
    (warning,) = same_run_warnings(same, same, same_scores=False)
    assert "identical SHA-256" in warning


def test_two_candidates_of_the_same_files_are_found_and_others_not_hashed(
    hashed: list[str],
) -> None:
    files = (("a.jsonl", b"x" * 10),)
    runs = {
        "A": _run(*files, model="m1"),
        "B": _run(*files, model="m2"),
        "C": _run(("a.jsonl", b"x" * 99), model="m3"),
    }
    paired = {name: SimpleNamespace() for name in runs}  # never read: models differ
    assert same_candidates(runs, paired) == [
        "candidates A and B are the same file(s) (identical SHA-256): the same run was given twice."
    ]
    assert hashed == ["a.jsonl", "a.jsonl"]  # C shares no size with A or B


def test_sizes_first_gives_the_answers_of_comparing_every_digest() -> None:
    """Random sides drawn from a few contents (some of equal size, some identical)."""
    rng = random.Random(13)
    contents = [b"", b"a", b"b", b"ab", b"ba", b"abc", b"abcd"]
    for _ in range(2000):
        sides = [
            [(f"{side}{i}", rng.choice(contents)) for i in range(rng.randint(0, 4))]
            for side in "xy"
        ]
        lazy = [FileDigests([InputFile(name, data) for name, data in side]) for side in sides]
        plain = [{n: hashlib.sha256(d).hexdigest() for n, d in side} for side in sides]
        assert compare_digests(*lazy) == compare_digests(*plain), sides
        assert compare_digests(lazy[0], plain[1]) == compare_digests(*plain), sides
