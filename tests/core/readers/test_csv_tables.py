"""The CSV reader's own contract (core.readers.csv_tables): delimiters, score words,
line numbers in messages, size limits, claims.

Complements test_helm_built_csv.py (layouts and the basic refusals).
"""

from __future__ import annotations

import pytest

from core.errors import InputError
from core.readers import InputFile, csv_tables, read_run
from core.readers.csv_tables import READER, _delimiter


def _read(text: str | bytes, name: str = "t.csv"):
    data = text.encode() if isinstance(text, str) else text
    return read_run([InputFile(name, data)])


@pytest.mark.parametrize(
    ("first", "suffix", "expected"),
    [
        ("id;score;task", "", ";"),
        ("id\tscore", "", "\t"),
        ("id,score", "", ","),
        ("a;b,c", "", ","),  # tie: comma wins
        ("noseparator", "", ","),
        ("id;score;task", ".tsv", "\t"),  # the suffix decides for .tsv
    ],
)
def test_delimiter_is_the_most_frequent_with_comma_on_ties(first, suffix, expected):
    assert _delimiter(first, suffix) == expected


def test_semicolon_table_with_bom_and_padded_mixed_case_headers():
    result = _read("\ufeff Prompt_ID ; SCORE ;Task\nq1;1;a\nq2;0;a\n")
    assert list(result.scores["item_id"]) == ["q1", "q2"]
    assert list(result.scores["score"]) == [1.0, 0.0]
    assert list(result.tasks) == ["a"]


def test_score_words_true_false_yes_no_c_i():
    text = "id,score\n1,TRUE\n2,false\n3, Yes\n4,no\n5,C\n6,i\n7,0.25\n"
    assert list(_read(text).scores["score"]) == [1, 0, 1, 0, 1, 0, 0.25]


@pytest.mark.parametrize("bad", ["nan", "inf", "-inf", "maybe"])
def test_non_numbers_are_counted_with_the_first_line(bad):
    text = f"id,score\n1,1\n2,{bad}\n3,{bad}\n"
    with pytest.raises(InputError) as error:
        _read(text)
    message = str(error.value)
    assert message.startswith("t.csv: 2 value(s) in column 'score' are not numbers")
    assert f"first on line 3: '{bad}'" in message


def test_empty_id_names_its_line():
    with pytest.raises(InputError, match=r"^t\.csv: line 4 has an empty 'id'\."):
        _read("id,score\na,1\nb,1\n,0\n")


def test_empty_task_names_its_line():
    with pytest.raises(InputError, match=r"^t\.csv: line 3 has an empty 'task'\."):
        _read("id,score,task\na,1,x\nb,1,\n")


def test_rerun_numbers_must_be_whole():
    with pytest.raises(InputError, match=r"column 'epoch' must hold whole rerun numbers \(line 3"):
        _read("id,score,task,epoch\na,1,x,0\na,1,x,1.5\n")


def test_not_utf8_names_line_and_byte_position():
    data = b"id,score\nq1,1\nq\xe92,0\n"
    with pytest.raises(InputError) as error:
        _read(data)
    assert str(error.value) == (
        "t.csv: line 3 is not UTF-8 text (bad byte at position 15). "
        "Save the CSV as UTF-8 and try again."
    )


def test_missing_columns_list_the_columns_and_the_accepted_names():
    with pytest.raises(InputError) as error:
        _read("name,value\na,1\n")
    message = str(error.value)
    assert message.startswith("t.csv: no id or score column found (columns: name, value).")
    assert "prompt_id" in message and "is_correct" in message


def test_empty_group_falls_back_to_the_task():
    result = _read("id,score,task,group\n1,1,a,g\n2,0,b,\n")
    assert list(result.scores["group"]) == ["g", "b"]


def test_too_many_rows_is_refused_with_separated_counts(monkeypatch):
    monkeypatch.setattr(csv_tables, "MAX_ROWS", 1_000)
    rows = "".join(f"{i},1\n" for i in range(1_001))
    with pytest.raises(InputError) as error:
        _read("id,score\n" + rows)
    message = str(error.value)
    assert "the CSV holds 1,001 rows" in message
    assert "1,000 rows per side" in message
    # exactly at the limit is read
    assert len(_read("id,score\n" + rows[: rows.index("1000,")]).scores) == 1_000


def test_too_many_bytes_is_refused_before_counting_rows(monkeypatch):
    monkeypatch.setattr(csv_tables, "MAX_BYTES", 2 * 1024**2)
    data = b"id,score\n" + b"1,1\n" * (3 * 1024**2 // 4)
    with pytest.raises(InputError, match=r"the CSV holds 3 MB, more than"):
        _read(data)


@pytest.mark.parametrize(
    ("name", "data", "claimed"),
    [
        ("results.txt", b"doc_id,acc\n1,1\n", True),
        ("results.txt", b"doc_id;value\n1;1\n", False),  # no score column
        ("results.dat", b"\x00\x01doc_id,acc\n", False),  # binary
        ("anything.csv", b"whatever", True),  # the suffix is enough
    ],
)
def test_claims_by_suffix_or_by_header(name, data, claimed):
    assert READER.claims(InputFile(name, data)) is claimed
