"""Renderings of a :class:`~core.degradation.comparison.Comparison`: sentence, text, Markdown, JSON.

Results keep full precision; this module is where numbers are rounded for people. The
JSON form keeps full precision too (``inf`` and ``nan`` become ``null``).
"""

from __future__ import annotations

import json
import math
from typing import Any

from core.degradation.comparison import Comparison, UnitComparison
from core.degradation.data.data_warnings import group_warnings
from core.degradation.present.verdict_words import (
    combined_cell,
    detectable_text,
    test_name,
    verdict_parts,
    verdict_sentence,
    warning_lines,
)
from core.formatting import (
    margin_text,
    percent,
    plural,
    pvalue_cell,
    signed_points,
)
from core.text_safety import escape_markdown, markdown_cell, plain_text


def json_ready(value: Any) -> Any:
    """`value` with NaN and infinities as None and numpy scalars as Python numbers (strict JSON)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: json_ready(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_ready(item) for item in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return json_ready(value.item())
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
        "p_value": row.pvalue,
        "log10_p_value": row.log10_pvalue,
        "p_value_holm": row.pvalue_holm,
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
    return json_ready(payload)


def to_json(result: Comparison, indent: int | None = 2, provenance: Any = None) -> str:
    """:func:`to_dict` as JSON text (strict JSON: no NaN or Infinity)."""
    return json.dumps(
        to_dict(result, provenance), indent=indent, allow_nan=False, ensure_ascii=False
    )


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
        f"  pooled p {pvalue_cell(pooled.pvalue, pooled.log10_pvalue)}  "
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
            f"{pvalue_cell(row.pvalue, row.log10_pvalue):>10} {pvalue_cell(row.pvalue_holm):>10}{flag}"
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
        f"| pooled | {pvalue_cell(pooled.pvalue, pooled.log10_pvalue)} |",
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
            f"{pvalue_cell(row.pvalue, row.log10_pvalue)} | {pvalue_cell(row.pvalue_holm)} |"
        )
    report = result.pairing
    out += [
        "",
        f"Paired {plural(report.matched, 'item')} (only baseline {report.only_baseline:,}, only candidate "
        f"{report.only_candidate:,}, duplicates {report.duplicates:,}). "
        f"{detectable_text(result).capitalize()}.",
    ]
    return "\n".join(out) + "\n"
