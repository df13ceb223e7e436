"""``python -m core compare``: exit codes, JSON keys, formats, and one-line errors for bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core.cli import main
from tests.core.degradation.helpers import write_paper_layout

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def degraded_pair(tmp_path):
    rng = np.random.default_rng(1)
    base = {
        "gsm8k": (rng.random(2000) < 0.7).astype(int),
        "arc": (rng.random(1000) < 0.5).astype(int),
    }
    cand = {task: scores.copy() for task, scores in base.items()}
    drop = np.flatnonzero(base["gsm8k"] == 1)[:150]  # 150 degradation flips in gsm8k
    cand["gsm8k"][drop] = 0
    return write_paper_layout(tmp_path / "base", base), write_paper_layout(tmp_path / "cand", cand)


def test_json_output_has_the_documented_keys_and_exit_1_on_degradation(degraded_pair, capsys):
    status = main(["compare", str(degraded_pair[0]), str(degraded_pair[1]), "--format", "json"])
    payload = json.loads(capsys.readouterr().out)
    assert status == 1
    assert payload["verdict"] == "degraded"
    for key in (
        "verdict",
        "alpha",
        "combined_p_value",
        "mde",
        "pooled",
        "fisher",
        "max_drop",
        "tasks",
        "pairing",
    ):
        assert key in payload
    row_keys = {"n", "b", "c", "accuracy_baseline", "accuracy_candidate", "delta", "ci_low"}
    row_keys |= {"ci_high", "p_value"}
    assert set(payload["pooled"]) >= row_keys
    assert set(payload["fisher"]) >= {"statistic", "df", "p_value"}
    assert set(payload["max_drop"]) >= {"statistic", "task", "p_value"}
    task = payload["tasks"][0]
    assert set(task) >= row_keys | {"task", "p_value_holm"}
    assert payload["pairing"]["matched"] == 3000
    assert {payload["pairing"][k] for k in ("only_baseline", "only_candidate", "duplicates")} == {0}
    assert payload["pooled"]["b"] == 150 and payload["pooled"]["c"] == 0
    assert payload["max_drop"]["task"] == "gsm8k"


def test_text_output_leads_with_the_verdict_sentence_and_exit_0(tmp_path, capsys):
    scores = {"t": (np.arange(500) % 2)}
    base = write_paper_layout(tmp_path / "b", scores)
    status = main(["compare", str(base), str(base)])
    out = capsys.readouterr().out
    assert status == 0
    first = out.splitlines()[0]
    assert first.startswith("INCONCLUSIVE: accuracy did not change (95% CI −0.76 to 0.76 points)")
    assert "Inconclusive" not in first  # the title is said once


def test_markdown_to_a_file(degraded_pair, tmp_path):
    target = tmp_path / "report.md"
    status = main(
        ["compare", *map(str, degraded_pair), "--format", "markdown", "--output", str(target)]
    )
    assert status == 1
    text = target.read_text()
    assert text.startswith("### Degraded") and "| gsm8k" in text


def test_level_task_and_long_csv_with_runs(tmp_path, capsys):
    rows = ["task,group,sample_id,run,score"]
    for i in range(40):
        rows += [
            f"bbh_a,bbh,{i},0,1",
            f"bbh_a,bbh,{i},1,{i % 2}",
            f"bbh_b,bbh,{i},0,{i % 3 == 0:d}",
        ]
    base = tmp_path / "base.csv"
    base.write_text("\n".join(rows) + "\n")
    cand = tmp_path / "cand.csv"
    cand.write_text("\n".join(rows).replace(",1,1", ",1,0") + "\n")
    main(
        [
            "compare",
            str(base),
            str(cand),
            "--level",
            "task",
            "--format",
            "json",
            "--resamples",
            "999",
        ]
    )
    payload = json.loads(capsys.readouterr().out)
    assert [t["task"] for t in payload["tasks"]] == ["bbh_a", "bbh_b"]
    assert payload["route"] == "permutation"  # averaged reruns are not 0/1
    main(["compare", str(base), str(cand), "--format", "json", "--resamples", "999"])
    assert [t["task"] for t in json.loads(capsys.readouterr().out)["tasks"]] == ["bbh"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("prompt_id,value\n1,1\n", "no score column"),
        ("prompt_id,score\n1,yes please\n", "not numbers"),
        ("prompt_id,score\n1,\n", "not numbers"),
        ("prompt_id,score\n1,nan\n", "not numbers"),
        ("prompt_id,score\n1,3\n", "outside \\[0, 1\\]"),
        ("prompt_id,score\n1,1\n1,0\n", "different scores"),
        ("", "empty"),
        ("prompt_id,score\n", "no rows"),
    ],
)
def test_bad_input_is_one_line_naming_the_file_with_exit_2(tmp_path, capsys, content, message):
    good = tmp_path / "good"
    write_paper_layout(good, {"task": np.array([1])})
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "task.csv").write_text(content)
    status = main(["compare", str(good), str(bad)])
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "task.csv" in err or "bad" in err
    assert re.search(message, err), err


def test_task_on_one_side_only_is_counted_and_warned(tmp_path, capsys):
    base = write_paper_layout(tmp_path / "b", {"a": np.ones(50), "extra": np.ones(10)})
    cand = write_paper_layout(tmp_path / "c", {"a": np.ones(50)})
    main(["compare", str(base), str(cand), "--format", "json"])
    payload = json.loads(capsys.readouterr().out)
    assert payload["pairing"]["only_baseline"] == 10
    assert any("one side only" in w for w in payload["pairing"]["warnings"])


def test_duplicate_rows_are_counted(tmp_path, capsys):
    base = tmp_path / "b.csv"
    base.write_text("task,id,score\nt,1,1\nt,1,1\nt,2,0\n")
    main(["compare", str(base), str(base), "--format", "json"])
    assert json.loads(capsys.readouterr().out)["pairing"]["duplicates"] == 2


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["compare", "only-one-path"])
    assert info.value.code == 2
    assert main(["compare", "nope-a", "nope-b"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_module_entry_point_runs_as_a_subprocess(degraded_pair):
    completed = subprocess.run(
        [sys.executable, "-m", "core", "compare", *map(str, degraded_pair), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert completed.returncode == 1, completed.stderr
    assert json.loads(completed.stdout)["verdict"] == "degraded"


def test_run_pick_for_folders_holding_several_lm_eval_runs(capsys):
    """The gsm8k pair folder holds two runs; each side can name the one to read."""
    pair = (
        REPO
        / "tests"
        / "fixtures"
        / "formats"
        / "real"
        / "lm-evaluation-harness"
        / "pyfade_gsm8k_pair"
    )
    args = ["compare", str(pair), str(pair), "--format", "json"]
    # the folder holds two models: a side without a choice is refused, never the newest
    assert main([*args, "--candidate-run", "2025-09-09T13-31-53"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: baseline ") and "--baseline-run" in err
    main(
        [*args, "--candidate-run", "2025-09-09T13-31-53", "--baseline-run", "gemma3:12b-it-q4_K_M"]
    )
    payload = json.loads(capsys.readouterr().out)
    assert payload["pairing"]["model_baseline"] == "gemma3:12b-it-q4_K_M"
    assert payload["pairing"]["model_candidate"] == "gemma3:12b-u1"
    assert payload["provenance"]["settings"]["baseline_run"] == "gemma3:12b-it-q4_K_M"
    assert main([*args, "--baseline-run", "1999"]) == 2
    assert "Pick one of those" in capsys.readouterr().err


def test_baseline_folder_holding_the_candidates_newer_run_is_refused(tmp_path, capsys):
    """The reproduction: main read the candidate's run as the baseline (0 flips, exit 0)."""
    import shutil

    pair = REPO / "tests/fixtures/formats/real/lm-evaluation-harness/pyfade_mmlu_pro_plus_pair"
    base, tuned = pair / "base_gemma-3-12b-it", pair / "tuned_gemma3_12b_u2"
    folder = tmp_path / "baseline"
    folder.mkdir()
    for source in (base, tuned):  # base's run (15-11) is newer than tuned's (14-44)
        for file in source.iterdir():
            shutil.copy(file, folder / file.name)
    args = ["compare", str(folder), str(base), "--format", "json"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"error: baseline {folder}: the files hold")
    assert "/workspace/gemma3_12b_u2 (run 2025-10-14T14-44-39.372006)" in err
    assert main([*args, "--baseline-run", "/workspace/gemma3_12b_u2"]) in (0, 1)
    payload = json.loads(capsys.readouterr().out)
    assert payload["pairing"]["model_baseline"] == "/workspace/gemma3_12b_u2"
    assert (payload["pooled"]["b"], payload["pooled"]["c"]) == (0, 3)  # tuned -> base: 3 gains
    read = payload["provenance"]["read"]["baseline"]
    assert read["model"] == "/workspace/gemma3_12b_u2" and len(read["files_read"]) == 3
    assert read["models_in_files"] == ["/workspace/gemma-3-12b-it-base", "/workspace/gemma3_12b_u2"]
    assert all("14-44-39" in name for name in read["files_read"])
    inputs = payload["provenance"]["inputs"]["baseline"]
    assert len(inputs) == 8 and all(len(entry["sha256"]) == 64 for entry in inputs)


def test_combine_flag_switches_the_rule_and_both_numbers_are_in_the_json(tmp_path, capsys):
    """One task with b = 20, c = 8: calibrated p = its own exact p 0.0178 (degraded, exit 1);
    the paper's rule gives 3 x 0.0178 = 0.054 (not degraded at alpha 0.05, exit 0)."""
    base = np.zeros(100, dtype=int)
    base[:20] = 1
    cand = np.zeros(100, dtype=int)
    cand[20:28] = 1
    first = write_paper_layout(tmp_path / "b", {"t": base})
    second = write_paper_layout(tmp_path / "c", {"t": cand})
    assert main(["compare", str(first), str(second), "--format", "json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["combine"] == "calibrated"
    assert payload["combined_p_value"] == pytest.approx(0.0178490690886974, rel=1e-12)
    assert payload["combined_paper_p_value"] == pytest.approx(3 * 0.0178490690886974, rel=1e-12)
    assert payload["combined_calibrated"]["method"] == "single-unit"
    assert main(["compare", str(first), str(second), "--combine", "paper"]) == 0
    out = capsys.readouterr().out
    assert "(paper: 3 × smallest)" in out and "calibrated rule 0.0178" in out
