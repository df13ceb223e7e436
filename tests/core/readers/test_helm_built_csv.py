"""HELM (real), lighteval / openai-evals / lm-eval 0.4.2 (built) and CSV readers."""

from __future__ import annotations

import pytest

from core.errors import InputError
from core.readers import InputFile, ReadOptions, files_from_path, read_path, read_run
from tests.core.readers.conftest import by_item

HELM = "helm/every_eval_ever_runs"
MMLU = "mmlu-subject=philosophy,method=multiple_choice_joint,model=openai_gpt2"
NQA = "narrative_qa-model=openai_gpt2"


def test_helm_mmlu_test_split_exact_match(real):
    result = read_path(real / HELM / MMLU)
    task = "mmlu:subject=philosophy,method=multiple_choice_joint"
    assert list(result.tasks) == [task] and result.model == "openai/gpt2"
    assert (result.tasks[task].metric, result.tasks[task].filter) == ("exact_match", "test")
    assert len(result.scores) == 9 and by_item(result)["id222"] == 1.0
    assert sum(by_item(result).values()) == 1.0
    assert any("valid" in w for w in result.warnings)
    assert any(
        w.startswith(f"{task}: 1 instance of other splits (valid) is not read;")
        for w in result.warnings
    )
    assert result.details.set_index("item_id").loc["id147", "response"] == " D"
    valid = read_path(real / HELM / MMLU, ReadOptions(filter="valid"))
    assert len(valid.scores) == 1


def test_helm_continuous_metric_and_name_from_folder(real):
    result = read_path(real / HELM / NQA, ReadOptions(metric="f1_score"))
    assert list(result.tasks) == ["narrative_qa"]
    assert result.tasks["narrative_qa"].metric == "f1_score"
    assert result.scores["score"].between(0, 1).all() and len(result.scores) == 4
    with pytest.raises(InputError, match="choose one of"):
        read_path(real / HELM / NQA, ReadOptions(metric="bleu_9"))


def test_helm_scenario_state_alone_is_refused(real):
    files = [f for f in files_from_path(real / HELM / MMLU) if "scenario_state" in f.name]
    with pytest.raises(InputError, match="per_instance_stats.json"):
        read_run(files)


def test_helm_perturbed_rows_are_excluded():
    entries = (
        b'[{"instance_id": "id1", "train_trial_index": 0, "stats": [{"name": {"name": '
        b'"exact_match", "split": "test"}, "count": 1, "mean": 1.0}]},'
        b'{"instance_id": "id1", "train_trial_index": 0, "perturbation": {"name": "typos"},'
        b' "stats": [{"name": {"name": "exact_match", "split": "test", "perturbation": '
        b'{"name": "typos"}}, "count": 1, "mean": 0.0}]},'
        b'{"instance_id": "id1", "train_trial_index": 1, "stats": [{"name": {"name": '
        b'"exact_match", "split": "test"}, "count": 1, "mean": 0.0}]}]'
    )
    result = read_run([InputFile("run/per_instance_stats.json", entries)])
    assert list(zip(result.scores["item_id"], result.scores["run"], result.scores["score"])) == [
        ("id1", 0, 1.0),
        ("id1", 1, 0.0),
    ]
    assert any("perturbed" in w for w in result.warnings)


@pytest.mark.parametrize("kind", ["lighteval_0.11", "openai_evals", "lm_eval_0.4.2"])
def test_built_pairs_have_the_designed_flips(built, kind):
    base = by_item(read_path(built / kind / "baseline"))
    cand = by_item(read_path(built / kind / "candidate"))
    assert len(base) == len(cand) == 6
    flips = sorted((sorted(base).index(i), base[i], cand[i]) for i in base if base[i] != cand[i])
    assert flips == [(2, 0.0, 1.0), (4, 1.0, 0.0), (5, 1.0, 0.0)]


def test_lighteval_new_schema_metadata(built):
    result = read_path(built / "lighteval_0.11" / "candidate")
    assert list(result.tasks) == ["lighteval|arith|0"]  # from doc.task_name, not the file name
    assert result.model == "org/model-candidate"
    assert result.tasks["lighteval|arith|0"].metric_choices == ("em", "f1")
    f1 = read_path(built / "lighteval_0.11" / "candidate", ReadOptions(metric="f1"))
    assert set(f1.scores["score"]) == {0.5, 1.0}


def test_lighteval_old_schema_rows_carry_prompt_hashes(built):
    base = read_path(built / "lighteval_0.6" / "baseline").scores
    cand = read_path(built / "lighteval_0.6" / "candidate").scores
    assert list(base["item_id"]) == [str(i) for i in range(6)]
    same = base["item_hash"].to_numpy() == cand["item_hash"].to_numpy()
    assert list(same) == [True, True, True, False, True, True]  # row 3 was reworded


def test_openai_and_old_lm_eval_metadata(built):
    result = read_path(built / "openai_evals" / "baseline")
    assert result.model == "model-baseline" and list(result.tasks) == ["arith.dev.v0"]
    assert result.details.set_index("item_id").loc["arith.dev.2", "response"] == "0"
    old = read_path(built / "lm_eval_0.4.2" / "baseline")
    assert list(old.tasks) == ["arith_easy"] and old.model == "org/model-baseline"
    assert "item_hash" not in old.scores  # records before 0.4.3 carry no hashes


def _csv(name, text):
    return InputFile(name, text.encode())


def test_csv_paper_layout_one_file_per_task():
    result = read_run(
        [
            _csv("gsm8k.csv", "prompt_id,score\na,1\nb,0\n"),
            _csv("arc.csv", "prompt_id,score\na,0.5\n"),
        ]
    )
    assert sorted(result.tasks) == ["arc", "gsm8k"] and result.source_format == "csv-per-task"
    assert by_item(result, "gsm8k") == {"a": 1.0, "b": 0.0}


def test_csv_long_layout_with_synonyms_runs_and_model():
    text = "Question_ID,Task,Correct,sample,model\nq1,t,true,0,m\nq1,t,false,1,m\nq2,t,1,0,m\n"
    result = read_run([_csv("all.csv", text)])
    assert result.model == "m" and list(result.scores["run"]) == [0, 1, 0]
    assert list(result.scores["score"]) == [1.0, 0.0, 1.0]


def test_csv_tsv_and_group_column():
    text = "doc_id\tscore\ttask\tgroup\n1\t1\tbbh_a\tbbh\n"
    result = read_run([_csv("x.tsv", text)])
    assert list(result.scores["group"]) == ["bbh"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("prompt_id,value\na,1\n", "no score column"),
        ("prompt_id,score\na,high\n", "not numbers"),
        ("prompt_id,score\na,150\n", r"outside \[0, 1\]"),
        ("prompt_id,score\n", "no rows"),
        ("", "empty"),
        (
            "prompt_id,score,model\na,1,x\nb,1,y\n",
            "runs of 2 models: x; y. A side must be one model",
        ),
    ],
)
def test_csv_bad_input(text, message):
    with pytest.raises(InputError, match=message):
        read_run([_csv("t.csv", text)])
