"""Pre-training compute of each row of a model table: a FLOPs column, or 6 * N * D.

Units are read from column names such as ``#Params (B)``, ``Pretraining tokens (T)`` and
``FLOPs (1E21)``, or given explicitly; a column of raw counts (median above 1e6) needs no
unit. A ``log10 ...`` column holds exponents.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from core.errors import InputError
from core.frontier.data.column_guesses import guess_compute

_UNITS = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "million": 1e6,
    "b": 1e9,
    "billion": 1e9,
    "bn": 1e9,
    "t": 1e12,
    "trillion": 1e12,
}


def unit_scale(column: str, kind: str) -> float | None:
    """Multiplier implied by a column name, e.g. 1e9 for ``#Params (B)``; None if absent."""
    name = column.lower()
    match = re.search(r"1e\+?(\d+)", name)
    if match and kind == "flops":
        return 10.0 ** int(match.group(1))
    if kind == "flops" and ("zflop" in name or "zettaflop" in name):
        return 1e21
    match = re.search(r"\(\s*([a-z]+)\s*\)|[_\s]([a-z]+)$", name)
    if match:
        unit = match.group(1) or match.group(2)
        if unit in _UNITS:
            return _UNITS[unit]
    for word in ("trillion", "billion", "million", "thousand"):
        if word in name:
            return _UNITS[word]
    return None


def numeric_column(frame: pd.DataFrame, column: str, source: str) -> np.ndarray:
    """The column as floats (unreadable cells NaN); :class:`InputError` when it is missing."""
    if column not in frame.columns:
        raise InputError(f"{source}: no column {column!r}; columns are {list(frame.columns)}")
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)


def _scale(values, column, kind, given, source, option):
    if given is not None:
        return float(given)
    scale = unit_scale(column, kind)
    if scale is not None:
        return scale
    finite = values[np.isfinite(values)]
    if finite.size and np.median(finite) > 1e6:
        return 1.0  # raw counts
    raise InputError(
        f"{source}: cannot tell the unit of column {column!r} from its name; "
        f"pass {option} (e.g. 1e9 if the values are billions)"
    )


def log10_flops(frame, source, flops, params, tokens, params_scale, tokens_scale, flops_scale):
    """log10 pre-training FLOPs of every row, how they were obtained, and the raw values.

    Columns not named are guessed (:func:`core.frontier.data.column_guesses.guess_compute`);
    units come from the given scales or the column names. Returns ``(z, description,
    raw)``: ``raw`` is the FLOPs (or N * D) column, NaN where a cell is missing.
    """
    if flops is None and params is None and tokens is None:
        flops, params, tokens = guess_compute(frame)
        if flops is None and params is None:
            raise InputError(
                f"{source}: found no compute columns; pass --flops COL, or --params COL "
                "and --tokens COL"
            )
    if flops is not None:
        if params is not None or tokens is not None:
            raise InputError("give either a FLOPs column or parameter and token columns, not both")
        values = numeric_column(frame, flops, source)
        if "log10" in flops.lower() or flops.lower().startswith("log"):
            scale = 1.0 if flops_scale is None else float(flops_scale)
            with np.errstate(divide="ignore", invalid="ignore"):
                return (
                    values + np.log10(scale),
                    f"10**{flops}" + (f"*{scale:g}" if scale != 1 else ""),
                    np.power(10.0, values),
                )
        scale = _scale(values, flops, "flops", flops_scale, source, "--flops-scale")
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log10(values * scale), f"{flops}*{scale:g}", values
    if params is None or tokens is None:
        raise InputError("give both --params COL and --tokens COL (FLOPs = 6 * N * D)")
    n = numeric_column(frame, params, source)
    d = numeric_column(frame, tokens, source)
    sn = _scale(n, params, "params", params_scale, source, "--params-scale")
    sd = _scale(d, tokens, "tokens", tokens_scale, source, "--tokens-scale")
    product = n * d
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.log10(6.0 * product) + np.log10(sn) + np.log10(sd)
    return z, f"6 * {params}*{sn:g} * {tokens}*{sd:g}", product
