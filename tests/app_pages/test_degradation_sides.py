"""AppTest: one model per side, the score-key picker, the same-sides warning, and reproducible
downloads (checked by their bytes), all on uploads of real files we did not generate."""

from __future__ import annotations

import hashlib
import io
import json
import sys
import zipfile
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app_pages.download_helpers import download_payload

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
from tests.core.readers.test_inspect_dict_scores import dict_scored  # noqa: E402

APP = str(REPO / "app.py")
PAGE = "app_pages/degradation_page.py"
MMLU = REPO / "tests/fixtures/formats/real/lm-evaluation-harness/pyfade_mmlu_pro_plus_pair"
BASE_DIR, TUNED_DIR = MMLU / "base_gemma-3-12b-it", MMLU / "tuned_gemma3_12b_u2"
BASE_MODEL, TUNED_MODEL = "/workspace/gemma-3-12b-it-base", "/workspace/gemma3_12b_u2"


def _open() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page(PAGE).run()
    return at


def _zip(*folders: Path) -> bytes:
    """An lm-eval output root: one folder per model, as ``--output_path results/`` writes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for folder in folders:
            for path in sorted(folder.iterdir()):
                archive.write(path, f"results/{folder.name}/{path.name}")
    return buffer.getvalue()


def _upload(at: AppTest, key: str, files: list[tuple[str, bytes]]) -> None:
    at.file_uploader(key=key).set_value(
        [(name, data, "application/octet-stream") for name, data in files]
    )


def _text(elements) -> str:
    return " ".join(e.value for e in elements)


def test_output_root_with_two_models_asks_then_compares_the_chosen_model():
    root = _zip(BASE_DIR, TUNED_DIR)
    at = _open()
    _upload(at, "baseline_files", [("results.zip", root)])
    _upload(at, "candidate_files", [("results.zip", root)])
    at.run()
    assert not at.exception
    assert "The baseline files hold runs of 2 models" in _text(at.info)
    assert "The candidate files hold runs of 2 models" in _text(at.info)
    assert not at.dataframe
    at.selectbox(key="model:baseline").set_value(BASE_MODEL)
    at.selectbox(key="model:candidate").set_value(TUNED_MODEL).run()
    assert not at.exception
    # as comparing the two model folders directly: 3 docs base right and tuned wrong, 0 reverse
    assert int(at.dataframe[0].value["b (worse)"].sum()) == 3
    command = _text(at.code)
    assert "python -m core compare results.zip results.zip" in command
    assert f"--baseline-run {BASE_MODEL}" in command
    assert f"--candidate-run {TUNED_MODEL}" in command
    # the same model on both sides: said beside the verdict
    at.selectbox(key="model:candidate").set_value(BASE_MODEL).run()
    assert "Both sides may be the same run (1 warning: both 1)" in _text(at.warning)
    assert "both sides are the same file(s) (identical SHA-256)" in _text(at.markdown)


def test_same_file_on_both_sides_is_warned_beside_the_verdict():
    files = [(p.name, p.read_bytes()) for p in sorted(TUNED_DIR.iterdir())]
    at = _open()
    _upload(at, "baseline_files", files)
    _upload(at, "candidate_files", files)
    at.run()
    assert not at.exception
    # grouped under the verdict with the other data warnings, the message in its details
    assert "Both sides may be the same run (1 warning: both 1)" in _text(at.warning)
    assert "both sides are the same file" in _text(at.markdown)


def test_inspect_dict_scores_ask_for_one_key_for_both_sides():
    at = _open()
    _upload(at, "baseline_files", [("sonnet.json", dict_scored("data_arc_sonnet.json", False))])
    _upload(at, "candidate_files", [("qwen.json", dict_scored("data_arc_qwen.json", True))])
    at.run()
    assert not at.exception
    assert "dicts with 2 keys" in _text(at.info) and not at.dataframe
    at.selectbox(key="score_key").set_value("main_task_success").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert int(table["b (worse)"].sum()) == 2 and int(table["c (better)"].sum()) == 0
    at.selectbox(key="score_key").set_value("side_task_success").run()
    table = at.dataframe[0].value
    assert int(table["b (worse)"].sum()) == 0 and int(table["c (better)"].sum()) == 2
    assert "--score-key side_task_success" in _text(at.code)


def test_downloads_carry_files_sha256_settings_version_and_date(media):
    base = [(p.name, p.read_bytes()) for p in sorted(BASE_DIR.iterdir())]
    tuned = [(p.name, p.read_bytes()) for p in sorted(TUNED_DIR.iterdir())]
    at = _open()
    _upload(at, "baseline_files", base)
    _upload(at, "candidate_files", tuned)
    at.select_slider(key="alpha").set_value(0.01)
    at.run()
    assert not at.exception
    record = json.loads(download_payload(at, media, "Full result (JSON)"))["provenance"]
    names = [entry["name"] for entry in record["inputs"]["baseline"]]
    assert names == [name for name, _ in base]
    assert record["inputs"]["candidate"][0]["sha256"] == hashlib.sha256(tuned[0][1]).hexdigest()
    assert record["settings"]["alpha"] == 0.01 and record["settings"]["level"] == "group"
    assert record["read"]["candidate"]["model"] == TUNED_MODEL
    assert len(record["read"]["baseline"]["files_read"]) == 3  # the samples files scored
    assert record["app_version"] == "0.1.0" and record["created"][:2] == "20"
    assert record["command"] == _text(at.code)
    assert "--alpha 0.01" in record["command"] and "baseline/ candidate/" in record["command"]
    csv = download_payload(at, media, "Per-benchmark table (CSV)").decode()
    assert csv.startswith("# Eval Verdict 0.1.0, ")
    assert f"sha256 {hashlib.sha256(base[0][1]).hexdigest()}" in csv
    html = download_payload(at, media, "Report (HTML)").decode()
    assert "<h3>Reproduce</h3>" in html and hashlib.sha256(base[1][1]).hexdigest() in html
    assert download_payload(at, media, "Chart (PNG)").startswith(b"\x89PNG")


def test_downloads_are_bytes_not_deferred_callables(media):
    """Two quick clicks lost a lazily built download; every button now holds its bytes."""
    at = _open()
    buttons = [
        b for b in at.get("download_button") if b.proto.label != "Download these flips (CSV)"
    ]
    assert len(buttons) == 7  # the first screen: 3 for all candidates, 4 for the opened one
    for button in buttons:
        assert button.proto.deferred_file_id == "" and button.proto.url.startswith("/mock/media/")
        assert button.proto.ignore_rerun  # a click does not rerun the page
    first = download_payload(at, media, "Report (HTML)")
    at.run()  # a rerun serves the same bytes (cached, not rebuilt)
    assert download_payload(at, media, "Report (HTML)") == first


def test_a_model_chosen_among_files_no_longer_uploaded_is_forgotten():
    root = _zip(BASE_DIR, TUNED_DIR)
    at = _open()
    _upload(at, "baseline_files", [("results.zip", root)])
    _upload(at, "candidate_files", [(p.name, p.read_bytes()) for p in sorted(TUNED_DIR.iterdir())])
    at.run()
    at.selectbox(key="model:baseline").set_value(BASE_MODEL).run()
    assert int(at.dataframe[0].value["b (worse)"].sum()) == 3
    lm_eval = REPO / "tests/fixtures/formats/real/lm-evaluation-harness"
    single = lm_eval / "pyfade_gsm8k_pair" / "base_gemma3-12b-it-q4_K_M"
    _upload(at, "baseline_files", [(p.name, p.read_bytes()) for p in sorted(single.iterdir())])
    _upload(
        at,
        "candidate_files",
        [(p.name, p.read_bytes()) for p in sorted(lm_eval.glob("pyfade_gsm8k_pair/tuned*/*"))],
    )
    at.run()
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert list(table["benchmark"]) == ["gsm8k"]


def test_paper_rule_chosen_on_the_page_is_in_the_command_and_the_record(media):
    """The shown command and the JSON record reproduce the page: --combine paper included."""
    at = _open()
    at.radio(key="combine").set_value("paper").run()
    assert not at.exception
    assert "--combine paper" in _text(at.code)
    record = json.loads(download_payload(at, media, "Full result (JSON)"))
    assert record["combine"] == "paper"
    assert record["provenance"]["settings"]["combine"] == "paper"
    family_command, command = (code.value for code in at.code)  # all candidates, the opened one
    assert record["provenance"]["command"] == command
    assert "--combine paper" in family_command and "candidate_w4a16.zip" in family_command
