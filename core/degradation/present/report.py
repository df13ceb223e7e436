"""Renderings of a :class:`~core.degradation.compare.Comparison`: sentence, text, Markdown, JSON.

Results keep full precision; this module is where numbers are rounded for people. The
JSON form keeps full precision too (``inf`` and ``nan`` become ``null``).
"""

from __future__ import annotations

import json
import math
from typing import Any

from core.degradation.compare import Comparison, UnitComparison
from core.degradation.data.data_warnings import group_warnings
from core.formatting import (
    format_pvalue,
    margin_text,
    percent,
    plural,
    points,
    pvalue_cell,
    signed_points,
)
from core.text_safety import escape_markdown, markdown_cell, plain_text

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
            meaning = f"damage this concentrated is very unlikely to be noise ({p_clause})"
            if worst.ci_low <= 0:  # the test's alpha is looser than the interval's level
                meaning = (
                    f"the damage is significant at your alpha {options.alpha:g} ({p_clause}), "
                    f"though that benchmark's {percent(level)} interval still includes no change"
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
        meaning = f"a drop this large is very unlikely to be noise ({p_clause})"
        if pooled.ci_low <= 0:  # the test's alpha is looser than the interval's level
            meaning = (
                f"the drop is significant at your alpha {options.alpha:g} ({p_clause}), though "
                f"the {percent(level)} interval still includes no change"
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


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(item) for item in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return _clean(value.item())
    return value


def _unit_dict(row: UnitComparison, name_key: str = "task") -> dict[str, Any]:
    return {
        name_key: row.unit,
        "n": row.n,
        "b": row.b,
        "c": row.c,
        "accuracy_baseline": row.accuracy_baseline,
        "accuracy_candidate": row.accuracy_candidate,
        "delta": row.delta,
        "ci_low": row.ci_low,
        "ci_high": row.ci_high,
        "p_value": row.p_value,
        "log10_p_value": row.log10_p_value,
        "p_value_holm": row.p_value_holm,
        "flip_rate": row.flip_rate,
        "test": row.test,
        "binary": row.binary,
        "p_value_floor": row.pvalue_floor,
        "flagged": row.flagged,
    }


def to_dict(result: Comparison, provenance: Any = None) -> dict[str, Any]:
    """The JSON object of ``python -m core compare --format json`` (full precision).

    ``provenance`` (a :class:`core.degradation.data.provenance.Provenance`) adds its record.
    """
    report = result.pairing
    pooled = _unit_dict(result.pooled)
    pooled.pop("task")
    pooled.pop("p_value_holm")
    pooled.pop("flagged")
    options = result.options
    payload = {
        "verdict": result.verdict,
        "sentence": verdict_sentence(result),
        "alpha": options.alpha,
        "margin": options.margin,
        "combined_p_value": result.combined.pvalue,
        "combined_log10_p_value": result.combined.log10_pvalue,
        "combine": options.combine,
        "combined_paper_p_value": result.combined_paper.pvalue,
        "combined_calibrated": {
            "p_value": result.combined_calibrated.pvalue,
            "log10_p_value": result.combined_calibrated.log10_pvalue,
            "method": result.combined_calibrated.method,
            "n_draws": result.combined_calibrated.n_draws,
            "mc_error": result.combined_calibrated.mc_error,
            "capped": result.combined_calibrated.capped,
            "lower_bound": result.combined_calibrated.lower_bound,
            "seed": options.seed,
        },
        "decisive_test": result.combined.decisive_test,
        "mde": result.mde,
        "items_for_margin": result.items_for_margin,
        "power": options.power,
        "level": result.level,
        "route": result.route,
        "alternative": options.alternative,
        "pvalue_method": options.pvalue_method,
        "confidence_level": options.confidence_level,
        "improved": result.improved,
        "pooled": pooled,
        "fisher": {
            "statistic": result.fisher.statistic,
            "df": result.fisher.df,
            "p_value": result.fisher.pvalue,
            "log10_p_value": result.fisher.log10_pvalue,
            "approximate": result.fisher.approximate,
        },
        "max_drop": {
            "statistic": result.max_drop.statistic,
            "task": result.max_drop_unit,
            "p_value": result.max_drop.pvalue,
            "log10_p_value": result.max_drop.log10_pvalue,
            "n_units": result.max_drop.n_units,
            "method": result.max_drop.method,
        },
        "tasks": [_unit_dict(row) for row in result.units],
        "pairing": {
            "matched": report.matched,
            "only_baseline": report.only_baseline,
            "only_candidate": report.only_candidate,
            "duplicates": report.duplicates,
            "hash_mismatches": report.hash_mismatches,
            "model_baseline": report.model_baseline,
            "model_candidate": report.model_candidate,
            "format_baseline": report.format_baseline,
            "format_candidate": report.format_candidate,
            "source_baseline": report.source_baseline,
            "source_candidate": report.source_candidate,
            "warnings": list(report.warnings),
            "warning_groups": [
                {"kind": g.kind, "title": g.title, "count": g.count, "messages": list(g.messages)}
                for g in group_warnings(report.warnings)
            ],
            "tasks": [dict(task.__dict__) for task in report.tasks],
        },
    }
    if result.route == "permutation":
        payload["n_resamples"] = options.n_resamples
        payload["seed"] = options.seed
    if provenance is not None:
        payload["provenance"] = provenance.to_dict()
    return _clean(payload)


def to_json(result: Comparison, indent: int | None = 2, provenance: Any = None) -> str:
    """:func:`to_dict` as JSON text (strict JSON: no NaN or Infinity)."""
    return json.dumps(
        to_dict(result, provenance), indent=indent, allow_nan=False, ensure_ascii=False
    )


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


def to_text(result: Comparison) -> str:
    """A short human summary for a terminal: the verdict sentence first, then its warnings."""
    pooled = result.pooled
    options = result.options
    title, body = verdict_parts(result)
    other = result.combined_paper if options.combine == "calibrated" else result.combined_calibrated
    lines = [
        f"{title.upper()}: {plain_text(body)}",
        *[f"  {plain_text(line)}" for line in warning_lines(result)],
    ]
    lines += [
        "",
        f"  baseline {pooled.accuracy_baseline:.4f}  candidate {pooled.accuracy_candidate:.4f}  "
        f"items {pooled.n:,}  flips {pooled.b + pooled.c:,} ({pooled.flip_rate:.2%}: b={pooled.b:,}, c={pooled.c:,})",
        f"  combined p {combined_cell(result)}; alpha {options.alpha:g}; smallest: "
        f"{result.combined.decisive_test}; {other.rule} rule {pvalue_cell(other.pvalue, other.log10_pvalue)}",
        f"  pooled p {pvalue_cell(pooled.p_value, pooled.log10_p_value)}  "
        f"Max-Drop p {pvalue_cell(result.max_drop.pvalue, result.max_drop.log10_pvalue)}"
        f" ({plain_text(result.max_drop_unit or '-')})  Fisher p {pvalue_cell(result.fisher.pvalue, result.fisher.log10_pvalue)}",
        f"  {detectable_text(result)}; margin {margin_text(options.margin)}",
        f"  per-unit test: {test_name(result)}; intervals {percent(options.confidence_level)}",
        "",
        f"  {'unit':<40} {'n':>7} {'b':>6} {'c':>6} {'drop pts':>10} {'p':>10} {'Holm p':>10}",
    ]
    for row in result.units:
        flag = " *" if row.flagged else ""
        lines.append(
            f"  {plain_text(row.unit)[:40]:<40} {row.n:>7,} {row.b:>6,} {row.c:>6,} {row.delta * 100:>+10.2f} "
            f"{pvalue_cell(row.p_value, row.log10_p_value):>10} {pvalue_cell(row.p_value_holm):>10}{flag}"
        )
    report = result.pairing
    lines += [
        "",
        f"  paired {plural(report.matched, 'item')}; only baseline {report.only_baseline:,}; only candidate "
        f"{report.only_candidate:,}; duplicates dropped {report.duplicates:,}; hash mismatches "
        f"{report.hash_mismatches:,}",
    ]
    return "\n".join(lines) + "\n"


def to_markdown(result: Comparison) -> str:
    """A Markdown summary (for pull-request comments in CI)."""
    pooled = result.pooled
    title, body = verdict_parts(result)
    options = result.options
    other = result.combined_paper if options.combine == "calibrated" else result.combined_calibrated
    out = [
        f"### {title}",
        "",
        escape_markdown(body[:1].upper() + body[1:]),
        "",
        *[
            f"- {escape_markdown(line.removeprefix('⚠ '))}"
            for line in warning_lines(result)
            if line.startswith("⚠")
        ],
        "",
        "| test | p-value |",
        "|---|---|",
        f"| pooled | {pvalue_cell(pooled.p_value, pooled.log10_p_value)} |",
        f"| Max-Drop ({markdown_cell(result.max_drop_unit or '-')}) | "
        f"{pvalue_cell(result.max_drop.pvalue, result.max_drop.log10_pvalue)} |",
        f"| Fisher | {pvalue_cell(result.fisher.pvalue, result.fisher.log10_pvalue)} |",
        f"| **combined** (alpha {options.alpha:g}) | **{combined_cell(result)}** |",
        f"| other rule ({'paper' if options.combine == 'calibrated' else 'calibrated'}) | "
        f"{pvalue_cell(other.pvalue, other.log10_pvalue)} |",
        "",
        f"| unit | n | b | c | drop (points) | {percent(options.confidence_level)} CI | p | Holm p |",
        "|---|---:|---:|---:|---:|---|---:|---:|",
    ]
    for row in result.units:
        name = markdown_cell(row.unit)
        out.append(
            f"| {name}{' ⚠' if row.flagged else ''} | {row.n:,} | {row.b:,} | {row.c:,} | {row.delta * 100:+.2f} | "
            f"{signed_points(row.ci_low)} to {signed_points(row.ci_high)} | "
            f"{pvalue_cell(row.p_value, row.log10_p_value)} | {pvalue_cell(row.p_value_holm)} |"
        )
    report = result.pairing
    out += [
        "",
        f"Paired {plural(report.matched, 'item')} (only baseline {report.only_baseline:,}, only candidate "
        f"{report.only_candidate:,}, duplicates {report.duplicates:,}). "
        f"{detectable_text(result).capitalize()}.",
    ]
    return "\n".join(out) + "\n"
