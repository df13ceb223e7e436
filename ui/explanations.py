"""Short plain-language explanations shown beside the degradation verdict."""

import streamlit as st

EXPLANATIONS = {
    "Why compare question by question?": (
        "Both models answer the same questions, so what matters is how many answers **changed**: "
        "questions the baseline got right and the candidate got wrong (b), and the reverse (c). "
        "Even a lossless change flips 1–3% of answers through numerical noise, in both directions. "
        "Comparing the two overall accuracies as if they came from different questions ignores this "
        "pairing and needs far larger drops to see anything."
    ),
    "What does the p-value mean here?": (
        "If the candidate were really as good as the baseline, each changed answer would be equally "
        "likely to go either way. The p-value is the chance of seeing at least this many changes "
        "against the candidate under that assumption. A tiny p-value means noise is an unlikely "
        "explanation. Three tests look for different damage patterns (everywhere, in one benchmark, "
        "in several); the verdict multiplies the smallest p-value by 3 so that a healthy candidate "
        "is wrongly called degraded at most alpha (5%) of the time."
    ),
    "What does the interval mean?": (
        "The interval is the range of accuracy drops that fit the data (95% by default). If it lies "
        "entirely above zero, the candidate is worse; if it spans zero, the data cannot tell the "
        "direction. The interval describes the size; the verdict comes from the exact test, and near "
        "the threshold the two can disagree slightly."
    ),
    "Why can 'not significant' still be inconclusive?": (
        "Not finding a drop is not the same as showing there is none. With few questions or many "
        "flips, even a real 2-point drop can hide in the noise. We therefore report the smallest drop "
        "these data would have caught 80% of the time. If that is larger than your margin, the "
        "verdict is **inconclusive**: evaluate on more questions (see Planning) before signing off."
    ),
}


def render_explanations() -> None:
    """One expander per explanation."""
    for title, text in EXPLANATIONS.items():
        with st.expander(title):
            st.markdown(text)
