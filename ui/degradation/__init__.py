"""The degradation page's components: reading uploads, metric and filter choices, one
candidate's view, several candidates, explanations and downloads."""

from core.lazy_modules import lazy_package

__all__, __getattr__, __dir__ = lazy_package(__name__, __file__)
