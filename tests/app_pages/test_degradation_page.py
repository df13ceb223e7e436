"""AppTest tests of the degradation page: sample data, real uploads, bad input, options, downloads."""

from __future__ import annotations

import io
import json
import math
import zipfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[2]
APP = str(REPO / "app.py")
PAGE = "app_pages/degradation_page.py"
FORMATS = REPO / "tests" / "fixtures" / "formats" / "real"
GSM8K = FORMATS / "lm-evaluation-harness" / "pyfade_gsm8k_pair"
INSPECT = FORMATS / "inspect_ai" / "generated_mockllm_0.3.285"


KV_FP8 = "meta-llama/Llama-3.1-8B-Instruct-KV-FP8"
W4A16 = "meta-llama/Llama-3.1-8B-Instruct-w4a16"
LOSSLESS = "candidate_lossless_rerun.zip"  # same model name as the baseline: named by its file


def _open() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page(PAGE).run()
    return at


def _open_sample(candidate: str = KV_FP8) -> AppTest:
    """The first screen, with one simulated candidate's full analysis opened below the ranking."""
    at = _open()
    at.selectbox(key="family_open").set_value(candidate).run()
    return at


def _table(at: AppTest, column: str):
    """The first table on the page that has ``column``."""
    return next(frame.value for frame in at.dataframe if column in frame.value.columns)


def _zip_folder(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
    return buffer.getvalue()


def _upload(at: AppTest, key: str, files: list[tuple[str, bytes]]) -> None:
    at.file_uploader(key=key).set_value(
        [(name, data, "application/octet-stream") for name, data in files]
    )


def _banner_text(at: AppTest) -> str:
    return " ".join(e.value for e in [*at.error, *at.success, *at.warning])


@pytest.fixture(scope="module")
def sample_page() -> AppTest:
    return _open_sample()


def test_first_open_shows_a_complete_analysis_of_the_simulated_sample(sample_page):
    at = sample_page
    assert not at.exception
    assert any("simulated sample data" in info.value for info in at.info)
    assert "**Degraded:** accuracy fell 0.79 points (95% CI 0.42 to 1.16)" in _banner_text(at)
    assert "less than your 1-point margin" in _banner_text(at)
    assert "over 25,282 questions" in _banner_text(at)
    labels = [metric.label for metric in at.metric]
    assert "Combined p" in labels and "Detectable drop" in labels
    assert len(at.get("vega_lite_chart")) >= 1 or len(at.get("arrow_vega_lite_chart")) >= 1
    per_task = _table(at, "Holm p")
    assert {"benchmark", "b (worse)", "c (better)", "Holm p"} <= set(per_task.columns)
    assert len(per_task) == 6  # the six Open LLM Leaderboard v2 benchmarks


def test_first_screen_ranks_the_three_simulated_candidates_and_opens_the_safest():
    """No uploads, no toggle: the ranking answers "which may ship?", one full view below."""
    at = _open()
    assert not at.exception
    assert at.toggle(key="several").value is False
    assert at.file_uploader(key="baseline_files") is not None  # today's uploads stay on top
    ranked = _table(at, "adjusted p (Holm)")
    assert list(ranked["candidate"]) == [LOSSLESS, KV_FP8, W4A16]  # safest first
    assert list(ranked["verdict"]) == ["✅ no evidence", "🔻 degraded", "🔻 degraded"]
    assert ranked["sentence"].str.len().min() > 20
    assert ranked["drop (points)"].iloc[1] == pytest.approx(0.79, abs=0.005)
    assert list(ranked["adjusted p"]) == ["0.20", "0.0001", "< 0.00001"]  # words, no raw floats
    summary = at.error[0].value
    assert summary.startswith("3 candidates against baseline") and "2 degraded" in summary
    bullets = " ".join(m.value for m in at.markdown)
    assert "Drops by benchmark and candidate" in bullets
    assert len([*at.get("vega_lite_chart"), *at.get("arrow_vega_lite_chart")]) >= 2
    (broken,) = [e for e in at.expander if "got wrong but the baseline got right" in e.label]
    assert "(293)" in broken.label
    questions = _table(at, "which")
    assert len(questions) == 293 and questions["candidates"].min() >= 2
    assert at.selectbox(key="family_open").value == LOSSLESS
    assert "No evidence of degradation" in _banner_text(at)
    labels = {button.proto.label for button in at.get("download_button")}
    assert {"All candidates (JSON)", "Report (HTML)"} <= labels


def test_first_screen_follows_the_options():
    """The cached sample comparisons are keyed by the options: alpha changes the ranking's p."""
    at = _open()
    before = _table(at, "adjusted p (Holm)")
    at.select_slider(key="alpha").set_value(0.001).run()
    after = _table(at, "adjusted p (Holm)")
    assert not at.exception
    assert list(after["candidate"]) == list(before["candidate"])
    assert "alpha 0.001" in at.error[0].value  # not the family cached for alpha 0.05
    assert list(after["adjusted p (Holm)"]) == pytest.approx(list(before["adjusted p (Holm)"]))
    at.number_input(key="margin").set_value(2.0).run()
    assert not at.exception
    kv_fp8 = _table(at, "sentence").set_index("candidate")["sentence"][KV_FP8]
    assert "less than your 2-point margin" in kv_fp8


def test_one_baseline_and_one_candidate_uploaded_give_the_single_view():
    at = _open()
    _upload(at, "baseline_files", [("base.zip", _zip_folder(GSM8K / "base_gemma3-12b-it-q4_K_M"))])
    _upload(at, "candidate_files", [("tuned.zip", _zip_folder(GSM8K / "tuned_gemma3-12b-u1"))])
    at.run()
    assert not at.exception
    assert not any("adjusted p (Holm)" in frame.value.columns for frame in at.dataframe)
    assert not [s for s in at.selectbox if s.key == "family_open"]
    assert list(at.dataframe[0].value["benchmark"]) == ["gsm8k"]


def test_key_figures_come_three_to_a_row_so_values_are_not_clipped(sample_page):
    """Six tiles in one row cut "33.33 pts" to "33.33 ..." at 1280 px (seen in the browser)."""
    tiles = [c for c in sample_page.columns if len(c.get("metric"))]
    assert len(tiles) == 6
    assert all(c.weight >= 1 / 3 - 1e-9 for c in tiles)


def test_candidate_tile_shows_the_fall_as_a_negative_change(sample_page):
    tiles = {m.label: m for m in sample_page.metric}
    assert tiles["Accuracy, candidate"].proto.delta == "-0.79 pts"


def test_two_sided_option_reaches_the_tile_help_and_the_planning_tab():
    """Two-sided: the detectable drop and the plan are at alpha/6 per side, like the verdict."""
    from core.degradation.stats.power import plan_sample_size

    at = _open_sample()
    at.checkbox(key="two_sided").check().run()
    tiles = {m.label: m for m in at.metric}
    assert "(alpha/6 per side)" in tiles["Detectable drop"].proto.help
    plan = plan_sample_size(flip_rate=2283 / 25282, drop=0.01, power=0.8, alpha=0.05, tests=6)
    sentence = next(m.value for m in at.markdown if m.value.startswith("To detect"))
    assert f"you need about **{math.ceil(plan.n_items):,} questions**" in sentence
    assert any("(level alpha/6)" in c.value for c in at.caption)


def test_detectable_drop_tile_names_the_margin_in_the_singular(sample_page):
    captions = [c.value for c in sample_page.caption]
    assert "margin to rule out: 1 point" in captions
    assert not any("1 points" in c for c in captions)


def test_sample_candidates_give_the_papers_verdicts():
    at = _open_sample(LOSSLESS)
    assert "No evidence of degradation" in _banner_text(at)
    at.selectbox(key="family_open").set_value(W4A16).run()
    assert "accuracy fell 1.73 points" in _banner_text(at)


def test_options_change_the_analysis_without_errors():
    at = _open_sample()
    at.radio(key="level").set_value("task").run()
    assert not at.exception
    assert (
        len(_table(at, "Holm p")) == 39
    )  # every subtask: BBH 24, GPQA 3, IFEval, MATH 7, MMLU-Pro, MuSR 3
    at.select_slider(key="alpha").set_value(0.001).run()
    at.number_input(key="margin").set_value(0.2).run()
    assert not at.exception
    at.checkbox(key="two_sided").check().run()
    at.checkbox(key="mid_p").check().run()
    assert not at.exception
    assert "Degraded" in _banner_text(at)


def test_upload_of_real_lm_eval_folders_as_zips():
    at = _open()
    _upload(at, "baseline_files", [("base.zip", _zip_folder(GSM8K / "base_gemma3-12b-it-q4_K_M"))])
    _upload(at, "candidate_files", [("tuned.zip", _zip_folder(GSM8K / "tuned_gemma3-12b-u1"))])
    at.run()
    assert not at.exception
    assert not any("simulated" in info.value for info in at.info)
    table = at.dataframe[0].value
    assert list(table["benchmark"]) == ["gsm8k"]
    assert (
        int(table["b (worse)"].iloc[0]) + int(table["c (better)"].iloc[0]) == 1
    )  # one discordant doc
    # the data warnings sit under the verdict, grouped: one box for the two sides' count notes
    summaries = [w.value for w in at.warning if "Results-file counts" in w.value]
    assert summaries == [
        "Results-file counts disagree with the samples (2 warnings: baseline 1, candidate 1)"
    ]
    details = " ".join(m.value for m in at.markdown)
    assert "the results file counts 100 docs but the samples file holds 3" in details


def test_upload_of_real_inspect_logs():
    at = _open()
    _upload(
        at,
        "baseline_files",
        [(p.name, p.read_bytes()) for p in (INSPECT / "baseline").glob("*.eval")],
    )
    _upload(
        at,
        "candidate_files",
        [(p.name, p.read_bytes()) for p in (INSPECT / "candidate").glob("*.eval")],
    )
    at.run()
    assert not at.exception
    table = at.dataframe[0].value
    assert int(table["b (worse)"].sum()) == 2 and int(table["c (better)"].sum()) == 2


def test_one_side_only_asks_for_the_other():
    at = _open()
    _upload(at, "baseline_files", [("a.csv", b"prompt_id,score\n1,1\n")])
    at.run()
    assert not at.exception
    assert any("Upload both" in info.value for info in at.info)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("samples_x.jsonl", b"\x89PNG\r\n\x1a\n\x00\x00binary", "this is a PNG image"),
        (
            "broken.jsonl",
            b'{"doc_id": 0, "filtered_resps": ["a"], "acc": 1}\n{"doc_id": 1, "filt',
            "line 2",
        ),
        ("task.csv", b"prompt_id,score\n1,7\n", "outside [0, 1]"),
        ("task.csv", b"prompt_id,points\n1,1\n", "no score column"),
        ("latin1.csv", "prompt_id,score\n\xe9,1\n".encode("latin-1"), "not UTF-8"),
    ],
)
def test_bad_uploads_show_the_readers_message_and_keep_the_page(name, content, message):
    at = _open()
    _upload(at, "baseline_files", [(name, content)])
    _upload(at, "candidate_files", [("task.csv", b"prompt_id,score\n1,1\n")])
    at.run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error).replace("\\", "")  # markdown escapes
    assert "cannot be compared" in errors and message in errors, errors
    assert at.file_uploader(key="baseline_files") is not None  # inputs still there


def test_no_task_in_common_is_explained():
    at = _open()
    _upload(at, "baseline_files", [("gsm8k.csv", b"prompt_id,score\n1,1\n")])
    _upload(at, "candidate_files", [("arc.csv", b"prompt_id,score\n1,1\n")])
    at.run()
    assert "no task in common" in " ".join(e.value for e in at.error)


def test_download_payloads(sample_page):
    from core.degradation.compare import compare_paired
    from core.degradation.data.pairing import pair_runs
    from core.degradation.present.html_report import build_html_report
    from core.degradation.present.report import to_dict
    from core.readers import read_path

    base = read_path(str(REPO / "sample_data" / "degradation" / "baseline.zip"))
    cand = read_path(str(REPO / "sample_data" / "degradation" / "candidate_kv_fp8.zip"))
    result = compare_paired(pair_runs(base, cand))
    payload = to_dict(result)
    assert json.loads(json.dumps(payload))["verdict"] == "degraded"
    html = build_html_report(result, note="Sample data (simulated)")
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html and "<script" not in html
    assert "Sample data (simulated)" in html
    keys = {button.proto.label for button in sample_page.get("download_button")}
    assert {
        "Per-benchmark table (CSV)",
        "Full result (JSON)",
        "Report (HTML)",
        "Chart (PNG)",
    } <= keys


def test_flipped_questions_drilldown(sample_page):
    at = sample_page
    at.selectbox(key="drilldown_unit").set_value("leaderboard_math_hard").run()
    assert any(
        "flipped in **leaderboard_math_hard**: 325 got worse, 221 got better" in m.value
        for m in at.markdown
    )


def test_planning_tab(sample_page):
    at = sample_page
    at.number_input(key="plan_drop").set_value(0.5).run()
    text = " ".join(m.value for m in at.markdown)
    assert "To detect a **0.5-point** drop" in text and "questions**" in text


def test_folders_holding_several_models_ask_which_model_each_side_is():
    """Both models' files on each side: never the newest silently, a model picker instead."""
    pair = FORMATS / "lm-evaluation-harness" / "pyfade_gsm8k_pair"
    both = [(p.name, p.read_bytes()) for p in sorted(pair.rglob("*.json*"))]
    at = _open()
    _upload(at, "baseline_files", both)
    _upload(at, "candidate_files", both)
    at.run()
    assert not at.exception
    asked = " ".join(info.value for info in at.info)
    assert "The baseline files hold runs of 2 models" in asked and "gemma3" in asked
    assert not at.dataframe  # no verdict before the choice
    assert at.selectbox(key="model:candidate").value is None  # never preselected
    at.selectbox(key="model:baseline").set_value("gemma3:12b-it-q4_K_M")
    at.selectbox(key="model:candidate").set_value("gemma3:12b-u1").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert int(table["b (worse)"].iloc[0]) + int(table["c (better)"].iloc[0]) == 1


def test_both_combination_rules_are_shown_and_the_paper_rule_is_one_option_away():
    at = _open_sample(LOSSLESS)
    aggregation = _table(at, "looks for")
    tests = list(aggregation["test"])
    assert "Combined (calibrated min-p)" in tests and "Combined (paper: 3 × smallest)" in tests
    used = aggregation.set_index("test")["looks for"]
    assert used["Combined (calibrated min-p)"].startswith("verdict:")
    calibrated_tile = next(m for m in at.metric if m.label == "Combined p").value
    at.radio(key="combine").set_value("paper").run()
    assert not at.exception
    paper_tile = next(m for m in at.metric if m.label == "Combined p").value
    assert (calibrated_tile, paper_tile) == ("0.20", "0.36")  # seeded: 0.196 ± 0.003
    used = _table(at, "looks for").set_index("test")["looks for"]
    assert used["Combined (paper: 3 × smallest)"].startswith("verdict:")


def test_words_on_the_page_follow_the_options():
    at = _open_sample(LOSSLESS)
    labels = {m.label: m for m in at.metric}
    assert "Detectable drop" in labels and labels["Detectable drop"].value.endswith("pts")
    # accuracy rose 0.02 points: the tile names the rise and shows the rise's interval
    assert labels["Rise (95% CI)"].value == "0.02 pts"
    assert "95% CI −0.12 to 0.16 points" in [c.value for c in at.caption]
    expanders = " ".join(e.proto.label for e in at.expander)
    assert "Why can" in expanders
    texts = " ".join(m.value for m in at.markdown)
    assert "80% probability" in texts and "(95%)" in texts
