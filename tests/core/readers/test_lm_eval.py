"""lm-eval reader against the real pyFade and every_eval_ever files (result-formats.md §2)."""

from __future__ import annotations

import pytest

from core.errors import InputError
from core.readers import ReadOptions, files_from_path, read_path, read_run
from core.readers.lm_eval import READER
from tests.core.readers.conftest import by_item

GSM = "lm-evaluation-harness/pyfade_gsm8k_pair"
MMLU = "lm-evaluation-harness/pyfade_mmlu_pro_plus_pair"


def test_gsm8k_pair_has_one_discordant_doc(real):
    base = read_path(real / GSM / "base_gemma3-12b-it-q4_K_M")
    tuned = read_path(real / GSM / "tuned_gemma3-12b-u1")
    assert by_item(base) == {"16": 1.0, "17": 0.0, "18": 1.0}
    assert by_item(tuned) == {"16": 1.0, "17": 0.0, "18": 0.0}
    assert (base.model, tuned.model) == ("gemma3:12b-it-q4_K_M", "gemma3:12b-u1")
    info = base.tasks["gsm8k"]
    assert (info.metric, info.filter, info.version, info.n_shot) == (
        "exact_match",
        "strict-match",
        "3.0",
        "5",
    )
    assert list(base.scores["item_hash"]) == list(tuned.scores["item_hash"])
    assert list(base.scores["prompt_hash"]) == list(tuned.scores["prompt_hash"])
    assert set(base.scores["group"]) == {"gsm8k"} and set(base.scores["run"]) == {0}
    assert any("counts 100 docs" in w for w in base.warnings)  # samples are an excerpt
    assert base.details.set_index("item_id").loc["16", "response"] == "230"


def test_group_run_maps_subtasks_to_the_group(real):
    base = read_path(real / MMLU / "base_gemma-3-12b-it")
    tuned = read_path(real / MMLU / "tuned_gemma3_12b_u2")
    assert sorted(base.tasks) == [
        "mmlu_pro_plus_chemistry",
        "mmlu_pro_plus_health",
        "mmlu_pro_plus_psychology",
    ]
    assert set(base.scores["group"]) == {"mmlu_pro_plus"} and len(base.scores) == 9
    assert base.tasks["mmlu_pro_plus_health"].filter == "custom-extract"
    assert base.model == "/workspace/gemma-3-12b-it-base"
    flips = {
        (t, i) for t in base.tasks for i, s in by_item(base, t).items() if by_item(tuned, t)[i] != s
    }
    assert flips == {
        ("mmlu_pro_plus_chemistry", "7"),
        ("mmlu_pro_plus_health", "13"),
        ("mmlu_pro_plus_psychology", "9"),
    }
    assert any("11 tasks without a samples file" in w for w in base.warnings)


def test_single_custom_task(real):
    result = read_path(real / "lm-evaluation-harness/every_eval_ever_math_perturbed_single")
    assert list(result.scores["item_id"]) == [str(i) for i in range(10)]
    assert set(result.scores["score"]) == {0.0}
    assert result.tasks["math_perturbed_full"].filter == "none"
    assert any("math_rephrased_full" in w for w in result.warnings)
    # the results file counts 5000 docs: shown with a thousands separator
    assert any("counts 5,000 docs but the samples file holds 10;" in w for w in result.warnings)


def test_root_with_two_model_folders_is_refused_unless_one_is_picked(real):
    """pyfade_gsm8k_pair is an lm-eval root with two models' folders: never the newest silently."""
    with pytest.raises(InputError, match="runs of 2 models") as info:
        read_run(files_from_path(real / GSM), side="baseline")
    assert "--baseline-run" in str(info.value) and "\n" not in str(info.value)
    older = read_run(files_from_path(real / GSM), ReadOptions(run_id="2025-09-09T13-31-53"))
    assert older.model == "gemma3:12b-u1"
    assert older.models == ("gemma3:12b-it-q4_K_M", "gemma3:12b-u1")
    with pytest.raises(InputError, match="Pick one of those"):
        read_run(files_from_path(real / GSM), ReadOptions(run_id="1999"))


def test_results_file_alone_asks_for_samples(real):
    files = [
        f
        for f in files_from_path(real / GSM / "tuned_gemma3-12b-u1")
        if f.name.startswith("results_")
    ]
    assert READER.claims(files[0])
    with pytest.raises(InputError, match="--log_samples"):
        read_run(files)


def test_unknown_metric_and_filter_name_the_choices(real):
    folder = real / GSM / "tuned_gemma3-12b-u1"
    with pytest.raises(InputError, match="choose one of exact_match"):
        read_path(folder, ReadOptions(metric="acc"))
    with pytest.raises(InputError, match="choose one of strict-match"):
        read_path(folder, ReadOptions(filter={"gsm8k": "flexible-extract"}))
