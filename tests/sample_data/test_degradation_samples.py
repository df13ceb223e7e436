"""The bundled SIMULATED degradation sample data (``sample_data/degradation/*.zip``).

Checked with the standard library and numpy/pandas only (not the project's readers): the zips
open, the JSONL parses in lm-eval's ``--log_samples`` shape, every variant has N = 25,282 items,
the pooled discordant counts equal the (b, c) reconstructed from the case study of
arXiv 2602.10144, items line up across variants, and the generator is deterministic.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "sample_data" / "degradation"
GENERATOR = REPO / "sample_data" / "make_degradation_samples.py"

N_TOTAL = 25_282
EXPECTED = {  # variant -> (b, c, reconstructed-CSV variant name)
    "candidate_lossless_rerun": (163, 168, "baseline_rerun"),
    "candidate_kv_fp8": (1241, 1042, "KV-FP8"),
    "candidate_w4a16": (1816, 1378, "w4a16"),
}
MODELS = {
    "baseline": "meta-llama/Llama-3.1-8B-Instruct",
    "candidate_lossless_rerun": "meta-llama/Llama-3.1-8B-Instruct",
    "candidate_kv_fp8": "meta-llama/Llama-3.1-8B-Instruct-KV-FP8",
    "candidate_w4a16": "meta-llama/Llama-3.1-8B-Instruct-w4a16",
}
VARIANTS = list(MODELS)
GROUP_SIZES = {
    "leaderboard_bbh": 5761,
    "leaderboard_gpqa": 1192,
    "leaderboard_ifeval": 541,
    "leaderboard_math_hard": 5000,
    "leaderboard_mmlu_pro": 12032,
    "leaderboard_musr": 756,
}
RECORD_KEYS = [
    "doc_id",
    "doc",
    "target",
    "arguments",
    "resps",
    "filtered_resps",
    "filter",
    "metrics",
    "doc_hash",
    "prompt_hash",
    "target_hash",
]
DATE_ID = r"\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{6}"
SAMPLES_RE = re.compile(rf"^samples_(?P<task>.+)_(?P<date>{DATE_ID})\.jsonl$")
RESULTS_RE = re.compile(rf"^results_(?P<date>{DATE_ID})\.json$")


def primary_metric(task: str) -> str:
    if task == "leaderboard_ifeval":
        return "prompt_level_strict_acc"
    if task.startswith("leaderboard_math_"):
        return "exact_match"
    if task == "leaderboard_mmlu_pro":
        return "acc"
    return "acc_norm"


@cache
def load(variant: str) -> tuple[dict, dict[str, list[dict]], list[str]]:
    """(results JSON, task -> records, zip member names) of one variant's zip."""
    with zipfile.ZipFile(DATA / f"{variant}.zip") as zf:
        names = zf.namelist()
        results = None
        samples: dict[str, list[dict]] = {}
        for name in names:
            base = name.rsplit("/", 1)[-1]
            if m := SAMPLES_RE.match(base):
                text = zf.read(name).decode("utf-8")
                samples[m["task"]] = [json.loads(line) for line in text.splitlines() if line]
            elif RESULTS_RE.match(base):
                results = json.loads(zf.read(name))
    assert results is not None, f"{variant}.zip has no results_*.json"
    return results, samples, names


@cache
def outcomes(variant: str) -> pd.DataFrame:
    """One row per item: task, doc_id, doc_hash, prompt_hash and the binary outcome."""
    _, samples, _ = load(variant)
    rows = []
    for task, recs in samples.items():
        m = primary_metric(task)
        for r in recs:
            rows.append((task, r["doc_id"], r["doc_hash"], r["prompt_hash"], bool(r[m])))
    df = pd.DataFrame(rows, columns=["task", "doc_id", "doc_hash", "prompt_hash", "correct"])
    return df.sort_values(["task", "doc_id"], ignore_index=True)


def group_of(task: str) -> str:
    for g in ("leaderboard_bbh", "leaderboard_gpqa", "leaderboard_math", "leaderboard_musr"):
        if task.startswith(g + "_"):
            return "leaderboard_math_hard" if g == "leaderboard_math" else g
    return task


def test_total_size_is_under_15_mb():
    zips = sorted(DATA.glob("*.zip"))
    assert [z.stem for z in zips] == sorted(VARIANTS)
    total = sum(z.stat().st_size for z in zips)
    assert total < 15_000_000, total


@pytest.mark.parametrize("variant", VARIANTS)
def test_zip_is_one_lm_eval_output_folder(variant):
    results, samples, names = load(variant)
    sanitized = MODELS[variant].replace("/", "__")
    prefixes = {n.rsplit("/", 1)[0] for n in names}
    assert prefixes == {f"{variant}/{sanitized}"}
    dates = {SAMPLES_RE.match(n.rsplit("/", 1)[-1])["date"] for n in names if "/samples_" in n}
    assert len(dates) == 1  # all files of one run share the date_id
    assert any(n.endswith(f"/results_{dates.pop()}.json") for n in names)
    assert results["model_name"] == MODELS[variant]
    assert results["model_name_sanitized"] == sanitized
    for key in (
        "results",
        "group_subtasks",
        "configs",
        "versions",
        "n-shot",
        "config",
        "n-samples",
        "lm_eval_version",
    ):
        assert key in results
    subtasks = results["group_subtasks"]
    assert len(subtasks["leaderboard_bbh"]) == 24
    assert len(subtasks["leaderboard_gpqa"]) == 3
    assert len(subtasks["leaderboard_math_hard"]) == 7
    assert len(subtasks["leaderboard_musr"]) == 3
    assert sorted(subtasks["leaderboard"]) == sorted(GROUP_SIZES)
    leaves = {t for g in GROUP_SIZES for t in (subtasks[g] or [g])}
    assert leaves == set(samples)
    assert len(samples) == 24 + 3 + 1 + 7 + 1 + 3
    for task, recs in samples.items():
        assert results["n-samples"][task]["effective"] == len(recs)


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_variant_has_all_25282_items(variant):
    df = outcomes(variant)
    assert len(df) == N_TOTAL
    assert not df.duplicated(["task", "doc_id"]).any()
    sizes = df.assign(group=df["task"].map(group_of)).groupby("group").size().to_dict()
    assert sizes == GROUP_SIZES
    for _, g in df.groupby("task"):
        assert g["doc_id"].tolist() == list(range(len(g)))


@pytest.mark.parametrize("variant", VARIANTS)
def test_records_have_lm_eval_shape(variant):
    _, samples, _ = load(variant)
    for task, recs in samples.items():
        metric = primary_metric(task)
        for r in recs[:50]:
            assert list(r)[: len(RECORD_KEYS)] == RECORD_KEYS
            assert isinstance(r["doc_id"], int) and isinstance(r["doc"], dict)
            assert isinstance(r["target"], str)
            assert r["filter"] == "none"
            assert metric in r["metrics"]
            assert all(
                re.fullmatch(r"[0-9a-f]{40}", r[k])
                for k in ("doc_hash", "prompt_hash", "target_hash")
            )
            assert set(r["arguments"]) == {f"gen_args_{i}" for i in range(len(r["resps"]))}
            assert len(r["filtered_resps"]) == len(r["resps"])
            if metric in ("acc", "acc_norm"):
                assert r[metric] in (0.0, 1.0) and isinstance(r[metric], float)
                assert all(
                    isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p)
                    for p in r["filtered_resps"]
                )
            elif metric == "exact_match":
                assert r[metric] in (0, 1)
                assert isinstance(r["filtered_resps"][0], str)
            else:
                inst = r["inst_level_strict_acc"]
                assert isinstance(r[metric], bool)
                assert isinstance(inst, list) and all(isinstance(x, bool) for x in inst)
                assert r[metric] == all(inst)
                assert len(inst) == len(r["doc"]["instruction_id_list"])


@pytest.mark.parametrize("variant", VARIANTS)
def test_multiple_choice_scores_agree_with_the_log_likelihoods(variant):
    """acc_norm = argmax of log-likelihood / continuation length is gold; acc uses raw ll."""
    _, samples, _ = load(variant)
    for task, recs in samples.items():
        metric = primary_metric(task)
        if metric not in ("acc", "acc_norm"):
            continue
        for r in recs:
            lls = np.array([float(p[0]) for p in r["filtered_resps"]])
            if metric == "acc_norm":
                conts = [r["arguments"][f"gen_args_{i}"]["arg_1"] for i in range(len(lls))]
                lls = lls / np.array([len(c) for c in conts], dtype=float)
            gold_cont = [
                r["arguments"][f"gen_args_{i}"]["arg_1"].strip() for i in range(len(lls))
            ].index(r["target"])
            assert (int(np.argmax(lls)) == gold_cont) == bool(r[metric]), (task, r["doc_id"])


@pytest.mark.parametrize("variant", list(EXPECTED))
def test_pooled_discordant_counts_equal_the_reconstruction(variant):
    base = outcomes("baseline")
    cand = outcomes(variant)
    b = int((base["correct"] & ~cand["correct"]).sum())
    c = int((~base["correct"] & cand["correct"]).sum())
    assert (b, c) == EXPECTED[variant][:2]


def test_expected_counts_match_the_shared_reconstruction(shared_dir):
    csv = shared_dir / "reference-data" / "degradation" / "case_study_llama31_8b_pooled.csv"
    ref = pd.read_csv(csv).set_index("variant")
    for b, c, name in EXPECTED.values():
        row = ref.loc[name]
        assert (row["recon_b_base_right_opt_wrong"], row["recon_c_base_wrong_opt_right"]) == (b, c)
        assert row["n_total_samples"] == N_TOTAL


@pytest.mark.parametrize("variant", VARIANTS[1:])
def test_items_line_up_across_variants(variant):
    base = outcomes("baseline")
    cand = outcomes(variant)
    for col in ("task", "doc_id", "doc_hash", "prompt_hash"):
        assert base[col].tolist() == cand[col].tolist(), col
    _, bs, _ = load("baseline")
    _, cs, _ = load(variant)
    for task in bs:
        assert [r["doc"] for r in bs[task]] == [r["doc"] for r in cs[task]]


def test_manifest_marks_the_data_as_simulated():
    manifest = json.loads((DATA / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["simulated"] is True
    assert "SIMULATED" in manifest["description"]
    assert manifest["n_items"] == N_TOTAL
    for cand in manifest["candidates"]:
        key = cand["file"].removesuffix(".zip")
        assert (cand["expected_b"], cand["expected_c"]) == EXPECTED[key][:2]
        assert "simulated" in cand["label"]


def _regenerate(tmp_path: Path, only: list[str]) -> None:
    args = [sys.executable, str(GENERATOR), "--out", str(tmp_path)]
    for key in only:
        args += ["--only", key]
    subprocess.run(args, check=True, capture_output=True, timeout=3600)  # a hang guard only


def test_generator_reproduces_the_baseline_zip(tmp_path):
    """Regenerating the baseline (about 10 s) gives the committed bytes."""
    _regenerate(tmp_path, ["baseline"])
    assert (tmp_path / "baseline.zip").read_bytes() == (DATA / "baseline.zip").read_bytes()
    assert (tmp_path / "manifest.json").read_bytes() == (DATA / "manifest.json").read_bytes()


def _generator(monkeypatch):
    """The generator package ``sample_data/degradation_samples`` (``sample_data/`` is not a
    package: its script puts that folder on the path, as this does)."""
    monkeypatch.syspath_prepend(str(GENERATOR.parent))
    import degradation_samples.cli as cli
    import degradation_samples.lm_eval_folder as folder

    return cli, folder


@pytest.mark.slow
def test_generator_reproduces_every_zip(tmp_path, monkeypatch):
    """Regenerating all four zips gives the committed members: names, bytes, dates, modes.

    The zips are written stored (uncompressed) here: LZMA took three quarters of the
    regeneration (about 40 s of 55 s on the 2-core machine) and is the same code for every
    zip, so the compression is checked byte for byte on the baseline zip alone (above), and
    the members of all four here, exactly.
    """
    cli, folder = _generator(monkeypatch)
    monkeypatch.setattr(folder, "COMPRESSION", zipfile.ZIP_STORED)
    cli.generate(tmp_path, verbose=False)
    assert (tmp_path / "manifest.json").read_bytes() == (DATA / "manifest.json").read_bytes()
    for variant in VARIANTS:
        with (
            zipfile.ZipFile(tmp_path / f"{variant}.zip") as made,
            zipfile.ZipFile(DATA / f"{variant}.zip") as committed,
        ):
            assert committed.infolist()[0].compress_type == zipfile.ZIP_LZMA
            fields = ("filename", "date_time", "external_attr", "create_system", "CRC", "file_size")
            assert [[getattr(i, f) for f in fields] for i in made.infolist()] == [
                [getattr(i, f) for f in fields] for i in committed.infolist()
            ], variant
            for info in made.infolist():
                assert made.read(info) == committed.read(info.filename), info.filename
