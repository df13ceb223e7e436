"""Home: what Eval Verdict answers, and where to start."""

import streamlit as st

st.title("Eval Verdict")
st.markdown(
    "Statistics instead of guesswork for two questions ML teams and their stakeholders ask."
)

left, right = st.columns(2)
with left:
    st.subheader("📉 Did the optimized model get worse?")
    st.markdown(
        "You quantized, pruned or re-served a model. Even lossless changes flip 1–3% of "
        "answers through numerical noise, so a 0.4-point drop may be noise or a real loss. "
        "Drop in the per-sample results of the **baseline** and the **candidate** "
        "(lm-evaluation-harness `--log_samples`, Inspect logs, HELM, lighteval, CSV) and get a "
        "verdict from paired exact tests across benchmarks, with a controlled false-positive "
        "rate, confidence intervals and the smallest drop the data could have detected."
    )
    st.caption("Method: Kübler et al., *When LLMs get significantly worse*, arXiv 2602.10144.")
    st.page_link("app_pages/degradation_page.py", label="Open the degradation check", icon="📉")
with right:
    st.subheader("📈 What accuracy can this compute budget buy?")
    st.markdown(
        "Drop in a table of models with pre-training compute, release dates and benchmark "
        "scores, and get the capability boundary: the high quantile of score against compute, "
        "how stable it has been over time, where benchmarks saturate, and which models to "
        "evaluate on a limited budget."
    )
    st.caption("Method: Zhang et al., arXiv 2602.15327.")
    st.page_link("app_pages/frontier_page.py", label="Open the capability boundary", icon="📈")

st.divider()
st.markdown(
    "**From a terminal or CI:** `python -m core compare BASELINE CANDIDATE --format json` "
    "exits with 1 when the candidate is significantly worse, 0 otherwise, 2 on bad input."
)
