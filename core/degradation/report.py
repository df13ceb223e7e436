"""Renderings of a :class:`~core.degradation.compare.Comparison`: sentence, text, Markdown, JSON.

Results keep full precision; this module is where numbers are rounded for people. The
JSON form keeps full precision too (``inf`` and ``nan`` become ``null``).
"""

from __future__ import annotations

import json
import math
from typing import Any

from core.degradation.compare import Comparison, UnitComparison
from core.text_safety import escape_markdown, markdown_cell, plain_text

VERDICT_TITLES = {
    "degraded": "Degraded",
    "not_degraded": "No evidence of degradation",
    "inconclusive": "Inconclusive",
}


def format_pvalue(p: float) -> str:
    """A p-value for a sentence: two decimals, one significant digit below 0.01, a bound below 1e-5."""
    if not math.isfinite(p):
        return "n/a"
    if p >= 0.01:
        return f"{p:.2f}"
    if p >= 1e-5:
        digits = -math.floor(math.log10(p))
        return f"{p:.{digits}f}"
    return "< 0.00001"


def _points(value: float, signed: bool = False) -> str:
    if not math.isfinite(value):
        return "n/a"
    text = f"{abs(value) * 100:.2f}" if not signed else f"{value * 100:+.2f}".replace("-", "−")
    return text


def _interval(row: UnitComparison, level: float) -> str:
    low, high = (f"{v * 100:.2f}".replace("-", "−") for v in (row.ci_low, row.ci_high))
    return f"{level:.0%} CI {low} to {high}"


def verdict_sentence(result: Comparison) -> str:
    """One plain sentence a manager can repeat: the verdict, the number, its interval, what it means.

    Examples
    --------
    "The candidate is worse: accuracy fell 0.79 points (95% CI 0.42 to 1.16) over 25,282
    questions; a drop this large is very unlikely to be noise (p = 0.00005)."
    """
    pooled = result.pooled
    what = "accuracy" if pooled.binary else "the mean score"
    n_text = f"{pooled.n:,} questions"
    interval = _interval(pooled, result.options.confidence_level)
    p_text = format_pvalue(result.combined.pvalue)
    p_clause = f"p {p_text}" if p_text.startswith("<") else f"p = {p_text}"
    if pooled.delta > 0:
        change = f"{what} fell {_points(pooled.delta)} points ({interval})"
    elif pooled.delta < 0:
        change = f"{what} rose {_points(pooled.delta)} points ({interval})"
    else:
        change = f"{what} did not change ({interval})"
    margin = f"{result.options.margin * 100:g}"
    if result.verdict == "degraded":
        worst = next((u for u in result.units if u.unit == result.max_drop_unit), None)
        if pooled.delta <= 0 and worst is not None:
            # Overall accuracy did not fall: the damage sits in one benchmark (Max-Drop/Fisher).
            local = _interval(worst, result.options.confidence_level)
            return (
                f"The candidate is worse on {worst.unit}: {what} there fell {_points(worst.delta)} "
                f"points ({local}) over {worst.n:,} questions, although overall {change} over "
                f"{n_text}; damage this concentrated is very unlikely to be noise ({p_clause})."
            )
        where = ""
        if result.combined.decisive_test == "max_drop" and result.max_drop_unit:
            where = f", driven by {result.max_drop_unit}"
        return (
            f"The candidate is worse: {change} over {n_text}{where}; a drop this large is very "
            f"unlikely to be noise ({p_clause})."
        )
    if result.improved:
        return f"The candidate is better: {change} over {n_text}; this is unlikely to be noise ({p_clause})."
    mde = _points(result.mde)
    if result.verdict == "not_degraded":
        return (
            f"No evidence that the candidate is worse: {change} over {n_text} ({p_clause}); "
            f"a drop of {mde} points or more would very likely have been detected, within your "
            f"{margin}-point margin."
        )
    needed = result.items_for_margin
    need_text = (
        f" About {needed:,.0f} questions would be needed to detect a {margin}-point drop."
        if (math.isfinite(needed))
        else ""
    )
    detect = f"drops of {mde} points or more" if math.isfinite(result.mde) else "no drop at all"
    return (
        f"Inconclusive: {change} over {n_text}, which is not significant ({p_clause}), but these "
        f"data could only detect {detect}, more than your {margin}-point margin.{need_text}"
    )


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

    ``provenance`` (a :class:`core.degradation.provenance.Provenance`) adds its record.
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


def _scientific(p: float) -> str:
    return f"{p:.3g}" if p >= 1e-300 or p == 0 else "0"


def _pvalue_cell(p: float, log10_p: float) -> str:
    if p == 0.0 and math.isfinite(log10_p):
        return f"1e{log10_p:.1f}"
    return _scientific(p)


def to_text(result: Comparison) -> str:
    """A short human summary for a terminal: the verdict sentence first."""
    pooled = result.pooled
    lines = [
        f"{VERDICT_TITLES[result.verdict].upper()}: {plain_text(verdict_sentence(result))}",
        "",
        f"  baseline {pooled.accuracy_baseline:.4f}  candidate {pooled.accuracy_candidate:.4f}  "
        f"items {pooled.n:,}  flips {pooled.b + pooled.c:,} ({pooled.flip_rate:.2%}: b={pooled.b:,}, c={pooled.c:,})",
        f"  combined p {_pvalue_cell(result.combined.pvalue, result.combined.log10_pvalue)} "
        f"(alpha {result.options.alpha:g}; smallest: {result.combined.decisive_test})  "
        f"pooled p {_pvalue_cell(pooled.p_value, pooled.log10_p_value)}  "
        f"Max-Drop p {_pvalue_cell(result.max_drop.pvalue, result.max_drop.log10_pvalue)}"
        f" ({plain_text(result.max_drop_unit or '-')})  Fisher p {_pvalue_cell(result.fisher.pvalue, result.fisher.log10_pvalue)}",
        f"  smallest detectable drop {_points(result.mde)} points (80% power, level alpha/3); "
        f"margin {result.options.margin * 100:g} point{'' if result.options.margin == 0.01 else 's'}",
        "",
        f"  {'unit':<40} {'n':>7} {'b':>6} {'c':>6} {'delta pts':>10} {'p':>10} {'Holm p':>10}",
    ]
    for row in result.units:
        flag = " *" if row.flagged else ""
        lines.append(
            f"  {plain_text(row.unit)[:40]:<40} {row.n:>7,} {row.b:>6,} {row.c:>6,} {row.delta * 100:>+10.2f} "
            f"{_pvalue_cell(row.p_value, row.log10_p_value):>10} {_scientific(row.p_value_holm):>10}{flag}"
        )
    report = result.pairing
    lines += [
        "",
        f"  paired {report.matched:,} items; only baseline {report.only_baseline:,}; only candidate "
        f"{report.only_candidate:,}; duplicates dropped {report.duplicates:,}; hash mismatches "
        f"{report.hash_mismatches:,}",
    ]
    lines += [f"  warning: {plain_text(w)}" for w in report.warnings]
    return "\n".join(lines) + "\n"


def to_markdown(result: Comparison) -> str:
    """A Markdown summary (for pull-request comments in CI)."""
    pooled = result.pooled
    out = [
        f"### {VERDICT_TITLES[result.verdict]}",
        "",
        escape_markdown(verdict_sentence(result)),
        "",
        "| test | p-value |",
        "|---|---|",
        f"| pooled | {_pvalue_cell(pooled.p_value, pooled.log10_p_value)} |",
        f"| Max-Drop ({markdown_cell(result.max_drop_unit or '-')}) | "
        f"{_pvalue_cell(result.max_drop.pvalue, result.max_drop.log10_pvalue)} |",
        f"| Fisher | {_pvalue_cell(result.fisher.pvalue, result.fisher.log10_pvalue)} |",
        f"| **combined** (alpha {result.options.alpha:g}) | "
        f"**{_pvalue_cell(result.combined.pvalue, result.combined.log10_pvalue)}** |",
        "",
        "| unit | n | b | c | Δ (points) | 95% CI | p | Holm p |",
        "|---|---:|---:|---:|---:|---|---:|---:|",
    ]
    for row in result.units:
        name = markdown_cell(row.unit)
        out.append(
            f"| {name}{' ⚠' if row.flagged else ''} | {row.n:,} | {row.b:,} | {row.c:,} | {row.delta * 100:+.2f} | "
            f"{row.ci_low * 100:.2f} to {row.ci_high * 100:.2f} | "
            f"{_pvalue_cell(row.p_value, row.log10_p_value)} | {_scientific(row.p_value_holm)} |"
        )
    report = result.pairing
    out += [
        "",
        f"Paired {report.matched:,} items (only baseline {report.only_baseline:,}, only candidate "
        f"{report.only_candidate:,}, duplicates {report.duplicates:,}). Smallest detectable drop: "
        f"{_points(result.mde)} points.",
    ]
    out += [f"- ⚠ {escape_markdown(w)}" for w in report.warnings]
    return "\n".join(out) + "\n"
