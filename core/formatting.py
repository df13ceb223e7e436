"""How numbers are written for people: p-values, points, percentages, counts, compute.

One home for every formatter the text, Markdown and HTML reports, the command line and the
pages share, so that the same number is written the same way everywhere. Each function takes
a full-precision value (results keep full precision) and returns the text; nothing here
rounds a result that is computed with later.
"""

from __future__ import annotations

import math

#: What a value that cannot be written (NaN, infinite) shows as in tables and sentences.
MISSING = "—"


def format_pvalue(p: float) -> str:
    """A p-value for a sentence: two decimals, one significant digit below 0.01, a bound
    below 1e-5.

    Examples
    --------
    >>> format_pvalue(0.0532), format_pvalue(0.00341), format_pvalue(3e-9)
    ('0.05', '0.003', '< 0.00001')
    """
    if not math.isfinite(p):
        return "n/a"
    if p >= 0.01:
        return f"{p:.2f}"
    if p >= 1e-5:
        digits = -math.floor(math.log10(p))
        return f"{p:.{digits}f}"
    return "< 0.00001"


def pvalue_cell(p: float, log10_p: float = math.nan) -> str:
    """A p-value for a table: three significant digits, written from its logarithm when the
    value itself underflowed to 0.

    Parameters
    ----------
    p
        The p-value.
    log10_p
        Its base-10 logarithm, kept by the tests whose p can fall below the smallest double
        (NaN when not known).

    Examples
    --------
    >>> pvalue_cell(0.017812), pvalue_cell(2.5e-7)
    ('0.0178', '2.5e-07')
    >>> pvalue_cell(0.0, -312.4)  # 10**-312.4 = 3.98e-313
    '3.98e-313'
    >>> pvalue_cell(float("nan"))
    '—'
    """
    if not math.isfinite(p):
        return MISSING
    if p == 0.0:
        if not math.isfinite(log10_p):
            return "< 1e-300"
        exponent = math.floor(log10_p)
        mantissa = 10 ** (log10_p - exponent)
        if round(mantissa, 2) >= 10:  # 9.996 rounds up to the next power of ten
            mantissa, exponent = mantissa / 10, exponent + 1
        return f"{mantissa:.3g}e{exponent}"
    return f"{p:.3g}"


def pvalue_tile(p: float, log10_p: float = math.nan) -> str:
    """A p-value for a headline figure: as in a sentence down to 1e-5, then as in a table.

    Examples
    --------
    >>> pvalue_tile(0.196), pvalue_tile(0.00341), pvalue_tile(3.1e-9), pvalue_tile(0.0, -400.2)
    ('0.20', '0.003', '3.1e-09', '6.31e-401')
    """
    if math.isfinite(p) and p >= 1e-5:
        return format_pvalue(p)
    return pvalue_cell(p, log10_p)


def points(value: float) -> str:
    """An accuracy difference (a fraction) in points, unsigned: 0.0173 -> "1.73"."""
    if not math.isfinite(value):
        return MISSING
    return f"{abs(value) * 100:.2f}"


def signed_points(value: float) -> str:
    """An accuracy difference in points with its sign, a true minus: -0.0173 -> "−1.73"."""
    if not math.isfinite(value):
        return MISSING
    return f"{value * 100:+.2f}".replace("-", "−")


def points_with_minus(value: float) -> str:
    """Points with a minus only where negative (true minus sign): -0.0173 -> "−1.73"."""
    if not math.isfinite(value):
        return MISSING
    return f"{value * 100:.2f}".replace("-", "−")


def percent(value: float) -> str:
    """A level or power as people write it: 0.95 -> "95%", 0.975 -> "97.5%".

    Examples
    --------
    >>> percent(0.95), percent(0.975), percent(0.8)
    ('95%', '97.5%', '80%')
    """
    return f"{value * 100:.4g}%"


def plural(count: int, noun: str) -> str:
    """A count with its noun, thousands separated, singular only for one.

    Examples
    --------
    >>> plural(1, "question"), plural(25282, "question"), plural(0, "task")
    ('1 question', '25,282 questions', '0 tasks')
    """
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def margin_text(margin: float) -> str:
    """The margin (a fraction) in points, singular when it is one point.

    Examples
    --------
    >>> margin_text(0.01), margin_text(0.005)
    ('1 point', '0.5 points')
    """
    value = margin * 100
    return f"{value:g} point" + ("" if value == 1 else "s")


def format_flops(flops: float, digits: int = 2) -> str:
    """Compute for a sentence: ``3e24``, ``2.4e25`` (no '+', no trailing zeros).

    Examples
    --------
    >>> format_flops(3e24), format_flops(2.4e25), format_flops(0)
    ('3e24', '2.4e25', 'n/a')
    """
    if not math.isfinite(flops) or flops <= 0:
        return "n/a"
    mantissa, exponent = f"{flops:.{digits - 1}e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}e{int(exponent)}"


def format_number(value: float) -> str:
    """A setting as people write it: 50, 0.98, 1e-4 (no trailing zeros).

    Examples
    --------
    >>> format_number(50.0), format_number(0.98), format_number(1e-4)
    ('50', '0.98', '1e-4')
    """
    if value == 0:
        return "0"
    if abs(value) < 1e-2:
        mantissa, exponent = f"{value:.0e}".split("e")
        return f"{mantissa}e{int(exponent)}"
    return f"{value:g}"


def json_float(value: float) -> float | None:
    """A number as JSON output writes it: full precision, NaN and infinities as ``None``.

    Examples
    --------
    >>> json_float(0.25), json_float(float("nan")), json_float(float("inf"))
    (0.25, None, None)
    """
    value = float(value)
    return value if math.isfinite(value) else None


def json_fields(result: object, names: str, *, finite: bool = False) -> dict:
    """Attributes of ``result`` as a dict, in the order named: the pieces of a ``to_dict()``.

    Parameters
    ----------
    result : object
        A result dataclass.
    names : str
        Attribute names separated by spaces.
    finite : bool, default False
        Write float NaN and infinities as ``None`` (:func:`json_float`) instead of as they are.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> json_fields(SimpleNamespace(n=3, gap=float("nan")), "n gap", finite=True)
    {'n': 3, 'gap': None}
    """
    values = {name: getattr(result, name) for name in names.split()}
    if not finite:
        return values
    return {k: json_float(v) if isinstance(v, float) else v for k, v in values.items()}
