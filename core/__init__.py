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

This package never imports streamlit (a test enforces it).
"""
