"""The one formatting module: every writer of a p-value, points or counts goes through it."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from scipy.stats import binomtest

from core.degradation.stats.mcnemar import mcnemar_log_pvalue
from core.formatting import (
    format_flops,
    format_number,
    format_pvalue,
    margin_text,
    percent,
    plural,
    points,
    points_with_minus,
    pvalue_cell,
    signed_points,
)


@pytest.mark.parametrize(
    ("p", "text"),
    [
        (0.5, "0.50"),
        (0.0104, "0.01"),
        (0.0099, "0.010"),
        (0.00341, "0.003"),
        (1.2e-5, "0.00001"),
        (9.9e-6, "< 0.00001"),
        (math.nan, "n/a"),
    ],
)
def test_sentence_pvalues(p, text):
    assert format_pvalue(p) == text


def test_an_underflowed_pvalue_is_written_from_its_logarithm_as_scipy_would_if_it_could():
    # 1,100 flips against the candidate, none for it: p = 2**-1100 underflows to 0.
    log10_p = mcnemar_log_pvalue(1100, 0) / math.log(10)
    assert binomtest(0, 1100, 0.5, alternative="less").pvalue == 0.0  # scipy underflows too
    assert pvalue_cell(0.0, log10_p) == "7.36e-332"  # 2**-1100 = 7.3622e-332 (mpmath)
    assert pvalue_cell(0.0, -312.0) == "1e-312"
    assert pvalue_cell(0.0, -2.0000001) == "1e-2"  # a mantissa of 9.99999… rounds to the next power
    assert pvalue_cell(0.0) == "< 1e-300"
    assert pvalue_cell(0.017812) == "0.0178" and pvalue_cell(2.5e-7) == "2.5e-07"


def test_points_percent_plural_margin():
    assert (points(-0.01734), signed_points(-0.01734), signed_points(0.004)) == (
        "1.73",
        "−1.73",
        "+0.40",
    )
    assert points_with_minus(-0.5) == "−50.00" and points_with_minus(0.25) == "25.00"
    assert {points(math.nan), signed_points(math.inf), points_with_minus(math.nan)} == {"—"}
    assert (percent(0.9), percent(0.995)) == ("90%", "99.5%")
    assert (plural(1, "item"), plural(1234, "item")) == ("1 item", "1,234 items")
    assert (margin_text(0.01), margin_text(0.02)) == ("1 point", "2 points")
    assert (format_flops(3.04e24), format_flops(-1)) == ("3e24", "n/a")
    assert (format_number(1e-3), format_number(0.5)) == ("1e-3", "0.5")


def test_no_module_writes_its_own_pvalue_formatter():
    root = Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(root))
        for folder in ("core", "ui", "app_pages")
        for path in (root / folder).rglob("*.py")
        if path.name != "formatting.py"
        and re.search(
            r"^def _?(p|pvalue_text|pvalue_cell|scientific|format_pvalue)\(",
            path.read_text(encoding="utf-8"),
            re.M,
        )
    ]
    assert offenders == []
