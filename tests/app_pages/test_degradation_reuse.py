"""AppTest: option changes on the degradation page re-run the tests, not the pairing, and give
the same numbers as a fresh comparison (the sample family and uploads of real lm-eval files)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import core.degradation.data.pairing as pairing_module
from core.degradation.comparison import CompareOptions
from core.degradation.data.pairing import pair_runs
from core.degradation.present.tables import flipped_items
from core.text_safety import neutral_csv
from tests.app_pages.test_degradation_page import GSM8K, _zip_folder

REPO = Path(__file__).resolve().parents[2]
APP = str(REPO / "app.py")
PAGE = "app_pages/degradation_page.py"
SAMPLES = REPO / "sample_data" / "degradation"


def _open() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180).run()
    at.switch_page(PAGE).run()
    return at


@pytest.fixture
def pairings(monkeypatch):
    """Counts the pairings made from now on (the page's code imports ``pair_runs`` late or
    through the module, so the count sees every one)."""
    calls: list[str] = []
    original = pairing_module.pair_runs

    def counting(baseline, candidate, level="group"):
        calls.append(level)
        return original(baseline, candidate, level=level)

    monkeypatch.setattr(pairing_module, "pair_runs", counting)
    import ui.degradation.single_view

    monkeypatch.setattr(ui.degradation.single_view, "pair_runs", counting)
    return calls


def _units(at: AppTest) -> dict[str, tuple]:
    """The per-benchmark table of the full view: benchmark -> (b, c, flagged, Holm p)."""
    table = next(f.value for f in at.dataframe if {"benchmark", "b (worse)"} <= set(f.value))
    return {
        row["benchmark"]: (
            int(row["b (worse)"]),
            int(row["c (better)"]),
            row["flag"] != "",
            pytest.approx(float(row["Holm p"]), rel=1e-12),
        )
        for _, row in table.iterrows()
    }


def _sample_family(options: CompareOptions, level: str = "group"):
    """A fresh comparison of the bundled samples (the runs as the page read them)."""
    from core.degradation.candidates import compare_candidates
    from ui.degradation.candidates_inputs import _sample_runs
    from ui.degradation.loading import sample_identity

    baseline, read = _sample_runs(sample_identity())
    family, _ = compare_candidates(baseline, read, options, level=level)
    return family


def test_alpha_and_margin_on_the_first_screen_do_not_pair_again(pairings):
    at = _open()
    at.selectbox(key="family_open").set_value("meta-llama/Llama-3.1-8B-Instruct-KV-FP8").run()
    pairings.clear()
    at.select_slider(key="alpha").set_value(0.005).run()
    at.number_input(key="margin").set_value(3.5).run()
    assert not at.exception
    assert pairings == []  # alpha and margin never change a pairing
    assert "alpha 0.005" in at.error[0].value
    # the opened candidate's tables are those of a fresh comparison at these options
    opened = at.selectbox(key="family_open").value
    family = _sample_family(CompareOptions(alpha=0.005, margin=0.035))
    fresh = next(c.comparison for c in family.candidates if c.name == opened)
    assert _units(at) == {u.unit: (u.b, u.c, u.flagged, u.pvalue_holm) for u in fresh.units}
    assert any(u.flagged for u in fresh.units)  # the flags are compared, not only counts
    shown = " ".join(m.value for m in at.caption)
    assert "margin to rule out: 3.5 points" in shown


def test_the_test_unit_pairs_again_at_that_unit(pairings):
    at = _open()
    at.radio(key="level").set_value("task").run()
    assert not at.exception
    units = _units(at)
    assert any(name.startswith("leaderboard_bbh_") for name in units)  # subtasks, not groups
    at.select_slider(key="alpha").set_value(0.1).run()
    assert _units(at) == units
    assert set(pairings) <= {"task"}  # any pairing made was at the chosen unit


def test_alpha_on_uploads_reuses_the_pairing_and_the_flips_follow_the_unit(pairings):
    import ui.degradation.single_view

    ui.degradation.single_view._paired.clear()  # other tests may have paired these very files already
    at = _open()
    at.file_uploader(key="baseline_files").set_value(
        [("base.zip", _zip_folder(GSM8K / "base_gemma3-12b-it-q4_K_M"), "application/zip")]
    )
    at.file_uploader(key="candidate_files").set_value(
        [("tuned.zip", _zip_folder(GSM8K / "tuned_gemma3-12b-u1"), "application/zip")]
    )
    at.run()
    assert not at.exception and len(pairings) == 1
    before = at.get("download_button")
    at.select_slider(key="alpha").set_value(0.1).run()
    assert not at.exception and len(pairings) == 1
    shown = " ".join(c.value for c in at.caption)
    assert "alpha 0.1 " in shown
    assert len(at.get("download_button")) == len(before)
    # the cached flips are those of the pairing on the page
    flips = next(f.value for f in at.dataframe if "direction" in f.value.columns)
    assert list(flips["direction"]) == ["worse"]
    at.radio(key="level").set_value("task").run()
    assert not at.exception and pairings[-1] == "task"


def test_flipped_questions_are_the_ones_of_the_pairing():
    from tests.core.degradation.helpers import runs_from_counts
    from ui.degradation.view import _FLIPS, flipped_table

    baseline, candidate = runs_from_counts({"a": (300, 20, 5), "b": (200, 4, 9)})
    paired = pair_runs(baseline, candidate)
    unit = paired.units[0]
    frame, csv = flipped_table(paired, unit)
    fresh = flipped_items(paired.items, unit, paired.details_baseline, paired.details_candidate)
    assert frame.equals(fresh) and csv == neutral_csv(fresh).encode()
    assert flipped_table(paired, unit)[0] is frame  # remembered
    other = paired.units[1]
    assert not flipped_table(paired, other)[0].equals(frame)
    key = id(paired)
    del paired
    import gc

    gc.collect()
    assert key not in _FLIPS  # forgotten with the pairing


def test_the_other_candidates_images_are_drawn_after_the_first_screen(monkeypatch):
    import vl_convert

    import core.chart_export as charts
    import ui.degradation.prewarm
    from core.chart_export import chart_png
    from core.degradation.present.charts import forest_plot
    from core.degradation.present.html_report import forest_svg

    charts._png.cache_clear()  # earlier tests may have filled or turned over these caches
    charts._svg.cache_clear()
    ui.degradation.prewarm._SEEN.clear()
    at = _open()
    opened = at.selectbox(key="family_open").value
    ui.degradation.prewarm._POOL.submit(lambda: None).result(timeout=120)  # the queue has run
    family = _sample_family(CompareOptions())

    def refuse(*args, **kwargs):
        raise AssertionError("converted again: the prewarmed image was not found")

    monkeypatch.setattr(vl_convert, "vegalite_to_png", refuse)
    monkeypatch.setattr(vl_convert, "vegalite_to_svg", refuse)
    others = [c for c in family.compared if c.name != opened]
    assert len(others) == 2
    for candidate in others:
        assert chart_png(forest_plot(candidate.comparison)).startswith(b"\x89PNG")
        assert forest_svg(candidate.comparison).startswith("<svg")


def test_the_first_read_of_the_samples_reports_progress_and_later_reads_do_not(monkeypatch):
    import ui.degradation.candidates_inputs as inputs

    monkeypatch.setattr(inputs, "_SAMPLE_RUNS", {})  # the real memo comes back afterwards
    read = []
    monkeypatch.setattr(inputs, "read_run", lambda files, options, side: read.append(side) or side)
    steps = []
    first = inputs._sample_runs("identity", lambda *step: steps.append(step))
    assert steps == [
        (0, 4, "baseline.zip"),
        (1, 4, "candidate_kv_fp8.zip"),
        (2, 4, "candidate_w4a16.zip"),
        (3, 4, "candidate_lossless_rerun.zip"),
    ]
    assert first == ("baseline", [(name, "candidate", None) for _, _, name in steps[1:]])
    assert inputs._sample_runs("identity", lambda *step: steps.append(step)) is first
    assert len(steps) == 4 and read == ["baseline"] + ["candidate"] * 3  # read once
