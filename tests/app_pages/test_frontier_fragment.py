"""The benchmark in focus and the tabs run in a fragment (``render_focus_and_tabs``).

A change inside it (focus, τ, tab, calculator, downloads) reruns only that part in the
browser; a change outside it (the sidebar's options) reruns the whole page. A τ change must
redraw every element that depends on τ, and the downloads must record the τ now chosen.
AppTest reruns the whole script for every interaction, so these tests check the page's
content after each step; the browser test checks the fragment's own reruns.
"""

from __future__ import annotations

import io
import json

import pandas as pd
import pyarrow as pa
from streamlit.testing.v1 import local_script_runner

from .download_helpers import download_payload
from .frontier_helpers import chart_specs, markdown_text, open_page, show_tab, widget_key


def _title(spec: dict) -> str:
    title = spec["title"]
    return title if isinstance(title, str) else title["text"]


def _tooltip_titles(spec) -> list[str]:
    """Every tooltip title anywhere in a (layered or concatenated) spec."""
    found = []
    if isinstance(spec, dict):
        tooltip = spec.get("encoding", {}).get("tooltip", [])
        found += [t.get("title", "") for t in (tooltip if isinstance(tooltip, list) else [])]
        for value in spec.values():
            found += _tooltip_titles(value)
    elif isinstance(spec, list):
        for value in spec:
            found += _tooltip_titles(value)
    return found


def _shown_line_titles(chart) -> list[str]:
    """Tooltip titles of the boundary lines that have rows (one per panel or chart)."""
    rows = {
        d.name: pa.ipc.open_stream(d.data.data).read_all().num_rows for d in chart.proto.datasets
    }
    titles = []
    spec = json.loads(chart.proto.spec)
    for panel in spec.get("concat", [spec]):  # the multiples' panels, or the focus chart
        for layer in panel["layer"]:
            if layer["mark"]["type"] == "line" and rows[layer["data"]["name"]]:
                titles += [t["title"] for t in layer["encoding"]["tooltip"][1:]]
    return titles


def _fragment_of_each_element(monkeypatch) -> list[tuple[str, str]]:
    """(element type, fragment id) of every element the next runs send, in order; a
    widget's type is followed by its key (``slider:tau``)."""
    sent: list[tuple[str, str]] = []
    parse = local_script_runner.parse_tree_from_messages

    def recording(messages):
        for message in messages:
            if message.HasField("delta") and message.delta.HasField("new_element"):
                element = message.delta.new_element
                kind = element.WhichOneof("type")
                widget = getattr(element, kind)
                key = getattr(widget, "id", "").rsplit("-", 1)[-1] if kind == "slider" else ""
                sent.append((f"{kind}:{key}" if key else kind, message.delta.fragment_id))
        return parse(messages)

    monkeypatch.setattr(local_script_runner, "parse_tree_from_messages", recording)
    return sent


def test_focus_and_tabs_run_in_a_fragment_and_the_sidebar_does_not(monkeypatch):
    sent = _fragment_of_each_element(monkeypatch)
    open_page()
    by_type: dict[str, set[str]] = {}
    for kind, fragment in sent:
        by_type.setdefault(kind, set()).add(fragment)
    (fragment,) = by_type["vega_lite_chart"]  # both charts: one fragment
    assert fragment  # not the whole page
    assert by_type["selectbox"] >= {fragment}  # the benchmark in focus is inside it
    assert by_type["slider:tau"] == {fragment}  # τ is inside it: a τ change reruns it only
    assert by_type["slider:n_boot"] == by_type["slider:fit_level"] == {""}  # the sidebar's not
    assert by_type["file_uploader"] == {"", fragment}  # the table's; new models' in the tab


def test_tau_change_redraws_everything_that_depends_on_tau():
    at = open_page()
    at.selectbox(key=widget_key(at, "focus")).select("MATH Lvl 5").run()
    heading_98 = markdown_text(at)
    at.select_slider(key="tau").set_value(0.9).run()
    assert not at.exception
    focus = at.selectbox(key=widget_key(at, "focus"))
    assert focus.value == "MATH Lvl 5"  # the focus survives a whole-page rerun
    text = markdown_text(at)
    assert "MATH Lvl 5 at τ = 0.9: the boundary" in text  # the heading above the chart
    assert text != heading_98  # the summary sentence is the τ = 0.9 boundary's
    focus_spec, multiples = chart_specs(at)
    assert _title(focus_spec) == "MATH Lvl 5 (3,604 models)"  # the same at every τ
    assert "boundary (τ = 0.9)" in _tooltip_titles(focus_spec)
    focus_chart, multiples_chart = at.get("vega_lite_chart")
    assert _shown_line_titles(focus_chart) == ["boundary (τ = 0.9)"]
    assert _shown_line_titles(multiples_chart) == ["boundary (τ = 0.9)"] * 6
    captions = " ".join(c.value for c in at.caption)
    assert "The red line is the τ = 0.9 boundary: about 90% of models" in captions

    at = show_tab(at, "Calculator")
    captions = " ".join(c.value for c in at.caption)
    assert "The boundary is the τ = 0.9 quantile: the score the best 10% of models" in captions
    assert "the MATH Lvl 5 boundary is" in markdown_text(at)


def test_downloads_record_the_current_tau(media):
    at = open_page()
    at.select_slider(key="tau").set_value(0.95).run()
    at.selectbox(key=widget_key(at, "focus")).select("BBH").run()
    at = show_tab(at, "Downloads")
    assert not at.exception
    items = json.loads(download_payload(at, media, "Parameters and backtest (JSON)"))
    assert [item["tau"] for item in items] == [0.95] * 6
    by_name = {item["benchmark"]: item for item in items}
    assert "band" in by_name["BBH"] and "band" not in by_name["IFEval"]  # band of the focus
    params = pd.read_csv(io.BytesIO(download_payload(at, media, "Fitted parameters (CSV)")))
    assert set(params["tau"]) == {0.95}

    at.select_slider(key="tau").set_value(0.75).run()  # changed while Downloads is open
    items = json.loads(download_payload(at, media, "Parameters and backtest (JSON)"))
    assert [item["tau"] for item in items] == [0.75] * 6
    assert "band" in {i["benchmark"]: i for i in items}["BBH"]


def test_small_multiples_are_sent_before_the_band_but_shown_below_the_focus(monkeypatch):
    # The server sends the multiples first, so that the browser draws them while the band
    # of the benchmark in focus is bootstrapped; the page's order is unchanged.
    sent: list[str] = []
    parse = local_script_runner.parse_tree_from_messages

    def recording(messages):
        for message in messages:
            if message.HasField("delta") and message.delta.HasField("new_element"):
                element = message.delta.new_element
                if element.WhichOneof("type") == "vega_lite_chart":
                    spec = json.loads(element.vega_lite_chart.spec)
                    sent.append("multiples" if "concat" in spec else "focus")
        return parse(messages)

    monkeypatch.setattr(local_script_runner, "parse_tree_from_messages", recording)
    at = open_page()
    assert sent == ["multiples", "focus"]
    focus_spec, multiples = chart_specs(at)
    assert "concat" in multiples and "layer" in focus_spec
    assert [layer["mark"]["type"] for layer in focus_spec["layer"]][0] == "area"  # the band
    text = markdown_text(at)
    assert text.index("IFEval at τ = 0.98: the boundary rises") < text.index("All benchmarks")
