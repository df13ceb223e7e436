"""Sort-based unique values give what ``np.unique`` gives."""

from __future__ import annotations

import numpy as np
import pytest

from core.degradation.data.sorted_unique import all_distinct, sorted_unique


@pytest.mark.parametrize("seed", range(5))
def test_sorted_unique_equals_np_unique(seed: int) -> None:
    rng = np.random.default_rng(seed)
    for values in (
        rng.integers(0, 50, 1_000),
        rng.integers(0, 2**62, 1_000).astype(np.uint64),
        rng.choice(np.array([b"a", b"b\x00", b"ab", b""], dtype="S3"), 200),
        np.zeros(0, dtype=np.int64),
        np.array([7]),
    ):
        np.testing.assert_array_equal(sorted_unique(values), np.unique(values))
        assert sorted_unique(values).dtype == values.dtype
        assert all_distinct(values) == (len(np.unique(values)) == len(values))


def test_all_distinct_sees_one_repeat_anywhere() -> None:
    values = np.arange(10_000, dtype=np.int64)[::-1].copy()
    assert all_distinct(values)
    values[5_000] = values[17]
    assert not all_distinct(values)
