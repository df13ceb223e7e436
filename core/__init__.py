"""Eval Verdict core: all computation and file reading, free of any UI code.

Sub-packages
------------
degradation
    Paired tests of a candidate model against its baseline (Kübler et al., arXiv 2602.10144).
readers
    Turn result files (CSV, lm-eval, Inspect, HELM, lighteval, openai/evals) into per-sample
    scores.
frontier
    Capability boundaries: sigmoid quantile regression of score on log compute
    (Zhang et al., arXiv 2602.15327).

Start with :func:`core.degradation.compare_runs` (is the candidate worse than the baseline?)
or :func:`core.frontier.fit_frontier` (what score can this compute buy?). Data problems raise
:class:`core.errors.InputError`, one line saying what to do.

This package never imports streamlit (a test enforces it).
"""

from core.errors import InputError

__all__ = ["InputError", "degradation", "frontier", "readers"]


def __getattr__(name: str) -> object:
    """The sub-packages, imported on first use (``core.degradation`` after ``import core``)."""
    if name in ("degradation", "frontier", "readers"):
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
