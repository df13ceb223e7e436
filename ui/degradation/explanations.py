"""Short plain-language explanations shown beside the degradation verdict.

The texts follow the comparison's options (confidence level, power, alpha, combination rule)
rather than fixed numbers.
"""

import streamlit as st

from core.degradation.comparison import CompareOptions
from core.formatting import percent


def explanations(options: CompareOptions | None = None) -> dict[str, str]:
    """Title -> text, worded for these options (the defaults when none are given)."""
    options = options or CompareOptions()
    rule = (
        "the verdict asks how often the smallest of the three would be this small if nothing "
        "had changed (a calibrated combination; with one benchmark it is that benchmark's own "
        "p-value)"
        if options.combine == "calibrated"
        else "the verdict multiplies the smallest p-value by 3 (the paper's rule)"
    )
    return {
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
            f"in several); {rule}, so that a healthy candidate is wrongly called degraded at most "
            f"alpha ({percent(options.alpha)}) of the time."
        ),
        "What does the interval mean?": (
            f"The interval ({percent(options.confidence_level)}) is the range of changes that fit "
            "the data, stated in the direction the accuracy moved: for a drop, the range of drops; "
            "for a rise, the range of rises. If a drop's interval lies entirely above zero, the "
            "candidate is worse; if it spans zero, the data cannot tell the direction. The interval "
            "describes the size; the verdict comes from the exact test, and near the threshold the "
            "two can disagree slightly."
        ),
        "Why can 'not significant' still be inconclusive?": (
            "Not finding a drop is not the same as showing there is none. With few questions or many "
            "flips, even a real 2-point drop can hide in the noise. We therefore report the smallest "
            f"drop these data would have caught with {percent(options.power)} probability. If that "
            "is larger than your margin, the verdict is **inconclusive**: evaluate on more questions "
            "(see Planning) before signing off."
        ),
    }


#: The texts for the default options (kept for callers that list the titles).
EXPLANATIONS = explanations()


def render_explanations(options: CompareOptions | None = None) -> None:
    """One expander per explanation, worded for ``options``."""
    for title, text in explanations(options).items():
        with st.expander(title):
            st.markdown(text)
