"""The rows and compute arguments a column mapping selects, for analyses that read the table
again (saturation groups, budget pools)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.frontier.data.mapping import ColumnMapping, _truthy

#: Column added by ``kept_rows``: the row's position among the kept rows, as text (a model id
#: that is unique even when model names repeat).
ROW_ID = "__planning_row__"


def kept_rows(frame: pd.DataFrame, mapping: ColumnMapping) -> pd.DataFrame:
    """Rows not excluded by the mapping's yes/no columns, with a ``ROW_ID`` column.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table as read.
    mapping : ColumnMapping
        Its ``exclude`` columns mark rows to leave out (True, or the text "true" in any case).

    Returns
    -------
    pandas.DataFrame
        The kept rows, index reset, with ``ROW_ID`` "0", "1", ...

    Examples
    --------
    >>> frame = pd.DataFrame({"score": [0.1, 0.2, 0.3], "Flagged": [False, True, "false"]})
    >>> mapping = ColumnMapping(scores=("score",), exclude=("Flagged",))
    >>> kept_rows(frame, mapping)[["score", ROW_ID]].values.tolist()
    [[0.1, '0'], [0.3, '1']]
    """
    excluded = np.zeros(len(frame), bool)
    for column in mapping.exclude:
        excluded |= _truthy(frame[column])
    data = frame.loc[~excluded].reset_index(drop=True)
    return data.assign(**{ROW_ID: np.arange(len(data)).astype(str)})


def compute_arguments(mapping: ColumnMapping) -> dict:
    """Keyword arguments of ``load_boundary_tables`` for the mapping's compute columns.

    FLOPs, when mapped, win over parameters and tokens (which are then not read).

    Examples
    --------
    >>> compute_arguments(ColumnMapping(flops="C", params="N", tokens="D"))["params"] is None
    True
    """
    return dict(
        flops=mapping.flops or None,
        params=None if mapping.flops else mapping.params,
        tokens=None if mapping.flops else mapping.tokens,
        params_scale=mapping.params_scale,
        tokens_scale=mapping.tokens_scale,
        flops_scale=mapping.flops_scale,
    )
