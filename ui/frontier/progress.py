"""A progress bar for the slow steps of the frontier page that appears only when needed.

Fitting every benchmark period by period (the Over-time tab at a new τ) takes seconds; the
same step served from the cache takes milliseconds. A bar drawn on every run would flash
on each click, so the bar is drawn only once the work has taken longer than ``after``
seconds, then advances with each item and is removed when the work is done.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import TypeVar

import streamlit as st

T = TypeVar("T")


def with_progress(items: Iterable[T], text: str, after: float = 0.25) -> Iterator[T]:
    """Yield ``items``; show ``st.progress`` with ``text`` once they take over ``after`` s.

    ``text`` may use ``{done}`` and ``{total}`` (e.g. "Backtesting: {done} of {total}
    benchmarks").
    """
    items = list(items)
    total = len(items)
    start = time.perf_counter()
    bar = None
    try:
        for done, item in enumerate(items):
            if bar is None and time.perf_counter() - start > after:
                bar = st.progress(0.0)
            if bar is not None:
                bar.progress(done / total, text=text.format(done=done, total=total))
            yield item
    finally:
        if bar is not None:
            bar.empty()
