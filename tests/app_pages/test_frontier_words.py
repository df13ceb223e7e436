"""AppTest: the Saturation tab's words and charts, and the glossary's frontier terms."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from ui.frontier.loading import SAMPLE, digest

from .frontier_helpers import APP, REPO, chart_specs, markdown_text, open_page, show_tab

EPOCH = REPO / "tests" / "fixtures" / "frontier" / "epoch_ai_points_GPQA_diamond.csv"
RAW_FLOAT = re.compile(r"\d\.\d{5,}e[+-]?\d+|e\+\d")


def test_saturation_tab_formats_numbers_and_says_why_dominance_is_skipped():
    at = open_page(180)
    at.file_uploader(key="frontier_table").set_value(
        ("points_GPQA_diamond.csv", EPOCH.read_bytes(), "text/csv")
    )
    at.run()
    show_tab(at, "Saturation")
    assert not at.exception
    info = " ".join(i.value for i in at.info)
    assert "Frontier dominance skipped:" in info and "no date column" in info
    table = at.dataframe[-1].value
    flat = table["flattens at FLOPs"].tolist()
    assert all(
        v == "beyond any compute in the data" or re.fullmatch(r"\d(\.\d)?e\d+", v) for v in flat
    )
    assert re.fullmatch(r"\d(\.\d)?e\d+", table["max FLOPs"].iloc[0])
    assert not RAW_FLOAT.search(markdown_text(at))


def test_chart_axes_and_titles_are_whole():
    at = open_page(180)
    show_tab(at, "Saturation")
    assert not at.exception
    for spec in chart_specs(at):
        text = str(spec)
        titles = re.findall(r"'title': \{'text': \[(.*?)\]", text)
        assert titles
        for title in re.findall(r"'title': \{'text': \[(.*?)\]", text):
            for line in re.findall(r"'([^']*)'", title):
                assert len(line) <= 60, line
    monotone = [s for s in chart_specs(at) if "rate" in str(s.get("encoding", {}))]
    assert monotone and len(chart_specs(at)) >= 2
    for spec in monotone:
        assert spec["encoding"]["y"]["title"] == "Adjacent decrease rate"
    dominance = [s for s in chart_specs(at) if "share_dominated" in str(s.get("encoding", {}))]
    assert dominance
    for spec in dominance:
        assert spec["encoding"]["x"]["axis"]["format"] == "%b %Y"  # years on the date axis
    show_tab(at, "Boundary")
    x = chart_specs(at)[0]["layer"][1]["encoding"]["x"]
    assert x["axis"]["labelExpr"] == "'1e' + format(datum.value, 'd')"
    assert x["axis"]["title"] == "Pre-training compute (FLOPs, log scale)"


def test_glossary_explains_the_frontier_terms():
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("app_pages/glossary_page.py").run()
    assert not at.exception
    text = markdown_text(at)
    for term in (
        "τ (tau)",
        "Pinball loss",
        "Coverage",
        "Saturation",
        "Logit",
        "I-optimal design",
        "Frontier dominance",
    ):
        assert f"**{term}**" in text, term


def test_report_gets_the_probe_and_budget_computed_for_this_table():
    at = open_page(180)
    show_tab(at, "Contamination probe")
    show_tab(at, "Evaluation budget")
    assert not at.exception
    key = digest(SAMPLE.read_bytes())  # the content key of the bundled sample
    identity = at.session_state["fm_table"]
    probe_key, probe = at.session_state["frontier_report_probe"]
    budget_key, budget = at.session_state["frontier_report_budget"]
    assert probe_key == budget_key == key
    assert probe.title.startswith("Contamination probe: MATH Lvl 5 against BBH")
    assert probe.chart is not None and "logits" in probe.sentences[0]
    assert budget.sentences[0].startswith("Evaluating these **")
    assert list(budget.table.columns)[:1] == ["model"] and len(budget.table) > 0
    # another table: the sample's results are not offered for its report
    at.file_uploader(key="frontier_table").set_value(
        ("points_GPQA_diamond.csv", EPOCH.read_bytes(), "text/csv")
    )
    at.run()
    assert at.session_state["fm_table"] != identity
