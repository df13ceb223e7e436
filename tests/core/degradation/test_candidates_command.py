"""``python -m core compare BASELINE CANDIDATE CANDIDATE ...``: exit codes, JSON, bad candidates."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from statsmodels.stats.multitest import multipletests

from core.cli import main
from tests.core.degradation.helpers import write_paper_layout


@pytest.fixture
def family(tmp_path):
    """A baseline, a degraded candidate, a harmless one and one sharing no task."""
    rng = np.random.default_rng(3)
    base = {
        "gsm8k": (rng.random(2000) < 0.7).astype(int),
        "arc": (rng.random(1000) < 0.5).astype(int),
    }
    bad = {task: scores.copy() for task, scores in base.items()}
    bad["gsm8k"][np.flatnonzero(base["gsm8k"] == 1)[:150]] = 0
    fine = {task: scores.copy() for task, scores in base.items()}
    fine["arc"][np.flatnonzero(base["arc"] == 1)[:3]] = 0
    fine["arc"][np.flatnonzero(base["arc"] == 0)[:3]] = 1
    return {
        "base": str(write_paper_layout(tmp_path / "base", base)),
        "bad": str(write_paper_layout(tmp_path / "bad", bad)),
        "fine": str(write_paper_layout(tmp_path / "fine", fine)),
        "other": str(write_paper_layout(tmp_path / "other", {"mmlu": base["arc"]})),
    }


def test_json_has_one_comparison_per_candidate_with_holm_and_rank(family, capsys):
    status = main(["compare", family["base"], family["bad"], family["fine"], "--format", "json"])
    payload = json.loads(capsys.readouterr().out)
    assert status == 1
    assert payload["adjustment"] == "holm" and payload["alpha"] == 0.05
    assert payload["baseline"]["source"] == family["base"]
    rows = {row["candidate"]: row for row in payload["candidates"]}
    assert rows["bad"]["verdict"] == "degraded" and rows["bad"]["rank"] == 2
    assert rows["fine"]["rank"] == 1
    for row in rows.values():  # each is a whole comparison, as with one candidate
        assert {"combined_p_value", "pooled", "tasks", "pairing", "p_value_adjusted"} <= set(row)
    raw = [rows[n]["combined_p_value"] for n in ("bad", "fine")]
    expected = multipletests(raw, method="holm")[1]
    assert [rows[n]["p_value_adjusted"] for n in ("bad", "fine")] == pytest.approx(expected)
    record = payload["provenance"]
    assert [c["source"] for c in record["inputs"]["candidates"]] == [family["bad"], family["fine"]]
    assert all(len(f["sha256"]) == 64 for c in record["inputs"]["candidates"] for f in c["files"])
    assert f"{family['bad']} {family['fine']}" in record["command"]


def test_a_candidate_sharing_no_task_is_named_and_the_others_still_run(family, capsys):
    status = main(["compare", family["base"], family["other"], family["fine"]])
    captured = capsys.readouterr()
    assert status == 0
    assert "no task in common" in captured.out and "no verdict" in captured.out
    assert "warning: candidate other has no verdict" in captured.err
    status = main(
        ["compare", family["base"], family["other"], family["fine"], "--fail-inconclusive"]
    )
    assert status == 3


def test_a_missing_candidate_is_a_row_and_no_comparable_candidate_is_exit_2(
    family, tmp_path, capsys
):
    missing = str(tmp_path / "nowhere")
    assert main(["compare", family["base"], missing, family["bad"]]) == 1
    assert "nowhere" in capsys.readouterr().out
    assert main(["compare", family["base"], missing, family["other"]]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: no candidate could be compared") and err.count("\n") == 1


def test_the_same_run_given_twice_is_a_warning(family, capsys):
    assert main(["compare", family["base"], family["bad"], family["bad"]]) == 1
    err = capsys.readouterr().err
    bad = family["bad"]
    assert f"candidates {bad} and {bad} (2) are the same file(s) (identical SHA-256)" in err


def test_candidate_run_must_be_given_once_or_once_per_candidate(family, capsys):
    args = ["compare", family["base"], family["bad"], family["fine"]]
    assert (
        main([*args, "--candidate-run", "a", "--candidate-run", "b", "--candidate-run", "c"]) == 2
    )
    assert "--candidate-run was given 3 times for 2 candidate(s)" in capsys.readouterr().err


def test_markdown_has_one_table_then_the_sentences(family, capsys):
    main(["compare", family["base"], family["bad"], family["fine"], "--format", "markdown"])
    out = capsys.readouterr().out
    table = [line for line in out.splitlines() if line.startswith("| ")]
    assert len(table) == 3 and "adjusted p (Holm)" in table[0]
    assert out.index("| 2 | bad") < out.index("- **bad** — Degraded:")


def test_one_model_per_side_applies_to_every_candidate_with_selectors_by_position(capsys):
    """Real lm-eval files: a folder holding two models' runs, given twice as candidates."""
    pair = str(
        Path(__file__).resolve().parents[2]
        / "fixtures/formats/real/lm-evaluation-harness/pyfade_gsm8k_pair"
    )
    args = ["compare", pair, pair, pair, "--baseline-run", "gemma3:12b-it-q4_K_M"]
    status = main(
        [
            *args,
            "--candidate-run",
            "-",
            "--candidate-run",
            "2025-09-09T13-31-53",
            "--format",
            "json",
        ]
    )
    captured = capsys.readouterr()
    assert status in (0, 1)
    first, second = json.loads(captured.out)["candidates"]
    assert first["verdict"] is None and "--candidate-run" in first["problem"]
    assert "gemma3:12b-u1" in first["problem"]  # the refusal lists the models found
    assert second["candidate"] == "gemma3:12b-u1" and second["verdict"] is not None
    assert second["pairing"]["model_candidate"] == "gemma3:12b-u1"
    record = json.loads(captured.out)["provenance"]
    assert record["settings"]["candidate_run"] == ["-", "2025-09-09T13-31-53"]
    assert "--candidate-run - --candidate-run 2025-09-09T13-31-53" in record["command"]


def test_readme_worked_example_is_the_real_output(capsys):
    """The three bundled simulated candidates: README shows exactly what the command prints."""
    repo = Path(__file__).resolve().parents[3]
    samples = repo / "sample_data" / "degradation"
    names = ("candidate_kv_fp8", "candidate_w4a16", "candidate_lossless_rerun")
    status = main(
        ["compare", str(samples / "baseline.zip"), *(str(samples / f"{n}.zip") for n in names)]
    )
    out = capsys.readouterr().out
    assert status == 1
    readme = (repo / "README.md").read_text(encoding="utf-8")
    start = readme.index("        sample_data/degradation/candidate_w4a16.zip")
    shown = readme[readme.index("\n", start) + 1 : readme.index("    $ echo $?", start)]
    expected = "\n".join(line.removeprefix("    ") for line in shown.rstrip("\n").split("\n"))
    assert out.rstrip("\n") == expected
    rows = {
        line.split()[1]: line for line in out.splitlines() if line.startswith("  ") and "CI" in line
    }
    assert "no evidence" in rows["candidate_lossless_rerun.zip"]
    assert rows["meta-llama/Llama-3.1-8B-Instruct-KV-FP8"].rstrip().endswith("degraded")


def test_degraded_alone_but_not_after_holm_exits_0_or_3_never_1(tmp_path, capsys):
    """One task, 1,000 items: (b, c) = (35, 20) gives p = 0.029 alone, 0.087 after Holm over 3."""
    base = np.zeros(1000, dtype=int)
    base[:600] = 1
    paths = [str(write_paper_layout(tmp_path / "base", {"t": base}))]
    for name, (b, c) in {"kv": (35, 20), "x": (29, 21), "y": (25, 25)}.items():
        cand = base.copy()
        cand[:b] = 0
        cand[600 : 600 + c] = 1
        paths.append(str(write_paper_layout(tmp_path / name, {"t": cand})))
    assert main(["compare", paths[0], paths[1]]) == 1  # alone: degraded
    capsys.readouterr()
    assert main(["compare", *paths, "--format", "json"]) == 0
    kv = json.loads(capsys.readouterr().out)["candidates"][0]
    assert (kv["verdict"], kv["verdict_unadjusted"]) == ("inconclusive", "degraded")
    assert kv["p_value_adjusted"] == pytest.approx(3 * kv["combined_p_value"])
    assert main(["compare", *paths, "--fail-inconclusive"]) == 3
    assert "(after Holm)" in capsys.readouterr().out
