"""The words of a verdict: its title and sentence, each benchmark's change with its interval
in the same direction, the margin judged on the interval, and the cells the reports share.

Every number is written by :mod:`core.formatting`; the text, Markdown, HTML reports and the
page take their words from here, so they never disagree.
"""

from __future__ import annotations

import math

from core.degradation.comparison import Comparison, UnitComparison
from core.degradation.data.data_warnings import group_warnings
from core.formatting import (
    format_pvalue,
    margin_text,
    percent,
    plural,
    points,
    pvalue_cell,
)

VERDICT_TITLES = {
    "degraded": "Degraded",
    "not_degraded": "No evidence of degradation",
    "inconclusive": "Inconclusive",
}


def test_name(result: Comparison) -> str:
    """The per-unit test as the options make it, e.g. "exact one-sided McNemar test"."""
    options = result.options
    sided = "one-sided" if options.alternative == "greater" else "two-sided"
    mcnemar = f"{options.pvalue_method} {sided} McNemar test"
    if result.route == "permutation":
        if not any(row.binary for row in result.units):
            return "one-sided sign-flip permutation test"
        return f"{mcnemar} (0/1 scores) or a one-sided sign-flip permutation test (other scores)"
    return mcnemar


def change(row: UnitComparison) -> tuple[str, float, float, float]:
    """The change in the direction it went, with the interval of that same quantity.

    Returns
    -------
    (word, size, low, high)
        ``"fell"`` with the drop and the drop's interval, ``"rose"`` with the rise
        (= -drop) and the rise's interval (-high, -low), or ``"did not change"`` with the
        drop's interval. All fractions; ``size`` always lies inside ``[low, high]``.
    """
    if row.delta < 0:
        return "rose", -row.delta, -row.ci_high, -row.ci_low
    if row.delta > 0:
        return "fell", row.delta, row.ci_low, row.ci_high
    return "did not change", 0.0, row.ci_low, row.ci_high


def _interval(low: float, high: float, level: float) -> str:
    low_text, high_text = (f"{v * 100:.2f}".replace("-", "−") for v in (low, high))
    return f"{percent(level)} CI {low_text} to {high_text}"


def change_text(row: UnitComparison, what: str, level: float) -> str:
    """ "accuracy fell 0.79 points (95% CI 0.42 to 1.16)" / "rose …" with the rise's interval."""
    word, size, low, high = change(row)
    interval = _interval(low, high, level)
    if word == "did not change":
        return f"{what} did not change ({interval} points)"
    unit = "point" if round(size * 100, 2) == 1 else "points"
    return f"{what} {word} {points(size)} {unit} ({interval})"


def _margin_clause(row: UnitComparison, margin: float) -> str:
    """How the drop of ``row`` compares with the user's margin."""
    words = f"your {margin * 100:g}-point margin"
    if row.ci_low > margin:
        return f"more than {words}, even at the low end of the interval"
    if row.delta > margin:
        return f"more than {words}, though the interval reaches below it"
    if row.ci_high > margin:
        return f"less than {words}, though the interval reaches beyond it"
    return f"less than {words}"


def verdict_parts(result: Comparison) -> tuple[str, str]:
    """The verdict's title and the plain sentence that follows it.

    The title is "Degraded", "No evidence of degradation", "Inconclusive" (or "Improved" for
    a significant two-sided change in the candidate's favour); the body states the change in
    the direction it went with that quantity's interval, the margin, and what it means.
    """
    options = result.options
    pooled = result.pooled
    what = "accuracy" if pooled.binary else "the mean score"
    level = options.confidence_level
    n_text = plural(pooled.n, "question")
    change_words = change_text(pooled, what, level)
    p_text = format_pvalue(result.combined.pvalue)
    p_clause = f"p {p_text}" if p_text.startswith("<") else f"p = {p_text}"
    margin = options.margin
    power = percent(options.power)
    if result.verdict == "degraded":
        worst = next((u for u in result.units if u.unit == result.max_drop_unit), None)
        if pooled.delta <= 0 and worst is not None:
            # Overall accuracy did not fall: the damage sits in one benchmark (Max-Drop/Fisher).
            local = change_text(worst, f"{what} there", level)
            meaning = _significance(
                worst.ci_low,
                ("damage this concentrated", "the damage", "that benchmark's"),
                p_clause,
                options.alpha,
                level,
            )
            return (
                f"Degraded on {worst.unit}",
                f"{local} over {plural(worst.n, 'question')} — "
                f"{_margin_clause(worst, margin)} — although overall {change_words} over "
                f"{n_text}; {meaning}.",
            )
        where = ""
        if result.combined.decisive_test == "max_drop" and result.max_drop_unit:
            where = f", driven by {result.max_drop_unit}"
        meaning = _significance(
            pooled.ci_low, ("a drop this large", "the drop", "the"), p_clause, options.alpha, level
        )
        return (
            VERDICT_TITLES["degraded"],
            f"{change_words} over {n_text}{where} — {_margin_clause(pooled, margin)}; {meaning}.",
        )
    if result.improved:
        return (
            "Improved",
            f"{change_words} over {n_text}; this is unlikely to be noise ({p_clause}).",
        )
    mde = result.mde
    # a one-sided test of a drop says nothing about a rise: never call a clear rise "not significant"
    quiet = (
        "no significant drop"
        if pooled.delta < 0 and options.alternative == "greater"
        else ("not significant")
    )
    if result.verdict == "not_degraded":
        return (
            VERDICT_TITLES["not_degraded"],
            f"{change_words} over {n_text}, {quiet} ({p_clause}). No evidence of a drop "
            f"larger than {margin_text(margin)}: a drop of {points(mde)} points or more would "
            f"have been detected with {power} power.",
        )
    needed = result.items_for_margin
    need_text = (
        f" About {needed:,.0f} questions would be needed to detect a {margin * 100:g}-point drop."
        if math.isfinite(needed)
        else ""
    )
    if math.isfinite(mde):
        detect = (
            f"only a drop of {points(mde)} points or more would be detected with {power} "
            f"power, more than your {margin * 100:g}-point margin"
        )
    else:
        detect = (
            f"with so few questions no drop, however large, would be detected with {power} power"
        )
    return (
        VERDICT_TITLES["inconclusive"],
        f"{change_words} over {n_text}, {quiet} ({p_clause}); but {detect}, so a drop "
        f"larger than your margin cannot be ruled out.{need_text}",
    )


def verdict_sentence(result: Comparison) -> str:
    """One plain sentence a manager can repeat: the verdict, the number, its interval, the margin.

    Examples
    --------
    "Degraded: accuracy fell 0.79 points (95% CI 0.42 to 1.16) over 25,282 questions — less
    than your 1-point margin, though the interval reaches beyond it; a drop this large is very
    unlikely to be noise (p = 0.00002)."
    """
    title, body = verdict_parts(result)
    return f"{title}: {body}"


def warning_lines(result: Comparison) -> list[str]:
    """Grouped data-quality warnings: one summary line per kind, then its lines indented."""
    lines = []
    for group in group_warnings(result.pairing.warnings):
        lines.append(f"⚠ {group.summary}")
        lines += [f"    - {message}" for message in group.messages]
    return lines


def combined_cell(result: Comparison) -> str:
    """The combined p-value with its rule, e.g. "0.0178 (calibrated, exact)"."""
    combined = result.combined
    text = pvalue_cell(combined.pvalue, combined.log10_pvalue)
    if combined.rule == "paper":
        return f"{text} (paper: 3 × smallest)"
    if combined.capped:
        bound = (
            f"; exactly at least {pvalue_cell(combined.lower_bound)}"
            if combined.lower_bound > 0
            else ""
        )
        return (
            f"{text} (calibrated; {combined.n_draws:,} draws cannot resolve it: 3 × smallest "
            f"used{bound})"
        )
    if combined.method == "monte-carlo":
        return f"{text} ± {combined.mc_error:.1g} (calibrated, {combined.n_draws:,} draws)"
    how = {
        "single-unit": "one unit: its own p",
        "exact": "exact",
        "bound": "3 × smallest, below what the draws resolve",
        "none": "no flips",
    }.get(combined.method, combined.method)
    return f"{text} (calibrated; {how})"


def detectable_text(result: Comparison) -> str:
    """The smallest detectable drop with its power and level, or why there is none."""
    power = percent(result.options.power)
    level = "alpha/6 per side" if result.options.alternative == "two-sided" else "alpha/3"
    if not math.isfinite(result.mde):
        return f"no drop is detectable with {power} power (too few questions; level {level})"
    return f"smallest detectable drop {points(result.mde)} points ({power} power, level {level})"


def _significance(
    ci_low: float, words: tuple[str, str, str], p_clause: str, alpha: float, level: float
) -> str:
    """Why a drop is called real: very unlikely to be noise, or, when its interval still
    includes no change (the test's alpha is looser than the interval's level), significant
    at the user's alpha.

    ``words``: what is unlikely to be noise ("a drop this large"), what is significant
    ("the drop") and whose interval it is ("the").
    """
    unlikely, significant, whose = words
    if ci_low <= 0:
        return (
            f"{significant} is significant at your alpha {alpha:g} ({p_clause}), though "
            f"{whose} {percent(level)} interval still includes no change"
        )
    return f"{unlikely} is very unlikely to be noise ({p_clause})"
