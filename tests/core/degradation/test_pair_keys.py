"""Pairing on integer codes gives what a plain string merge gives (issue 12, memory).

``pair_runs`` factorises item ids as fixed-width bytes (integers up to 8 bytes, a length
suffix when an id holds a NUL byte) or, for other string storage, with pandas. Each route
is checked against a reference written with pandas on the strings themselves.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core.degradation.data.pair_keys import _FIXED_WIDTH_LIMIT, _fixed_width, _item_codes
from core.degradation.data.pairing import pair_runs
from core.samples import SampleScores, TaskInfo, make_score_frame

ALPHABET = ["a", "b", "z", "é", "ß", "\x00", "1", "Z", "€"]


def _ids(rng: np.random.Generator, count: int, longest: int) -> list[str]:
    lengths = rng.integers(1, longest + 1, size=count)
    return ["".join(rng.choice(ALPHABET, size=n)) for n in lengths]


def _side(rng, ids, storage, runs=1) -> SampleScores:
    rows = len(ids) * runs
    frame = make_score_frame(
        task=[f"t{len(x) % 3}" for x in ids] * runs,  # a shared id is in the same task
        item_id=ids * runs,
        score=rng.integers(0, 2, size=rows).astype(float),
        run=np.repeat(np.arange(runs), len(ids)),
        group=[f"g{len(x) % 2}" for x in ids] * runs,
    )
    # the readers give one dtype per column; the fallback route sees Python strings
    frame = frame.astype({name: pd.StringDtype(storage) for name in ("task", "item_id", "group")})
    tasks = {t: TaskInfo(metric="acc") for t in frame["task"].unique()}
    return SampleScores(frame, f"{storage}.csv", "test", tasks=tasks)


def _reference(base: SampleScores, cand: SampleScores, level: str) -> pd.DataFrame:
    """Rerun means paired on (task, item_id) strings, sorted by unit, task, item id."""
    means = [
        side.scores.astype({"task": object, "item_id": object, "group": object})
        .groupby(["task", "item_id"], sort=False)
        .agg(score=("score", "mean"), group=("group", "first"))
        .reset_index()
        for side in (base, cand)
    ]
    merged = means[0].merge(means[1], on=["task", "item_id"], suffixes=("_b", "_c"))
    merged["unit"] = merged["group_b"] if level == "group" else merged["task"]
    rows = sorted(
        zip(merged["unit"], merged["task"], merged["item_id"], merged["score_b"], merged["score_c"])
    )
    return pd.DataFrame(rows, columns=["unit", "task", "item_id", "baseline", "candidate"])


@pytest.mark.parametrize("storage", ["pyarrow", "python"])
@pytest.mark.parametrize("longest", [3, 8, 12])
@pytest.mark.parametrize("runs", [1, 2])
@pytest.mark.parametrize("level", ["group", "task"])
def test_codes_pair_and_sort_as_the_strings_do(storage, longest, runs, level):
    rng = np.random.default_rng(longest * 10 + runs)
    ids = list(dict.fromkeys(_ids(rng, 400, longest)))
    base_ids = ids[: len(ids) * 3 // 4]
    cand_ids = ids[len(ids) // 4 :]
    base, cand = _side(rng, base_ids, storage, runs), _side(rng, cand_ids, storage, runs)
    paired = pair_runs(base, cand, level=level)
    expected = _reference(base, cand, level)
    got = paired.items.astype({"unit": object, "task": object, "item_id": object})
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    assert paired.report.matched == len(expected)
    assert paired.units == tuple(dict.fromkeys(expected["unit"]))
    pairs_b = set(zip(base.scores["task"], base.scores["item_id"]))
    only_b = len(pairs_b - set(zip(got["task"], got["item_id"])))
    assert paired.report.only_baseline == only_b


def test_fixed_width_values_keep_equality_and_order():
    """NUL bytes get a length suffix ("a" and "a\\x00" differ); short ids become integers."""
    import pyarrow as pa

    names = ["a", "a\x00", "ab", "", "\x00", "b", "a\x00\x00", "é", "zz"]
    array = pa.array(names, pa.large_string())
    (values,) = _fixed_width([array], limit=_FIXED_WIDTH_LIMIT)
    assert len(set(values.tolist())) == len(names)
    assert [names[i] for i in np.argsort(values, kind="stable")] == sorted(names)
    short = pa.array(["b", "a", "ab", "é"], pa.large_string())
    (numbers,) = _fixed_width([short], limit=_FIXED_WIDTH_LIMIT)
    assert numbers.dtype == np.uint64
    assert [short[i].as_py() for i in np.argsort(numbers)] == ["a", "ab", "b", "é"]
    assert _fixed_width([short], limit=4) is None  # too large: hashed as strings instead


def test_item_codes_are_shared_by_both_sides_and_sorted():
    first = pd.Series(["q10", "q2", "q10x"], dtype="string[pyarrow]")
    second = pd.Series(["q2", "q3", "q10"], dtype="string[pyarrow]")
    codes, count, rank = _item_codes(first, second)
    assert count == 4 and rank is None
    assert codes.tolist() == [0, 2, 1, 2, 3, 0]  # q10 < q10x < q2 < q3
