"""Eval Verdict: the Streamlit entry point (page config and navigation only).

The page modules live in ``app_pages/``, not ``pages/``: Streamlit 1.67 treats a ``pages/``
folder beside the entry point as a legacy multipage app until some session has called
``st.navigation``, so a deep link such as ``/degradation_page`` opened first after the
server starts ran the page without this file (no wide layout, file names as menu).
"""

import streamlit as st

st.set_page_config(page_title="Eval Verdict", page_icon="⚖️", layout="wide")

_PAGES = {
    "Eval Verdict": [("app_pages/home_page.py", "Home", "🏠", True)],
    "Did the model get worse?": [
        ("app_pages/degradation_page.py", "Degradation check", "📉", False),
        ("app_pages/glossary_page.py", "Glossary", "📖", False),
    ],
    "What can this compute buy?": [
        ("app_pages/frontier_page.py", "Capability boundary", "📈", False)
    ],
}

navigation = {
    section: [
        st.Page(path, title=title, icon=icon, default=default)
        for path, title, icon, default in entries
    ]
    for section, entries in _PAGES.items()
}
st.navigation(navigation).run()
