"""Component test of ui/degradation/downloads.py: four download buttons with their files, the
command line, and bytes that carry the provenance record."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from core.degradation.compare import compare_paired
from core.degradation.data.pairing import pair_runs
from core.degradation.data.provenance import Provenance
from tests.core.degradation.helpers import runs_from_counts


@pytest.fixture(scope="module")
def comparison():
    baseline, candidate = runs_from_counts({"arc": (300, 30, 10), "gsm8k": (200, 5, 6)})
    result = compare_paired(pair_runs(baseline, candidate))
    provenance = Provenance(
        baseline=(),
        candidate=(),
        settings={"alpha": 0.05},
        command="python -m core compare base/ cand/ --alpha 0.05",
    )
    return result, provenance


def _app(result, provenance):
    import streamlit as st

    from ui.degradation.downloads import _identity, download_bytes, render_downloads

    render_downloads(result, "a note", provenance)
    st.session_state["bytes"] = download_bytes(
        _identity(provenance, "a note"), result, provenance, "a note"
    )


def test_buttons_command_and_bytes(comparison):
    at = AppTest.from_function(_app, args=comparison, default_timeout=20).run()
    assert not at.exception
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == [
        "Per-benchmark table (CSV)",
        "Full result (JSON)",
        "Report (HTML)",
        "Chart (PNG)",
    ]
    assert at.code[0].value == "python -m core compare base/ cand/ --alpha 0.05"
    payloads = at.session_state["bytes"]
    csv = payloads["csv"].decode()
    assert csv.startswith("#") and "arc" in csv and "gsm8k" in csv
    record = json.loads(payloads["json"])
    assert record["verdict"] == comparison[0].verdict
    assert b"a note" in payloads["html"]
    assert payloads["png"].startswith(b"\x89PNG")
