"""Component test of ui/degradation/candidates_inputs.py: one uploader per candidate, the
bundled samples until something is uploaded, and upload payloads hashed once per file."""

from __future__ import annotations

import hashlib
from types import SimpleNamespace

from streamlit.testing.v1 import AppTest

from ui.degradation.loading import SAMPLE_CANDIDATES


def _app():
    import streamlit as st

    from ui.degradation.candidates_inputs import family_inputs

    st.session_state["returned"] = family_inputs()


def _uploaders(at) -> list[str]:
    return [u.proto.label for u in at.get("file_uploader")]


def test_one_uploader_per_candidate_and_the_samples_until_an_upload():
    at = AppTest.from_function(_app).run()
    assert not at.exception
    assert _uploaders(at) == ["Baseline results", "Candidate 1", "Candidate 2", "Candidate 3"]
    baseline, candidates, sample = at.session_state["returned"]
    assert baseline == () and sample is True
    assert [label for label, _ in candidates] == list(SAMPLE_CANDIDATES)
    assert "simulated sample data" in at.info[0].value
    at.number_input(key="family_count").set_value(5).run()
    shown = _uploaders(at)  # four columns: the fifth candidate sits under the first
    assert sorted(shown) == ["Baseline results", *[f"Candidate {k}" for k in range(1, 6)]]
    assert shown[:3] == ["Baseline results", "Candidate 1", "Candidate 5"]


def test_folder_mode_accepts_directories():
    at = AppTest.from_function(_app).run()
    at.radio(key="family_mode").set_value("A folder").run()
    assert all(u.proto.accept_directory for u in at.get("file_uploader"))
    assert at.session_state["returned"][2] is True


def _payload_app(uploads):
    import streamlit as st

    from ui.degradation.loading import uploaded_payload

    st.session_state["payload"] = uploaded_payload(uploads)
    st.session_state["again"] = uploaded_payload(uploads[0])


def test_payload_names_digests_and_bytes_sorted_by_name():
    uploads = [
        SimpleNamespace(name="b.jsonl", file_id="2", getvalue=lambda: b"second"),
        SimpleNamespace(name="a.jsonl", file_id="1", getvalue=lambda: b"first"),
    ]
    at = AppTest.from_function(_payload_app, args=(uploads,)).run()
    assert not at.exception
    digest = hashlib.blake2b(b"first", digest_size=16).hexdigest()
    assert at.session_state["payload"][0] == ("a.jsonl", digest, b"first")
    assert [name for name, _, _ in at.session_state["payload"]] == ["a.jsonl", "b.jsonl"]
    assert at.session_state["again"] == (at.session_state["payload"][1],)
    assert set(at.session_state["_upload_digests"]) == {"1", "2"}
