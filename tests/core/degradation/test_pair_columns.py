"""Column-based pairing (no pandas) gives exactly what the frame-based pairing gives.

Every case pairs the same runs twice: once as :class:`ScoreColumns` (the lm-eval reader's
shape, :mod:`core.degradation.data.pair_columns`) and once as frames built from those columns
(the path every other format takes), and compares reports, items, units, errors and the
comparison.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from core.degradation.compare import compare_paired
from core.degradation.comparison import CompareOptions
from core.degradation.data.pair_columns import PairedColumns, pair_columns
from core.degradation.data.pairing import pair_runs
from core.errors import InputError
from core.readers import files_from_path, read_run
from core.samples import SampleScores, TaskInfo
from core.score_columns import ScoreColumns

REAL = Path(__file__).resolve().parents[2] / "fixtures" / "formats" / "real"


def _columns(rows, item_hash=None, prompt_hash=None) -> ScoreColumns:
    """Columns of ``(task, group, item_id, score)`` rows."""
    tasks = tuple(dict.fromkeys(r[0] for r in rows))
    groups = tuple(dict.fromkeys(r[1] for r in rows))
    return ScoreColumns(
        task_names=tasks,
        task=np.array([tasks.index(r[0]) for r in rows], dtype=np.int64),
        group_names=groups,
        group=np.array([groups.index(r[1]) for r in rows], dtype=np.int64),
        item_id=[r[2] for r in rows],
        run=np.zeros(len(rows), dtype=np.int64),
        score=np.array([r[3] for r in rows], dtype=np.float64),
        item_hash=item_hash,
        prompt_hash=prompt_hash,
    )


def _run(columns: ScoreColumns, name: str, model: str | None = None, **extra) -> SampleScores:
    tasks = {t: TaskInfo(metric="acc", filter="none") for t in columns.task_names}
    return SampleScores(columns, name, "lm-eval", model=model, tasks=tasks, **extra)


def _as_frame(run: SampleScores) -> SampleScores:
    """The same run holding a frame: pairing takes the frame-based path."""
    frame_run = run.replaced(scores=run.columns.to_frame())
    assert frame_run.columns is None
    return frame_run


def _both(base: SampleScores, cand: SampleScores, level: str = "group"):
    lean = pair_runs(base, cand, level=level)
    framed = pair_runs(_as_frame(base), _as_frame(cand), level=level)
    return lean, framed


def _assert_same(lean, framed) -> None:
    assert isinstance(lean.columns, PairedColumns) and framed.columns is None
    assert lean.report == framed.report
    assert (lean.units, lean.binary_units, lean.level) == (
        framed.units,
        framed.binary_units,
        framed.level,
    )
    pd.testing.assert_frame_equal(lean.items, framed.items)


def _random_pair(seed: int):
    rng = np.random.default_rng(seed)
    tasks = [("bbh_a", "bbh"), ("bbh_b", "bbh"), ("gsm8k", "gsm8k"), ("é_task", "é_task")]
    ids = ["0", "1", "2", "10", "11", "100", "9", "a", "b\x00", "b", "ü"]
    sides = []
    for _ in range(2):
        rows, hashes, prompts = [], [], []
        for task, group in tasks:
            for item in ids:
                if rng.random() < 0.8:
                    score = (
                        float(rng.random() < 0.5) if task != "gsm8k" or seed % 2 else rng.random()
                    )
                    rows.append((task, group, item, score))
                    hashes.append(rng.choice(["h1", "h2", None], p=[0.8, 0.1, 0.1]))
                    prompts.append(rng.choice(["p1", "p2", None], p=[0.8, 0.1, 0.1]))
        order = rng.permutation(len(rows))
        rows = [rows[i] for i in order]
        hashes = [hashes[i] for i in order] if seed % 3 else None
        prompts = [prompts[i] for i in order] if seed % 5 else None
        sides.append(_columns(rows, hashes, prompts))
    return sides


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("level", ["group", "task"])
def test_random_runs_pair_exactly_as_frames_do(seed: int, level: str) -> None:
    base_columns, cand_columns = _random_pair(seed)
    base = _run(base_columns, "base", warnings=("a reader note",))
    cand = _run(cand_columns, "cand")
    lean, framed = _both(base, cand, level)
    _assert_same(lean, framed)
    assert lean.report.only_baseline + lean.report.only_candidate > 0  # the cases are not trivial
    options = CompareOptions(n_resamples=200, calibration_draws=200)
    assert compare_paired(lean, options) == compare_paired(framed, options)


def test_hash_mismatches_and_prompt_differences_are_counted_alike() -> None:
    rows = [("t", "t", str(i), float(i % 2)) for i in range(6)]
    base = _run(_columns(rows, ["x"] * 6, ["p"] * 6), "base")
    cand = _run(
        _columns(rows, ["x", "y", None, "x", "x", "x"], ["p", "p", "p", "q", None, "q"]), "cand"
    )
    lean, framed = _both(base, cand)
    _assert_same(lean, framed)
    task = lean.report.tasks[0]
    assert (task.matched, task.hash_mismatches, task.prompt_mismatches) == (5, 1, 2)


def test_hashes_all_known_are_compared_alike() -> None:
    """Every hash a string (lm-eval 0.4.3+): compared in one pass, as the frames do."""
    rows = [("t", "t", str(i), float(i % 2)) for i in range(6)]
    base = _run(_columns(rows, list("xxxxxx"), list("pppppp")), "base")
    cand = _run(_columns(rows, list("xyxxzx"), list("ppqppp")), "cand")
    lean, framed = _both(base, cand)
    _assert_same(lean, framed)
    task = lean.report.tasks[0]
    assert (task.matched, task.hash_mismatches, task.prompt_mismatches) == (4, 2, 1)


def test_one_side_without_hashes_compares_no_hashes() -> None:
    rows = [("t", "t", str(i), 1.0) for i in range(4)]
    lean, framed = _both(_run(_columns(rows, ["a"] * 4), "b"), _run(_columns(rows), "c"))
    _assert_same(lean, framed)
    assert lean.report.hash_mismatches == 0


@pytest.mark.parametrize("model", ["same-model", None])
def test_same_run_warning_is_the_same(model: str | None) -> None:
    rows = [("t", "t", str(i), float(i % 2)) for i in range(5)]
    lean, framed = _both(
        _run(_columns(rows), "b", model, run_id="r1"), _run(_columns(rows), "c", model, run_id="r1")
    )
    _assert_same(lean, framed)
    assert any(w.startswith("both sides carry") for w in lean.report.warnings) == bool(model)


def test_same_files_warning_comes_from_the_digests() -> None:
    rows = [("t", "t", "1", 1.0), ("t", "t", "2", 0.0)]
    digests = {"file.jsonl": "abc"}
    lean, framed = _both(
        _run(_columns(rows), "b", file_digests=digests),
        _run(_columns([("t", "t", "1", 0.0), ("t", "t", "2", 0.0)]), "c", file_digests=digests),
    )
    _assert_same(lean, framed)
    assert lean.report.warnings[0].startswith("both sides are the same file(s)")


@pytest.mark.parametrize(
    "cand_rows",
    [
        [("u", "u", "1", 1.0)],  # no task in common
        [("t", "t", "9", 1.0)],  # shared task, no shared id
    ],
)
def test_no_overlap_refusal_is_the_same(cand_rows) -> None:
    base = _run(_columns([("t", "t", "1", 1.0)]), "b")
    cand = _run(_columns(cand_rows), "c")
    with pytest.raises(InputError) as lean:
        pair_runs(base, cand)
    with pytest.raises(InputError) as framed:
        pair_runs(_as_frame(base), _as_frame(cand))
    assert str(lean.value) == str(framed.value)


def test_every_hash_differing_is_refused_alike() -> None:
    rows = [("t", "t", "1", 1.0)]
    base, cand = _run(_columns(rows, ["a"]), "b"), _run(_columns(rows, ["z"]), "c")
    with pytest.raises(InputError, match="different content hashes") as lean:
        pair_runs(base, cand)
    with pytest.raises(InputError) as framed:
        pair_runs(_as_frame(base), _as_frame(cand))
    assert str(lean.value) == str(framed.value)


def test_repeated_keys_and_reruns_take_the_frame_path() -> None:
    repeated = _run(_columns([("t", "t", "1", 1.0), ("t", "t", "1", 1.0)]), "b")
    other = _run(_columns([("t", "t", "1", 0.0)]), "c")
    assert pair_columns(repeated, other, "group") is None
    paired = pair_runs(repeated, other)
    assert paired.columns is None and paired.report.duplicates == 1
    conflicting = _run(_columns([("t", "t", "1", 1.0), ("t", "t", "1", 0.0)]), "b.jsonl")
    with pytest.raises(InputError, match=r"b\.jsonl.*different scores"):
        pair_runs(conflicting, other)
    columns = _columns([("t", "t", "1", 1.0), ("t", "t", "1", 0.0)])
    reruns = _run(ScoreColumns(**{**columns.__dict__, "run": np.array([0, 1])}), "b")
    assert pair_columns(reruns, other, "group") is None
    assert pair_runs(reruns, other).items["baseline"].tolist() == [0.5]


def test_a_frame_on_either_side_takes_the_frame_path() -> None:
    rows = [("t", "t", "1", 1.0)]
    lean = _run(_columns(rows), "b")
    assert pair_columns(lean, _as_frame(lean), "group") is None
    assert pair_columns(_as_frame(lean), lean, "group") is None


@pytest.mark.parametrize(
    "pair",
    ["pyfade_gsm8k_pair", "pyfade_mmlu_pro_plus_pair"],
)
def test_real_lm_eval_runs_pair_as_frames_do(pair: str) -> None:
    base_dir, cand_dir = sorted((REAL / "lm-evaluation-harness" / pair).iterdir())
    base = read_run(files_from_path(str(base_dir)), side="baseline")
    cand = read_run(files_from_path(str(cand_dir)), side="candidate")
    assert base.columns is not None and cand.columns is not None
    for level in ("group", "task"):
        lean, framed = _both(base, cand, level)
        _assert_same(lean, framed)
        assert compare_paired(lean) == compare_paired(framed)
