"""Choosing lm-eval's filter and metric and turning values into scores
(core.readers.lm_eval_values).

The real pyFade / every_eval_ever sample files are the reference: the reader's scores must
be exactly the ``exact_match`` values of the records of the chosen filter, parsed here with
the standard ``json`` module.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.errors import InputError
from core.readers import InputFile, ReadOptions, read_path, read_run
from core.readers.lm_eval_values import _all_binary, take, to_score

GSM_BASE = "lm-evaluation-harness/pyfade_gsm8k_pair/base_gemma3-12b-it-q4_K_M"
MATH = "lm-evaluation-harness/every_eval_ever_math_perturbed_single"


def _expected(folder: Path, filter_name: str, metric: str = "exact_match") -> dict[str, float]:
    """{doc_id: value} of one filter, straight from the samples file."""
    (samples,) = folder.glob("samples_*.jsonl")
    records = [json.loads(line) for line in samples.read_text().splitlines() if line.strip()]
    return {str(r["doc_id"]): float(r[metric]) for r in records if r.get("filter") == filter_name}


def test_scores_are_the_chosen_filters_records(real):
    folder = real / GSM_BASE
    result = read_path(folder)
    expected = _expected(folder, "strict-match")
    assert len(expected) == 3  # the copied file holds three strict-match records
    assert dict(zip(result.scores["item_id"], result.scores["score"])) == expected
    info = result.tasks["gsm8k"]
    assert (info.metric, info.filter) == ("exact_match", "strict-match")
    assert info.filter_choices == ("strict-match",)


def test_filter_none_when_it_is_the_only_one(real):
    result = read_path(real / MATH)
    (task,) = result.tasks
    assert result.tasks[task].filter == "none"
    assert dict(zip(result.scores["item_id"], result.scores["score"])) == _expected(
        real / MATH, "none"
    )


def test_unknown_filter_lists_the_choices(real):
    with pytest.raises(InputError) as error:
        read_path(real / GSM_BASE, ReadOptions(filter="nope"))
    assert str(error.value).endswith(
        "filter 'nope' is not in the file; choose one of strict-match for task gsm8k."
    )


def _record(doc_id, **extra):
    base = {"doc_id": doc_id, "doc": {}, "target": "1", "arguments": [], "resps": []}
    return json.dumps({**base, "filtered_resps": ["1"], **extra})


def _samples(lines):
    name = "samples_t_2025-01-01T00-00-00.000000.jsonl"
    return InputFile(name, ("\n".join(lines) + "\n").encode())


def test_a_filter_cannot_be_chosen_in_records_without_filter_names():
    old = _samples([_record(0, acc=1.0), _record(1, acc=0.0)])
    assert list(read_run([old]).scores["score"]) == [1.0, 0.0]
    with pytest.raises(InputError, match="carry no filter name .* filter 'strict-match' cannot"):
        read_run([old], ReadOptions(filter="strict-match"))
    assert len(read_run([old], ReadOptions(filter="none")).scores) == 2


def test_a_missing_value_names_the_line_and_the_metrics():
    lines = [
        _record(0, filter="none", metrics=["acc", "em"], acc=1.0, em=1.0),
        _record(1, filter="none", metrics=["acc", "em"], acc=None, em=0.0),
    ]
    with pytest.raises(InputError) as error:
        read_run([_samples(lines)], ReadOptions(metric="acc"))
    message = str(error.value)
    assert "line 2: metric 'acc' of task t is missing (null)" in message
    assert message.endswith("Choose another metric (acc, em).")


def test_unknown_metric_lists_the_present_ones():
    lines = [_record(0, filter="none", metrics=["acc"], acc=1.0)]
    with pytest.raises(
        InputError, match=r"metric 'f1' is not in the records of task t; choose one of acc\."
    ):
        read_run([_samples(lines)], ReadOptions(metric="f1"))


def test_default_metric_is_the_first_binary_one_even_after_a_probability():
    lines = [
        _record(d, filter="none", metrics=["prob", "acc"], prob=0.3 + 0.1 * d, acc=float(d % 2))
        for d in range(3)
    ]
    result = read_run([_samples(lines)])
    assert result.tasks["t"].metric == "acc"
    assert result.tasks["t"].metric_choices == ("prob", "acc")
    assert not [w for w in result.warnings if "0/1" in w]
    prob = read_run([_samples(lines)], ReadOptions(metric="prob"))
    assert list(prob.scores["score"]) == pytest.approx([0.3, 0.4, 0.5])
    assert (
        "task t: metric prob is not 0/1 (e.g. a probability); the paired permutation test "
        "applies instead of McNemar."
    ) in prob.warnings


@pytest.mark.parametrize(
    ("filters", "default"),
    [
        (["flexible-extract", "strict-match"], "strict-match"),
        (["flexible-extract", "none"], "none"),
        (["none", "strict-match"], "strict-match"),  # strict-match before none
        (["custom-b", "custom-a"], "custom-b"),  # neither default: the first in the file
    ],
)
def test_default_filter_prefers_strict_match_then_none_then_the_first(filters, default):
    lines = [
        _record(d, filter=f, metrics=["em"], em=float(k))
        for k, f in enumerate(filters)
        for d in range(2)
    ]
    result = read_run([_samples(lines)])
    assert result.tasks["t"].filter == default
    assert result.tasks["t"].filter_choices == tuple(filters)
    assert set(result.scores["score"]) == {float(filters.index(default))}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (True, (1.0, None)),
        (False, (0.0, None)),
        (1, (1.0, None)),
        (0.25, (0.25, None)),
        ([True, False, False, False], (0.25, "mean")),
        (None, (None, "is missing (null); predict-only runs store no scores")),
        ([0.1, 0.2], (None, "is a list/tuple that only makes sense in aggregate")),
        ([], (None, "is a list/tuple that only makes sense in aggregate")),
        ("1", (None, "is a str, not a number")),
        ({"a": 1}, (None, "is a dict, not a number")),
    ],
)
def test_to_score(raw, expected):
    assert to_score(raw, "acc") == expected


@pytest.mark.parametrize(
    ("values", "binary"),
    [
        ([0, 1, 1.0, True, False], True),
        ([0, 0.5], False),
        ([2], False),
        ([[1, 0]], False),  # lists are never binary scores
        ([], True),
    ],
)
def test_all_binary(values, binary):
    assert _all_binary(values) is binary


def test_take_returns_the_sequence_itself_for_all_rows():
    values = ["a", "b", "c"]
    assert take(values, range(3)) is values
    assert take(values, [2, 0]) == ["c", "a"]
    assert take(values, range(1, 3)) == ["b", "c"]
