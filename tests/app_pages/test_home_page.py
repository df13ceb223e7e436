"""The app starts, navigates, and the home page says what the app does."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def test_app_opens_on_the_home_page_without_errors():
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Eval Verdict"
    text = " ".join(block.value for block in at.markdown)
    assert "baseline" in text and "candidate" in text
    assert "python -m core compare" in text
