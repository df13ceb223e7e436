"""One model per side: every format that can hold several models refuses to pick silently.

The layouts are built in ``tmp_path`` from real files (the pyFade lm-eval pairs are two
different models, the every_eval_ever Inspect arc logs too), arranged the way people keep
them: an lm-eval output root with one folder per model, a baseline folder into which the
candidate's newer run was copied, and several runs of one model.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from core.readers import AmbiguousChoiceError, InputFile, ReadOptions, read_path, read_run
from core.readers.runs import RunRef, choose

LM = Path(__file__).resolve().parents[2] / "fixtures" / "formats" / "real" / "lm-evaluation-harness"
MMLU = LM / "pyfade_mmlu_pro_plus_pair"
BASE_DIR, TUNED_DIR = MMLU / "base_gemma-3-12b-it", MMLU / "tuned_gemma3_12b_u2"
BASE_MODEL, TUNED_MODEL = "/workspace/gemma-3-12b-it-base", "/workspace/gemma3_12b_u2"
BASE_RUN, TUNED_RUN = "2025-10-14T15-11-56.507865", "2025-10-14T14-44-39.372006"
INSPECT = Path(__file__).resolve().parents[2] / "fixtures" / "formats" / "real" / "inspect_ai"


def _flat_copy(target: Path, *folders: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for folder in folders:
        for file in folder.iterdir():
            shutil.copy(file, target / file.name)
    return target


def test_output_root_with_two_model_folders_lists_models_runs_and_the_option(tmp_path):
    root = tmp_path / "results"
    shutil.copytree(BASE_DIR, root / BASE_DIR.name)
    shutil.copytree(TUNED_DIR, root / TUNED_DIR.name)
    with pytest.raises(AmbiguousChoiceError) as info:
        read_path(root, side="candidate")
    message = str(info.value)
    assert message.startswith(f"candidate {root}: the files hold runs of 2 models: ")
    for text in (BASE_MODEL, TUNED_MODEL, BASE_RUN, TUNED_RUN, "--candidate-run", "folder"):
        assert text in message
    assert "\n" not in message and "--baseline-run" not in message
    assert info.value.kind == "model" and info.value.choices == (BASE_MODEL, TUNED_MODEL)


@pytest.mark.parametrize(
    "selector",
    [TUNED_MODEL, TUNED_DIR.name, TUNED_RUN, TUNED_RUN[:19], f"{TUNED_MODEL}@{TUNED_RUN[:19]}"],
)
def test_a_model_is_chosen_by_name_folder_run_id_or_both(tmp_path, selector):
    root = tmp_path / "results"
    shutil.copytree(BASE_DIR, root / BASE_DIR.name)
    shutil.copytree(TUNED_DIR, root / TUNED_DIR.name)
    run = read_path(root, ReadOptions(run_id=selector))
    assert run.model == TUNED_MODEL
    assert run.models == (BASE_MODEL, TUNED_MODEL)  # the page can offer the other
    assert run.warnings[0] == (
        f"the files hold runs of 2 models; {TUNED_MODEL} is read as chosen and 1 run of "
        f"{BASE_MODEL} is not."
    )
    assert all(TUNED_DIR.name in name for name in run.file_digests)
    assert len(run.file_digests) == 3  # the three samples files read, with their SHA-256
    # the same answer as pointing at the model's folder
    alone = read_path(TUNED_DIR)
    assert run.scores.equals(alone.scores)


def test_folder_whose_newest_run_is_the_other_model_is_refused(tmp_path):
    """The reproduction: the candidate's newer run copied into the baseline's folder."""
    folder = _flat_copy(tmp_path / "baseline", TUNED_DIR, BASE_DIR)
    with pytest.raises(AmbiguousChoiceError, match="runs of 2 models"):
        read_path(folder, side="baseline")
    picked = read_path(folder, ReadOptions(model=TUNED_MODEL))
    assert picked.model == TUNED_MODEL and picked.run_id is None
    assert picked.scores.equals(read_path(TUNED_DIR).scores)


def test_model_named_exactly_that_is_not_there_is_refused(tmp_path):
    with pytest.raises(Exception, match="model 'nope' is not in these files"):
        read_path(TUNED_DIR, ReadOptions(model="nope"))


def _second_run(folder: Path, target: Path, new_date: str) -> Path:
    """A copy of a run under a newer date id: several runs of the same model."""
    shutil.copytree(folder, target)
    for file in list(target.iterdir()):
        shutil.copy(file, target / file.name.replace(TUNED_RUN, new_date))
    return target


def test_several_runs_of_one_model_newest_by_default_said_and_pickable(tmp_path):
    newer = "2025-10-15T09-00-00.000000"
    folder = _second_run(TUNED_DIR, tmp_path / "tuned", newer)
    run = read_path(folder)
    assert run.model == TUNED_MODEL and run.run_id == newer
    assert run.run_ids == (TUNED_RUN, newer)
    said = [w for w in run.warnings if "2 runs of" in w]
    assert len(said) == 1 and f"newest ({newer})" in said[0] and TUNED_RUN in said[0]
    older = read_path(folder, ReadOptions(run_id=TUNED_RUN))
    assert older.run_id == TUNED_RUN and not any("2 runs of" in w for w in older.warnings)
    with pytest.raises(Exception, match="matches 2 runs"):
        read_path(folder, ReadOptions(run_id="2025-10-1"))


def test_inspect_logs_of_two_models_are_refused_and_choosable():
    folder = INSPECT / "every_eval_ever_json_logs"
    files = [
        InputFile(name, (folder / name).read_bytes())
        for name in ("data_arc_qwen.json", "data_arc_sonnet.json")
    ]
    with pytest.raises(AmbiguousChoiceError) as info:
        read_run(files, side="baseline")
    assert "ollama/qwen2.5:0.5b" in str(info.value) and "anthropic/claude-sonnet-4-0" in str(
        info.value
    )
    run = read_run(files, ReadOptions(run_id="anthropic/claude-sonnet-4-0"))
    assert run.model == "anthropic/claude-sonnet-4-0" and len(run.scores) == 5
    assert "and 1 log of ollama/qwen2.5:0.5b is not" in run.warnings[0]
    assert list(run.file_digests) == ["data_arc_sonnet.json"]


def test_helm_runs_of_two_models_are_refused(tmp_path):
    helm = LM.parent / "helm" / "every_eval_ever_runs"
    run_dir = next(helm.glob("narrative_qa*"))
    first = shutil.copytree(run_dir, tmp_path / "runs" / "a")
    second = shutil.copytree(run_dir, tmp_path / "runs" / "b")
    spec = json.loads((second / "run_spec.json").read_text())
    spec["adapter_spec"]["model"] = "other/model"
    (second / "run_spec.json").write_text(json.dumps(spec))
    with pytest.raises(AmbiguousChoiceError, match="openai/gpt2; other/model"):
        read_path(tmp_path / "runs")
    assert read_path(tmp_path / "runs", ReadOptions(run_id="openai/gpt2")).model == "openai/gpt2"
    assert first.exists()


def test_lighteval_and_openai_evals_of_two_models_are_refused():
    built = LM.parents[1] / "built"
    for folder in ("lighteval_0.11", "openai_evals"):
        with pytest.raises(AmbiguousChoiceError, match="runs of 2 models"):
            read_path(built / folder)


def test_csv_model_column_with_two_models_reads_the_chosen_rows():
    rows = "task,id,score,model\nt,1,1,a\nt,2,0,a\nt,1,0,b\nt,2,0,b\nt,3,1,b\n"
    file = InputFile("long.csv", rows.encode())
    with pytest.raises(AmbiguousChoiceError, match="runs of 2 models: a; b"):
        read_run([file])
    run = read_run([file], ReadOptions(run_id="b"))
    assert run.model == "b" and list(run.scores["score"]) == [0.0, 0.0, 1.0]


def test_choose_keeps_unnamed_parts_and_a_single_model_untouched():
    parts = ["x", "y"]
    kept, selection = choose(parts, lambda p: RunRef("m" if p == "x" else None), "s", None)
    assert kept == parts and selection.model == "m" and selection.models == ()
    assert selection.warnings == () and selection.run_ids == ()


def test_lighteval_runs_of_one_model_newest_by_default(tmp_path):
    built = LM.parents[1] / "built" / "lighteval_0.11" / "baseline"
    (source,) = built.rglob("*.parquet")
    model_dir = tmp_path / "details" / "org" / "model-baseline"
    for date in ("2025-06-01T10-00-00.000000", "2025-07-01T10-00-00.000000"):
        (model_dir / date).mkdir(parents=True)
        shutil.copy(source, model_dir / date / f"details_arith_{date}.parquet")
    run = read_path(tmp_path)
    assert run.model == "org/model-baseline" and run.run_id == "2025-07-01T10-00-00.000000"
    assert any("2 runs of org/model-baseline; the newest" in w for w in run.warnings)
    older = read_path(tmp_path, ReadOptions(run_id="2025-06"))
    assert older.run_id == "2025-06-01T10-00-00.000000"
