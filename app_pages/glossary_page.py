"""Glossary of the terms the degradation check and the capability boundary use."""

import streamlit as st

from core.degradation.comparison import CompareOptions
from core.formatting import percent

DEFAULTS = CompareOptions()
CI_LEVEL, POWER = percent(DEFAULTS.confidence_level), percent(DEFAULTS.power)

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
    "Combined p-value": "How often the smallest of the three p-values would be this small if nothing had changed (calibrated min-p, the default; never more than 3 × the smallest, the paper's Bonferroni rule), so the false-alarm rate stays at most alpha.",
    "Holm-adjusted p": "A per-benchmark p-value corrected for looking at many benchmarks at once.",
    "Confidence interval": f"The range of drops consistent with the data ({CI_LEVEL}: computed so that it covers the true drop {CI_LEVEL} of the time).",
    "Smallest detectable drop (MDE)": f"The smallest drop these data would catch {POWER} of the time. Larger than your margin = inconclusive.",
    "Margin": "The drop you need to be able to rule out before accepting the candidate (default 1 point).",
    "Level: benchmark / subtask": "Test each benchmark as one unit (subtasks pooled, e.g. BBH's 24) or each subtask separately.",
    "Mid-p": "A less conservative p-value variant (departs from the paper; off by default).",
}
FRONTIER_TERMS = {
    "Capability boundary": "The highest score models of a given pre-training compute reach, "
    "drawn as a curve over compute (a sigmoid in log FLOPs).",
    "τ (tau)": "The boundary's level: at τ = 0.98 about 98% of models of that compute score at "
    "or below the curve and the best 2% above it. τ = 0.5 is the typical (median) model.",
    "Pinball loss": "The error a τ-boundary is fitted and judged by: points above the curve cost "
    "τ per unit, points below cost 1 − τ, so the best curve leaves a share 1 − τ above it.",
    "Coverage": "The share of models at or below the boundary. A good τ = 0.98 boundary covers "
    "about 98% of new models; the coverage error is the difference, in points.",
    "Band of the boundary": "Where the boundary would be with other samples of models "
    "(bootstrap). It is about the curve, not about where one new model will land.",
    "Saturation": "A benchmark is saturating when its boundary has flattened inside the data: "
    "more compute alone adds little, the remaining rise to the ceiling is small.",
    "Ceiling": "The score the fitted boundary levels off at with unlimited compute.",
    "Logit": "log(p / (1 − p)): stretches scores near 0 and 1 so that a step from 0.90 to 0.95 "
    "counts like one from 0.50 to 0.70. The contamination probe compares scores in logits.",
    "Contamination probe": "Do models released after a benchmark appeared score higher on it "
    "than their score on an older benchmark predicts? A shift is a hint, not proof.",
    "Frontier dominance": "The share of large models (over 13B parameters) that score below "
    "the best small model released before them: small models catching up.",
    "I-optimal design": "A choice of which models to evaluate that makes the boundary's average "
    "prediction error over the compute range as small as the budget allows.",
    "FLOPs (1e24)": "Pre-training compute, about 6 × parameters × training tokens; 1e24 means "
    "10²⁴ floating-point operations.",
}

st.subheader("Did the model get worse?")
for term, meaning in TERMS.items():
    st.markdown(f"**{term}** — {meaning}")
st.caption(
    "Method: Kübler et al., *When LLMs get significantly worse*, arXiv 2602.10144 (ICLR 2026)."
)
st.subheader("What can this compute buy?")
for term, meaning in FRONTIER_TERMS.items():
    st.markdown(f"**{term}** — {meaning}")
st.caption(
    "Method: Zhang, Jin, Kakade and Syrgkanis, *Prescriptive Scaling Reveals the Evolution of "
    "Language Model Capabilities*, arXiv 2602.15327."
)
