"""Glossary of the terms the degradation check uses."""

import streamlit as st

st.title("Glossary")

TERMS = {
    "Baseline / candidate": "The reference model and the changed one (quantized, pruned, re-served).",
    "Flip": "A question one model answers correctly and the other does not.",
    "b and c": "b: baseline right, candidate wrong (flips against the candidate). c: the reverse.",
    "Flip rate": "Share of questions that flipped, (b + c) / N. It sets the noise level of the comparison.",
    "Drop (Δ)": "Baseline accuracy minus candidate accuracy, in percentage points; positive = worse.",
    "Paired test": "A test that compares the two models on the same questions, using only the flips.",
    "McNemar test": "The exact paired test for right/wrong answers: with no real change, each flip is a coin toss.",
    "Permutation (sign-flip) test": "The paired test for scores that are not right/wrong (partial credit, averages over reruns).",
    "p-value": "How surprising the flips would be if the candidate were really as good. Small = unlikely to be noise.",
    "alpha": "The false-alarm rate you accept: a healthy candidate is wrongly called degraded at most this often.",
    "Pooled test": "All questions of all benchmarks together. Best when damage is spread evenly.",
    "Max-Drop test": "The benchmark with the largest standardized drop. Best when damage sits in one benchmark.",
    "Fisher's method": "Combines the per-benchmark p-values. Best when several benchmarks drop a little.",
    "Combined p-value": "3 × the smallest of the three p-values (Bonferroni), so the false-alarm rate stays at most alpha.",
    "Holm-adjusted p": "A per-benchmark p-value corrected for looking at many benchmarks at once.",
    "Confidence interval": "The range of drops consistent with the data (95%: computed so that it covers the true drop 95% of the time).",
    "Smallest detectable drop (MDE)": "The smallest drop these data would catch 80% of the time. Larger than your margin = inconclusive.",
    "Margin": "The drop you need to be able to rule out before accepting the candidate (default 1 point).",
    "Level: benchmark / subtask": "Test each benchmark as one unit (subtasks pooled, e.g. BBH's 24) or each subtask separately.",
    "Mid-p": "A less conservative p-value variant (departs from the paper; off by default).",
}
for term, meaning in TERMS.items():
    st.markdown(f"**{term}** — {meaning}")
st.caption(
    "Method: Kübler et al., *When LLMs get significantly worse*, arXiv 2602.10144 (ICLR 2026)."
)
