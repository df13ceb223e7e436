"""CSV score columns of digits only are cast by Arrow; the result is ``pd.to_numeric``'s."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core.errors import InputError
from core.readers import InputFile, read_run
from core.readers.csv_tables import _parse_scores, _whole_numbers


@pytest.mark.parametrize(
    "cells",
    [
        ["0", "1", "1", "0"],
        ["007", "10", "999999999999999"],
        ["1", "0.5"],
        ["1", "-1"],
        ["1", "1e3"],
        ["1", ""],
        ["1", " 1"],
        ["1", "١"],  # an Arabic-Indic digit: not 0-9, left to to_numeric
        ["true", "0"],
    ],
)
def test_parsed_scores_equal_to_numeric_s(cells: list[str]) -> None:
    column = pd.Series(cells, dtype=pd.StringDtype("pyarrow", na_value=np.nan), name="score")
    fast = _whole_numbers(column)
    slow = pd.to_numeric(column, errors="coerce").astype(float)
    digits_only = all(c.isascii() and c.isdigit() for c in cells)
    assert (fast is not None) == digits_only
    if fast is not None:
        pd.testing.assert_series_equal(fast, slow)


def test_a_digit_only_csv_reads_as_floats_and_bad_cells_still_name_the_line() -> None:
    run = read_run([InputFile("run.csv", b"task,item_id,score\nt,1,1\nt,2,0\nt,3,1\n")])
    assert run.scores["score"].tolist() == [1.0, 0.0, 1.0]
    assert run.scores["score"].dtype == "float64"
    column = pd.Series(["1", "x"], dtype=pd.StringDtype("pyarrow", na_value=np.nan))
    with pytest.raises(InputError, match="line 3"):
        _parse_scores(column, "run.csv", "score")
