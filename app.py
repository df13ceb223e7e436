"""Eval Verdict: the Streamlit entry point (page config and navigation only)."""

from pathlib import Path

import streamlit as st

HERE = Path(__file__).parent

st.set_page_config(page_title="Eval Verdict", page_icon="⚖️", layout="wide")

_PAGES = {
    "Eval Verdict": [("pages/home_page.py", "Home", "🏠", True)],
    "Did the model get worse?": [
        ("pages/degradation_page.py", "Degradation check", "📉", False),
        ("pages/glossary_page.py", "Glossary", "📖", False),
    ],
    "What can this compute buy?": [("pages/frontier_page.py", "Capability boundary", "📈", False)],
}

navigation = {
    section: [
        st.Page(path, title=title, icon=icon, default=default)
        for path, title, icon, default in entries
        if (HERE / path).exists()
    ]
    for section, entries in _PAGES.items()
}
st.navigation({section: pages for section, pages in navigation.items() if pages}).run()
