"""Reading back what a page offers for download (with the ``media`` fixture of conftest)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def download_payload(at: AppTest, stores, label: str) -> bytes:
    """The bytes behind the download button labelled ``label`` (with the ``media`` fixture)."""
    (button,) = [b for b in at.get("download_button") if b.proto.label == label]
    return stores[-1].get_file(button.proto.url.rsplit("/", 1)[-1]).content
