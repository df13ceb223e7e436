"""Checks across several candidates (core.degradation.candidate_checks): shown names, the
same run given twice, questions broken by several candidates."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from core.degradation.candidate_checks import broken_questions, same_candidates, shown_names


def _paired(rows):
    """rows: (unit, task, item_id, baseline, candidate)."""
    frame = pd.DataFrame(rows, columns=["unit", "task", "item_id", "baseline", "candidate"])
    return SimpleNamespace(items=frame)


def test_broken_questions_need_the_minimum_and_sort_naturally():
    paired = {
        "A": _paired(
            [
                ("u", "t", "10", 1, 0),
                ("u", "t", "9", 1, 0),
                ("u", "t", "x", 1, 0),
                ("u", "t", "1", 0, 1),  # better, not broken
                ("u", "s", "5", 1, 0.5),  # partial drop counts as lower
            ]
        ),
        "B": _paired([("u", "t", "10", 1, 0), ("u", "t", "9", 1, 0), ("u", "t", "x", 1, 0)]),
        "C": _paired([("u", "t", "9", 1, 0), ("u", "s", "5", 1, 0), ("u", "t", "1", 1, 1)]),
    }
    found = broken_questions(paired)
    assert [(q.task, q.item_id, q.candidates) for q in found] == [
        ("t", "9", ("A", "B", "C")),  # most candidates first
        ("s", "5", ("A", "C")),
        ("t", "10", ("A", "B")),  # then by task, then by item id
        ("t", "x", ("A", "B")),  # numbers before text
    ]
    assert [q.count for q in found] == [3, 2, 2, 2]
    assert len(broken_questions(paired, min_candidates=3)) == 1
    assert len(broken_questions(paired, min_candidates=1)) == 4


def test_natural_order_puts_9_before_10():
    paired = {
        name: _paired([("u", "t", "10", 1, 0), ("u", "t", "9", 1, 0), ("u", "t", "100", 1, 0)])
        for name in "AB"
    }
    assert [q.item_id for q in broken_questions(paired)] == ["9", "10", "100"]


def _run(model=None, digests=()):
    return SimpleNamespace(model=model, file_digests={f"f{i}": d for i, d in enumerate(digests)})


def test_same_files_twice_is_said_once_per_pair():
    paired = {n: _paired([("u", "t", "1", 1, i)]) for i, n in enumerate("ABC")}
    runs = {"A": _run("m1", ["h1"]), "B": _run("m2", ["h1"]), "C": _run("m3", ["h2"])}
    assert same_candidates(runs, paired) == [
        "candidates A and B are the same file(s) (identical SHA-256): the same run was given twice."
    ]


def test_same_model_and_same_scores_is_probably_the_same_run():
    same = [("u", "t", "1", 1, 0), ("u", "t", "2", 1, 1)]
    paired = {
        "A": _paired(same),
        "B": _paired(same),
        "C": _paired(same[:1] + [("u", "t", "2", 1, 0)]),
    }
    runs = {"A": _run("m", ["h1"]), "B": _run("m", ["h2"]), "C": _run("m", ["h3"])}
    warnings = same_candidates(runs, paired)
    assert warnings == [
        "candidates A and B carry the same model name (m) and the same score on every paired "
        "item: probably the same run twice."
    ]
    runs_unnamed = {name: _run(None, [f"h{name}"]) for name in "AB"}
    assert same_candidates(runs_unnamed, paired) == []


@pytest.mark.parametrize(
    ("baseline", "candidates", "names"),
    [
        (None, [("runs/a.json", "m1"), ("runs/b.json", "m2")], ["m1", "m2"]),
        # the same model twice: the file names tell them apart
        (None, [("x/a.json", "m"), ("y/b.json", "m")], ["a.json", "b.json"]),
        # the baseline's model name does not tell a candidate apart
        ("m", [("x/a.json", "m"), ("y/b.json", "n")], ["a.json", "n"]),
        # same file name in two folders: the full source
        (None, [("x/r.json", None), ("y/r.json", None)], ["x/r.json", "y/r.json"]),
        # the very same source twice: numbered
        (None, [("r.json", None), ("r.json", None)], ["r.json", "r.json (2)"]),
        # Windows paths and trailing slashes
        (None, [("C:\\runs\\a\\", None), ("b/", None)], ["a", "b"]),
    ],
)
def test_shown_names(baseline, candidates, names):
    assert shown_names(baseline, candidates) == names
