"""Score columns: the lm-eval reader's pandas-free table, and the frame built from it on demand."""

from __future__ import annotations

import dataclasses
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import orjson
import pandas as pd
import pytest

from core.errors import InputError
from core.readers import InputFile, files_from_path, read_run
from core.samples import SampleScores, check_scores, make_score_frame
from core.score_columns import ScoreColumns, check_score_columns

ROOT = Path(__file__).resolve().parents[3]


def _lm_eval_records(path: Path) -> list[dict]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]


def _frame_as_before(folder: Path, run: SampleScores) -> pd.DataFrame:
    """The frame the reader built before it gave columns: one ``make_score_frame`` per samples
    file (both hash columns), stacked, hash columns that no row fills dropped."""
    frames = []
    for task, info in run.tasks.items():
        (name,) = info.source_files
        records = [
            r
            for r in _lm_eval_records(folder / Path(name).name)
            if r.get("filter") in (info.filter, None)
        ]
        frames.append(
            make_score_frame(
                task,
                [str(r["doc_id"]) for r in records],
                [float(r[info.metric]) for r in records],
                group=run.scores.loc[run.scores["task"] == task, "group"].iloc[0],
                item_hash=[r.get("doc_hash") for r in records],
                prompt_hash=[r.get("prompt_hash") for r in records],
            )
        )
    frame = pd.concat(frames, ignore_index=True)
    return frame.drop(columns=[c for c in ("item_hash", "prompt_hash") if frame[c].isna().all()])


@pytest.mark.parametrize(
    "folder",
    [
        "lm-evaluation-harness/pyfade_mmlu_pro_plus_pair/base_gemma-3-12b-it",
        "lm-evaluation-harness/pyfade_gsm8k_pair/tuned_gemma3-12b-u1",
        "lm-evaluation-harness/every_eval_ever_math_perturbed_single",
    ],
)
def test_lm_eval_gives_columns_whose_frame_is_the_one_it_used_to_build(real, folder) -> None:
    run = read_run(files_from_path(str(real / folder)))
    columns = run.columns
    assert isinstance(columns, ScoreColumns) and run.n_rows == len(columns)
    pd.testing.assert_frame_equal(run.scores, _frame_as_before(real / folder, run))
    assert run.scores is run.scores  # built once


def test_hashes_that_are_not_strings_give_the_frame_pandas_makes(real) -> None:
    source = real / "lm-evaluation-harness/pyfade_gsm8k_pair/tuned_gemma3-12b-u1"
    files = files_from_path(str(source))
    edited = []
    for file in files:
        if Path(file.name).name.startswith("samples_"):
            records = _lm_eval_records(source / Path(file.name).name)
            for number, record in enumerate(records):
                record["doc_hash"] = number  # an integer, as a hand-edited file may hold
            data = b"\n".join(orjson.dumps(r) for r in records) + b"\n"
            file = InputFile(file.name, data)
        edited.append(file)
    run = read_run(edited)
    assert run.columns is None  # pandas converts the integers to strings, as it always did
    assert run.scores["item_hash"].tolist()[:3] == ["0", "1", "2"]
    assert run.scores["item_hash"].dtype == "string"


def _columns(scores: list[float]) -> ScoreColumns:
    n = len(scores)
    return ScoreColumns(
        task_names=("t0", "t1"),
        task=np.arange(n) % 2,
        group_names=("g",),
        group=np.zeros(n, dtype=np.int64),
        item_id=[f"id{i}" for i in range(n)],
        run=np.zeros(n, dtype=np.int64),
        score=np.array(scores, dtype=float),
        item_hash=[None] * n,
        prompt_hash=[f"p{i}" for i in range(n)],
    )


@pytest.mark.parametrize("scores", [[1.0, np.nan, np.inf, 0.0], [0.0, 1.0, 1.5, -2.0, 1.0]])
def test_bad_scores_are_refused_with_the_frame_check_s_message(scores) -> None:
    columns = _columns(scores)
    with pytest.raises(InputError) as lean:
        check_score_columns(columns, "run.jsonl")
    with pytest.raises(InputError) as framed:
        check_scores(columns.to_frame(), "run.jsonl")
    assert str(lean.value) == str(framed.value)
    with pytest.raises(InputError) as through:
        check_scores(columns, "run.jsonl")
    assert str(through.value) == str(lean.value)


def test_sample_scores_keeps_columns_until_the_frame_is_read() -> None:
    columns = _columns([1.0, 0.0, 1.0])
    run = SampleScores(columns, "run", "lm-eval")
    kept = run.replaced(details=None, warnings=("note",))
    assert kept.columns is columns and kept.warnings == ("note",)
    frame = run.scores
    assert list(frame.columns) == [
        "task",
        "group",
        "item_id",
        "run",
        "score",
        "item_hash",
        "prompt_hash",
    ]
    assert frame["task"].tolist() == ["t0", "t1", "t0"] and frame["item_hash"].isna().all()
    assert run.columns is columns  # reading the frame keeps the columns
    trimmed = columns.without_empty_hashes()
    assert trimmed.item_hash is None and trimmed.prompt_hash == columns.prompt_hash
    copied = dataclasses.replace(run, source="other")  # the library's replace: a frame
    assert copied.columns is None and copied.scores is frame
    restored = pickle.loads(pickle.dumps(run))
    assert restored.columns is not None
    pd.testing.assert_frame_equal(restored.scores, frame)
    framed = SampleScores(frame, "run", "csv-long")
    assert framed.columns is None and framed.n_rows == 3 and framed.scores is frame
    with pytest.raises(TypeError, match="scores"):
        SampleScores(source="run", source_format="lm-eval")  # still a required field


def test_stacking_renumbers_tasks_and_groups() -> None:
    first = _columns([1.0, 0.0])
    second = dataclasses.replace(
        _columns([0.0]), task_names=("t9",), group_names=("h",), prompt_hash=None
    )
    stacked = ScoreColumns.stack([first, second, first])
    frame = stacked.to_frame()
    assert frame["task"].tolist() == ["t0", "t1", "t9", "t0", "t1"]
    assert frame["group"].tolist() == ["g", "g", "h", "g", "g"]
    assert frame["prompt_hash"].tolist()[:3] == ["p0", "p1", pd.NA]
    expected = pd.concat([first.to_frame(), second.to_frame(), first.to_frame()], ignore_index=True)
    pd.testing.assert_frame_equal(frame, expected)


def test_reading_lm_eval_imports_no_pandas() -> None:
    folder = "tests/fixtures/formats/real/lm-evaluation-harness/pyfade_mmlu_pro_plus_pair"
    probe = (
        "import sys\n"
        "from core.readers import read_path\n"
        f"run = read_path({folder!r} + '/base_gemma-3-12b-it')\n"
        "assert run.columns is not None\n"
        "print(sorted(m for m in ('pandas', 'pyarrow', 'scipy') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
