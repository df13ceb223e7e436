"""Guards for the app's layout that Streamlit does not enforce itself."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_no_legacy_pages_folder_beside_the_entry_point():
    """A ``pages/`` folder next to app.py switches Streamlit 1.67 into its legacy multipage mode.

    Until one session has called ``st.navigation``, a deep link (``/degradation_page``) then
    runs the page file alone: no page config, no sections, file names as menu entries.
    """
    assert not (REPO / "pages").exists()


def test_every_page_in_the_navigation_exists():
    text = (REPO / "app.py").read_text(encoding="utf-8")
    pages = sorted(p.name for p in (REPO / "app_pages").glob("*_page.py"))
    for page in pages:
        assert f"app_pages/{page}" in text, page
