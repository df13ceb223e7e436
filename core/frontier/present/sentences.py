"""Plain sentences about a boundary: what compute buys, what a score costs, is it moving.

Results keep full precision; this module is where numbers are rounded for people.
"""

from __future__ import annotations

import math

import numpy as np

from core.errors import InputError
from core.formatting import format_flops, plural
from core.frontier.boundary.questions import AttainableScore, ComputeNeeded
from core.frontier.history.backtest import BacktestReport

#: A boundary is "advancing" when newer models beat the previous period's boundary by more
#: than this much coverage (fraction), on average and in the latest period. The paper's MATH
#: Lvl 5 errors (-2.45, -1.63, -1.84 points) are advancing; BBH, GPQA, MMLU-Pro and MuSR
#: (all positive) are not. At tau = 0.98 the error cannot exceed +2 points.
ADVANCING_BELOW = 0.01
#: Mean signed coverage error above which the old boundary is too high (conservative).
CONSERVATIVE_ABOVE = 0.02


def parse_flops(text: str) -> float:
    """Read compute typed by a person: ``3e24``, ``3E+24``, ``3 x 10^24``, ``3*10**24``.

    Raises
    ------
    ValueError
        With an example of what to type instead.
    """
    cleaned = text.strip().lower().replace(" ", "").replace("×", "x").replace("flops", "")
    for power in ("x10^", "*10^", "x10**", "*10**"):
        cleaned = cleaned.replace(power, "e")
    if cleaned.startswith("10^") or cleaned.startswith("10**"):
        cleaned = "1e" + cleaned.split("^" if "^" in cleaned else "**", 1)[1]
    try:
        value = float(cleaned)
    except ValueError:
        raise InputError(f"{text!r} is not a number of FLOPs; type it like 3e24") from None
    if not math.isfinite(value) or value <= 0:
        raise InputError(f"compute must be a positive number of FLOPs such as 3e24, got {text!r}")
    return value


def _score(value: float) -> str:
    return f"{value:.2f}"


def attainable_sentence(benchmark: str, answer: AttainableScore) -> str:
    """E.g. "At 3e24 FLOPs the BBH boundary is 0.56 (90% band of the boundary 0.53–0.59)."."""
    text = (
        f"At {format_flops(answer.flops)} FLOPs the {benchmark} boundary is {_score(answer.score)}"
    )
    if math.isfinite(answer.ci_low):
        text += (
            f" ({answer.confidence_level:.0%} band of the boundary {_score(answer.ci_low)}–"
            f"{_score(answer.ci_high)})"
        )
    text += "."
    if answer.extrapolated:
        text += (
            " This compute is outside the models in the table, so the value is an extrapolation."
        )
    return text


def compute_needed_sentence(
    benchmark: str, answer: ComputeNeeded, ceiling: float, low_edge: float | None = None
) -> str:
    """E.g. "To reach 0.70 on BBH you need about 2e25 FLOPs (90% band 1e25–5e25).".

    ``low_edge`` (log10 FLOPs of the smallest model) lets an extrapolation below the data
    say "below" instead of "beyond".
    """
    target = _score(answer.score)
    if answer.status == "above ceiling":
        return (
            f"The {benchmark} boundary levels off at {_score(ceiling)}, so no compute "
            f"reaches {target} according to this fit."
        )
    if answer.status == "at or below floor":
        return f"Every compute level reaches {target} on {benchmark}: the boundary starts above it."
    text = f"To reach {target} on {benchmark} you need about {format_flops(answer.flops, 1)} FLOPs"
    low, high = answer.ci_low_log10_flops, answer.ci_high_log10_flops
    if math.isfinite(low) and np.isfinite(high):
        text += f" (band {format_flops(10.0**low, 1)}–{format_flops(10.0**high, 1)})"
    elif math.isfinite(low):
        text += (
            f" (band from {format_flops(10.0**low, 1)}; some resampled boundaries never reach it)"
        )
    text += "."
    if answer.extrapolated and (low_edge is not None and answer.log10_flops < low_edge):
        text += " That is below the compute of the smallest model in the table: an extrapolation."
    elif answer.extrapolated:
        text += " That is beyond the compute of the models in the table: an extrapolation."
    return text


def levels_sentence(benchmark: str, family, log10_flops: float) -> str:
    """E.g. "At 5e26 FLOPs on GPQA: τ 0.5 0.62 · τ 0.9 0.78 · τ 0.98 0.88 (never crossing)."."""
    values = family.predict(np.array([log10_flops]))[:, 0]
    parts = " · ".join(f"τ {t:g}: {_score(v)}" for t, v in zip(family.taus, values))
    return (
        f"At {format_flops(10.0**log10_flops, 1)} FLOPs on {benchmark}: {parts} "
        "(fitted together and sorted at each compute, so the boundaries never cross)."
    )


def trend(report: BacktestReport) -> tuple[str, float]:
    """Classify how a boundary moves between periods, from its backtest.

    Returns
    -------
    kind : {"advancing", "was advancing", "conservative", "stable", "unknown"}
        "advancing": newer models beat the previous boundary, on average and in the latest
        period; "was advancing": on average, but no longer in the latest period;
        "conservative": newer models stay below it; "unknown": no period could be tested.
    mean : float
        Mean signed coverage error over the tested periods (fraction; NaN when unknown).
    """
    errors = [
        p.signed_coverage_error for p in report.periods if math.isfinite(p.signed_coverage_error)
    ]
    if not errors:
        return "unknown", float("nan")
    mean = float(np.mean(errors))
    if mean < -ADVANCING_BELOW:
        return ("advancing" if errors[-1] < -ADVANCING_BELOW else "was advancing"), mean
    if mean > CONSERVATIVE_ABOVE:
        return "conservative", mean
    return "stable", mean


def trend_sentence(benchmark: str, report: BacktestReport) -> str:
    """One sentence: is the benchmark's boundary stable, or do newer models beat it?"""
    kind, mean = trend(report)
    n = sum(math.isfinite(p.signed_coverage_error) for p in report.periods)
    points = f"{abs(mean) * 100:.1f} points"
    if kind == "unknown":
        return (
            f"{benchmark}: not enough dated models in consecutive periods to tell whether "
            "the boundary moves."
        )
    if kind == "advancing":
        return (
            f"{benchmark}: the boundary is advancing — newer models beat the boundary of "
            f"the previous period ({points} of coverage below the target, mean of {n} "
            "periods), as math does in the paper."
        )
    if kind == "was advancing":
        return (
            f"{benchmark}: the boundary was advancing but held in the latest period — "
            f"newer models beat earlier boundaries ({points} of coverage below the target, "
            f"mean of {plural(n, 'period')}), not the most recent one."
        )
    if kind == "conservative":
        return (
            f"{benchmark}: newer models stay below the previous period's boundary "
            f"({points} of coverage above the target, mean of {plural(n, 'period')}); the old "
            "boundary is on the safe side."
        )
    return (
        f"{benchmark}: the boundary is stable — the previous period's boundary still fits "
        f"newer models (coverage within {points} of the target, mean of {plural(n, 'period')})."
    )


def boundary_summary(result) -> str:
    """The heading above a boundary chart: its level, its range over the data, its ceiling."""
    return (
        f"{result.name} at τ = {result.fit.tau:g}: {result.fit.range_text()} "
        f"({result.table.n:,} models)."
    )
