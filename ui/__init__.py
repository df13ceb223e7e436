"""UI layer: Streamlit components and cache wrappers shared by the pages (never imported by core)."""
