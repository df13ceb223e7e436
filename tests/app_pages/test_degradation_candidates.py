"""AppTest: several candidates against one baseline on the degradation page — the bundled
simulated candidates, and uploads of real lm-eval files we did not generate."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_pages.download_helpers import download_payload
from tests.core.readers.test_inspect_dict_scores import dict_scored

REPO = Path(__file__).resolve().parents[2]
APP = str(REPO / "app.py")
PAGE = "app_pages/degradation_page.py"
LM_EVAL = REPO / "tests/fixtures/formats/real/lm-evaluation-harness"
BASE_DIR = LM_EVAL / "pyfade_mmlu_pro_plus_pair/base_gemma-3-12b-it"
TUNED_DIR = LM_EVAL / "pyfade_mmlu_pro_plus_pair/tuned_gemma3_12b_u2"


def _several() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180).run()
    at.switch_page(PAGE).run()
    at.toggle(key="several").set_value(True).run()
    return at


def test_three_simulated_candidates_ranked_with_chart_and_full_view_of_one(media):
    at = _several()
    assert not at.exception
    assert any("simulated sample data" in info.value for info in at.info)
    assert at.error[0].value.startswith("3 candidates against baseline")
    assert "2 degraded, 1 no evidence of degradation" in at.error[0].value
    table = at.dataframe[0].value
    assert list(table["rank"]) == [1, 2, 3]
    assert list(table["candidate"]) == [
        "candidate_lossless_rerun.zip",
        "meta-llama/Llama-3.1-8B-Instruct-KV-FP8",
        "meta-llama/Llama-3.1-8B-Instruct-w4a16",
    ]
    assert list(table["verdict"]) == ["✅ no evidence", "🔻 degraded", "🔻 degraded"]
    assert table["adjusted p (Holm)"].iloc[1] == pytest.approx(2 * table["combined p"].iloc[1])
    charts = [*at.get("vega_lite_chart"), *at.get("arrow_vega_lite_chart")]
    assert len(charts) >= 2  # the family chart and the forest plot
    payload = json.loads(download_payload(at, media, "All candidates (JSON)"))
    assert payload["adjustment"] == "holm" and len(payload["candidates"]) == 3
    assert len(payload["provenance"]["inputs"]["candidates"][0]["files"][0]["sha256"]) == 64
    report = download_payload(at, media, "All candidates report (HTML)").decode()
    assert "<svg" in report and "<script" not in report
    assert payload["provenance"]["inputs"]["candidates"][0]["files"][0]["sha256"] in report
    assert "Holm-adjusted over 3 candidates" in report
    csv = download_payload(at, media, "Ranked table (CSV)").decode()
    assert (
        csv.startswith("# Eval Verdict ")
        and "# candidate sample_data/degradation/candidate_kv_fp8.zip file:" in csv
    )
    at.selectbox(key="family_open").set_value("meta-llama/Llama-3.1-8B-Instruct-KV-FP8").run()
    banners = " ".join(e.value for e in at.error)
    assert "**Degraded:** accuracy fell 0.79 points (95% CI 0.42 to 1.16)" in banners
    assert "Holm-adjusted p is" in " ".join(c.value for c in at.caption)


def _zip(folder: Path, root: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"{root}/{path.relative_to(folder).as_posix()}")
    return buffer.getvalue()


def test_real_uploads_a_candidate_of_two_models_keeps_a_row_saying_why(media):
    at = _several()
    at.number_input(key="family_count").set_value(2).run()
    base = [(p.name, p.read_bytes()) for p in sorted(BASE_DIR.iterdir())]
    at.file_uploader(key="family_baseline").set_value(
        [(n, d, "application/octet-stream") for n, d in base]
    )
    at.file_uploader(key="family_cand_0").set_value(
        [("tuned.zip", _zip(TUNED_DIR, "tuned"), "application/zip")]
    )
    two_models = _zip(LM_EVAL / "pyfade_gsm8k_pair", "results")
    at.file_uploader(key="family_cand_1").set_value(
        [("two_models.zip", two_models, "application/zip")]
    )
    at.run()
    assert not at.exception
    table = at.dataframe[0].value
    rows = dict(zip(table["candidate"], table["verdict"]))
    assert rows["/workspace/gemma3_12b_u2"] != "🚫 no verdict"
    assert rows["two_models.zip"] == "🚫 no verdict"
    why = table.loc[table["candidate"] == "two_models.zip", "sentence"].iloc[0]
    assert "models" in why and "gemma3:12b-u1" in why
    record = json.loads(download_payload(at, media, "All candidates (JSON)"))["provenance"]
    tuned_sha = hashlib.sha256(_zip(TUNED_DIR, "tuned")).hexdigest()
    assert record["inputs"]["candidates"][0]["files"][0]["sha256"] == tuned_sha
    assert "tuned.zip two_models.zip" in record["command"]


def test_a_candidate_of_two_models_gets_its_own_model_picker_never_preselected():
    """The single view's picker, keyed per candidate: until chosen, that row says why."""
    gsm8k = LM_EVAL / "pyfade_gsm8k_pair"
    at = _several()
    at.number_input(key="family_count").set_value(2).run()
    at.file_uploader(key="family_baseline").set_value(
        [("base.zip", _zip(gsm8k / "base_gemma3-12b-it-q4_K_M", "base"), "application/zip")]
    )
    at.file_uploader(key="family_cand_0").set_value(
        [("two_models.zip", _zip(gsm8k, "results"), "application/zip")]
    )
    at.file_uploader(key="family_cand_1").set_value(
        [("tuned.zip", _zip(gsm8k / "tuned_gemma3-12b-u1", "tuned"), "application/zip")]
    )
    at.run()
    assert not at.exception
    picker = at.selectbox(key="model:candidate 1")
    assert picker.value is None  # never preselected
    assert set(picker.options) == {"gemma3:12b-it-q4_K_M", "gemma3:12b-u1"}
    assert picker.label.startswith("Candidate 1 model (2 in these files)")
    assert not [s for s in at.selectbox if s.key == "model:candidate 2"]  # one model: no picker
    table = at.dataframe[0].value
    rows = dict(zip(table["candidate"], table["verdict"]))
    assert rows["two_models.zip"] == "🚫 no verdict" and rows["gemma3:12b-u1"] != "🚫 no verdict"
    why = table.loc[table["candidate"] == "two_models.zip", "sentence"].iloc[0]
    assert "choose the candidate 1 model in the sidebar" in why
    picker.set_value("gemma3:12b-u1").run()
    assert not at.exception
    assert at.selectbox(key="model:candidate 1").value == "gemma3:12b-u1"  # still shown
    table = at.dataframe[0].value
    assert "🚫 no verdict" not in set(table["verdict"])
    flips = table["b (worse)"] + table["c (better)"]
    assert list(flips) == [1, 1]  # both are the u1 run: one discordant doc each
    assert any("same" in w.value for w in at.warning)


def test_dict_scores_ask_for_the_score_key_once_for_the_baseline_and_every_candidate():
    """Real Inspect arc logs with dict scores: one score-key picker, never preselected."""
    at = _several()
    at.number_input(key="family_count").set_value(2).run()
    at.file_uploader(key="family_baseline").set_value(
        [("sonnet.json", dict_scored("data_arc_sonnet.json", False), "application/json")]
    )
    for k, side_first in enumerate((True, False)):
        at.file_uploader(key=f"family_cand_{k}").set_value(
            [(f"qwen_{k}.json", dict_scored("data_arc_qwen.json", side_first), "application/json")]
        )
    at.run()
    assert not at.exception
    assert "dicts with 2 keys" in " ".join(i.value for i in at.info) and not at.dataframe
    assert at.selectbox(key="score_key").value is None
    at.selectbox(key="score_key").set_value("main_task_success").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["b (worse)"]) == [2, 2] and list(table["c (better)"]) == [0, 0]
    at.selectbox(key="score_key").set_value("side_task_success").run()  # still offered
    table = at.dataframe[0].value
    assert list(table["b (worse)"]) == [0, 0] and list(table["c (better)"]) == [2, 2]


def test_a_candidates_model_chosen_among_files_since_replaced_is_forgotten():
    gsm8k = LM_EVAL / "pyfade_gsm8k_pair"
    at = _several()
    at.number_input(key="family_count").set_value(2).run()
    at.file_uploader(key="family_baseline").set_value(
        [("base.zip", _zip(gsm8k / "base_gemma3-12b-it-q4_K_M", "base"), "application/zip")]
    )
    at.file_uploader(key="family_cand_0").set_value(
        [("two_models.zip", _zip(gsm8k, "results"), "application/zip")]
    )
    at.file_uploader(key="family_cand_1").set_value(
        [("tuned.zip", _zip(gsm8k / "tuned_gemma3-12b-u1", "tuned"), "application/zip")]
    )
    at.run()
    at.selectbox(key="model:candidate 1").set_value("gemma3:12b-u1").run()
    assert "🚫 no verdict" not in set(at.dataframe[0].value["verdict"])
    mmlu = LM_EVAL / "pyfade_mmlu_pro_plus_pair"
    at.file_uploader(key="family_cand_0").set_value(
        [("two_mmlu.zip", _zip(mmlu, "results"), "application/zip")]
    )
    at.run()
    assert not at.exception
    picker = at.selectbox(key="model:candidate 1")
    assert picker.value is None  # the gsm8k model is not in these files: asked again
    assert "/workspace/gemma3_12b_u2" in picker.options
