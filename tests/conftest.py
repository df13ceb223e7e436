"""Shared test fixtures.

``shared_dir`` gives ``../shared`` (the team's reference data, beside the repository) and
skips the test with a reason when it is absent, as on a fresh clone without it. Files the
suite must always have are copied into ``tests/fixtures/`` with a provenance note.
"""

from __future__ import annotations

import os
from pathlib import Path

# As ``python -m core`` does: one BLAS thread (the suite's many small fits are faster and steadier
# without OpenBLAS's thread hand-offs, above all on a loaded 2-core machine).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
FIXTURES = REPO_ROOT / "tests" / "fixtures"
SHARED = REPO_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository root."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """``tests/fixtures``: small, openly licensed files copied into the repository."""
    return FIXTURES


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared``; skips the test when it does not exist (e.g. a clone without it)."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: this test reads the team's shared reference data")
    return SHARED
