"""Every case of the hostile-input corpus ends as promised: status, one line, counts, no stray files.

The command line runs in this process (``core.cli.main``) with the working folder set to
a temporary folder; temporary files go to a folder inside it. The repository is listed before and after,
and the places a zip-traversal member would reach are checked, to prove that nothing is
written outside the case's folder.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from core.cli import main

from .corpus import READER_CASES, Case
from .corpus_options import OPTION_CASES

CASES = READER_CASES + OPTION_CASES

REPO = Path(__file__).resolve().parents[2]
_SKIP = {".git", "__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache"}


def _listing(root: Path, depth: int) -> set[str]:
    """Paths under ``root`` down to ``depth`` levels, without caches."""
    out: set[str] = set()
    if not root.is_dir():
        return out
    for dirpath, dirnames, filenames in os.walk(root):
        level = len(Path(dirpath).relative_to(root).parts)
        dirnames[:] = [d for d in dirnames if d not in _SKIP and level < depth]
        out.update(str(Path(dirpath, name)) for name in filenames + dirnames)
    return out


def _outside() -> set[str]:
    return _listing(REPO, 6)


def _escape_targets(folder: Path) -> list[Path]:
    """Where the zip-traversal cases would write if members were extracted by name."""
    return [parent / "escaped" for parent in folder.parents][:6] + [Path("/tmp/abs-evil")]


def test_the_corpus_has_at_least_forty_cases():
    assert len(CASES) >= 40
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_case(case: Case, tmp_path, monkeypatch, capsys):
    folder = tmp_path / "case"
    folder.mkdir()
    argv = [arg.replace("{out}", str(folder / "report.json")) for arg in case.build(folder)]
    capsys.readouterr()
    monkeypatch.chdir(folder)
    private_temp = folder / "tmp"
    private_temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(private_temp))
    monkeypatch.setattr(tempfile, "tempdir", str(private_temp))
    made = _listing(folder, 10)
    before = _outside()
    try:
        status = main(argv)
    except SystemExit as stop:  # argparse usage errors
        status = stop.code
    out, err = capsys.readouterr()
    assert status == case.status, (status, err)
    lines = err.splitlines()
    if case.stderr:
        assert len(lines) == 1, err
        for words in case.stderr:
            assert words.lower() in err.lower(), err
        assert "Traceback" not in err
    else:
        assert all(line.startswith(("note:", "warning:")) for line in lines), err
    for words in case.stdout:
        assert words in out, out
    for text in case.absent:
        assert text not in out and text not in err, (out, err)
    assert _outside() == before
    assert not any(path.exists() for path in _escape_targets(folder))
    written = _listing(folder, 10) - made
    assert written == {str(folder / name) for name in case.outputs}
