"""Helpers for the reader tests: where the copied real files and built fixtures live."""

from __future__ import annotations

from pathlib import Path

import pytest

FORMATS = Path(__file__).resolve().parents[2] / "fixtures" / "formats"


@pytest.fixture(scope="session")
def real() -> Path:
    """``tests/fixtures/formats/real``: byte-for-byte copies of real result files."""
    return FORMATS / "real"


@pytest.fixture(scope="session")
def built() -> Path:
    """``tests/fixtures/formats/built``: fixtures built from documented schemas."""
    return FORMATS / "built"


def by_item(result, task=None):
    """``{item_id: score}`` of a SampleScores (one run, one task)."""
    frame = result.scores if task is None else result.scores[result.scores["task"] == task]
    return dict(zip(frame["item_id"], frame["score"]))
