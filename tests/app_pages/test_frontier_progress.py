"""The frontier page's progress bar: drawn only for slow work, advanced per item, removed."""

from __future__ import annotations

import time

from ui.frontier import progress as frontier_progress


class _Bar:
    def __init__(self, log):
        self.log = log

    def progress(self, value, text=None):
        self.log.append(("progress", value, text))

    def empty(self):
        self.log.append(("empty",))


class _St:
    def __init__(self):
        self.log = []

    def progress(self, value):
        self.log.append(("new", value))
        return _Bar(self.log)


def test_slow_work_shows_a_bar_that_advances_and_is_removed(monkeypatch):
    fake = _St()
    monkeypatch.setattr(frontier_progress, "st", fake)
    items = list(frontier_progress.with_progress("abc", "{done} of {total} benchmarks", after=0.0))
    assert items == ["a", "b", "c"]
    assert fake.log == [
        ("new", 0.0),
        ("progress", 0.0, "0 of 3 benchmarks"),
        ("progress", 1 / 3, "1 of 3 benchmarks"),
        ("progress", 2 / 3, "2 of 3 benchmarks"),
        ("empty",),
    ]


def test_the_bar_appears_only_once_the_work_is_slow(monkeypatch):
    fake = _St()
    monkeypatch.setattr(frontier_progress, "st", fake)
    for item in frontier_progress.with_progress([1, 2, 3], "{done} of {total}", after=0.05):
        if item == 1:
            time.sleep(0.1)  # the first item is slow: the bar appears before the second
    assert fake.log[0] == ("new", 0.0)
    assert [entry[2] for entry in fake.log if entry[0] == "progress"] == ["1 of 3", "2 of 3"]
    assert fake.log[-1] == ("empty",)


def test_fast_work_draws_nothing(monkeypatch):
    fake = _St()
    monkeypatch.setattr(frontier_progress, "st", fake)
    assert list(frontier_progress.with_progress(range(5), "{done}", after=60.0)) == [0, 1, 2, 3, 4]
    assert fake.log == []
