"""Downloads of a comparison, built eagerly and cached, each carrying its provenance record.

Download buttons get their bytes, never a callable: Streamlit keeps a callable's file only
for the run that made it, so a second quick click lost it ("Deferred file ... not found").
The bytes are cached by the comparison's identity (its command line, the inputs' SHA-256
and the note), so a rerun does not rebuild the HTML report or the PNG.
"""

from __future__ import annotations

import streamlit as st

from core.chart_export import chart_png
from core.degradation.comparison import Comparison
from core.degradation.data.provenance import Provenance
from core.degradation.present.charts import forest_plot
from core.degradation.present.html_report import build_html_report, forest_svg
from core.degradation.present.report import to_json
from core.degradation.present.tables import units_frame
from core.text_safety import neutral_csv
from ui.frontier.chart_cache import fingerprint


def _identity(provenance: Provenance, note: str) -> str:
    files = [r.sha256 for r in (*provenance.baseline, *provenance.candidate)]
    return "|".join([provenance.command, *files, note])


@st.cache_data(max_entries=8, show_spinner="Preparing the downloads…")
def download_bytes(
    identity: str, _result: Comparison, _provenance: Provenance, note: str
) -> dict[str, bytes]:
    """Every download's bytes; ``identity`` is the cache key (the other arguments are not hashed)."""
    table = neutral_csv(units_frame(_result))
    csv = "\n".join(_provenance.comment_lines()) + "\n" + table
    chart_key = forest_key(_result)  # the images change only with what the plot shows
    return {
        "csv": csv.encode(),
        "json": to_json(_result, provenance=_provenance).encode(),
        "html": build_html_report(
            _result, note=note, provenance=_provenance, chart=_forest_svg(chart_key, _result)
        ).encode(),
        "png": _forest_png(chart_key, _result),
    }


def forest_key(result: Comparison) -> str:
    """A content key of everything the forest plot draws (units, pooled row, level)."""
    return fingerprint(result.units, result.pooled, result.options.confidence_level)


@st.cache_data(max_entries=16, show_spinner=False)
def _forest_png(key: str, _result: Comparison) -> bytes:
    return chart_png(forest_plot(_result))


@st.cache_data(max_entries=16, show_spinner=False)
def _forest_svg(key: str, _result: Comparison) -> str:
    return forest_svg(_result)


def render_downloads(result: Comparison, note: str, provenance: Provenance) -> None:
    """Per-benchmark CSV, the full JSON, the HTML report and the chart as PNG."""
    payloads = download_bytes(_identity(provenance, note), result, provenance, note)
    columns = st.columns(4)
    buttons = (
        ("Per-benchmark table (CSV)", "csv", "per_benchmark.csv", "text/csv"),
        ("Full result (JSON)", "json", "comparison.json", "application/json"),
        ("Report (HTML)", "html", "degradation_report.html", "text/html"),
        ("Chart (PNG)", "png", "benchmarks.png", "image/png"),
    )
    for column, (label, kind, file_name, mime) in zip(columns, buttons):
        column.download_button(
            label, payloads[kind], file_name, mime, key=f"download_{kind}", on_click="ignore"
        )
    st.caption(
        "The CSV starts with `#` lines recording the input files (SHA-256), every setting, the "
        "app version and the date; the JSON and HTML reports carry the same record."
    )
    st.markdown("**The same comparison from a terminal**")
    st.code(provenance.command, language="bash")
