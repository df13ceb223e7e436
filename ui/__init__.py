"""UI layer: Streamlit components and cache wrappers shared by the pages (never imported by core)."""

from core.lazy_modules import lazy_package

__all__, __getattr__, __dir__ = lazy_package(__name__, __file__)
