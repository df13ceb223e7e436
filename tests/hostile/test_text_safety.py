"""The escaping and neutralising helpers of core/text_safety.py, case by case."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from core.text_safety import (
    escape_markdown,
    markdown_cell,
    neutral_cell,
    neutral_csv,
    one_line,
    plain_lines,
    plain_text,
    safe_file_name,
)


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("u","x")'],
)
def test_formula_like_text_gets_an_apostrophe(text):
    assert neutral_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["-0.5", "+3", "-1e-3", "12", "abc", "a=b", "", " =1"])
def test_numbers_as_text_and_plain_text_stay(value):
    assert neutral_cell(value) == value


@pytest.mark.parametrize("value", [-1, -0.5, np.float64(-2.0), np.int64(-3), True, None])
def test_numbers_are_never_touched(value):
    assert neutral_cell(value) is value


def test_neutral_csv_keeps_numbers_numeric_and_neutralises_names_and_headers():
    frame = pd.DataFrame(
        {"=name": ["=SUM(1)", "ok", "-x"], "delta": [-0.25, 0.5, -1.0], "n": [1, 2, 3]}
    )
    text = neutral_csv(frame)
    back = pd.read_csv(io.StringIO(text))
    assert list(back.columns) == ["'=name", "delta", "n"]
    assert back["'=name"].tolist() == ["'=SUM(1)", "ok", "'-x"]
    assert back["delta"].tolist() == [-0.25, 0.5, -1.0]  # numbers stay numbers
    assert back["n"].dtype.kind == "i"
    assert frame.iloc[0, 0] == "=SUM(1)"  # the caller's frame is not changed


def test_neutral_csv_handles_pandas_string_and_categorical_columns():
    frame = pd.DataFrame({"a": pd.array(["@x", None], dtype="string")})
    frame["b"] = pd.Categorical(["+y", "z"])
    back = pd.read_csv(io.StringIO(neutral_csv(frame)))
    assert back["a"].iloc[0] == "'@x" and back["b"].tolist() == ["'+y", "z"]


def test_markdown_image_link_html_and_maths_are_inert():
    text = escape_markdown("![](http://host/pixel.png) [a](b) <img src=x> $x$ *b* `c` ~d~ |e|")
    for live in ("![](", "[a](", " <img", "$x$", "*b*", "`c`", "~d~", " |e|", "http://"):
        assert live not in text, live
    assert "\\!\\[\\]" in text and "\\<img" in text and "\\$x\\$" in text
    assert "http:\u200b//host" in text  # no autolink either


def test_snake_case_is_left_readable_but_emphasis_is_not():
    assert escape_markdown("leaderboard_math_hard") == "leaderboard_math_hard"
    assert escape_markdown("_x_") == "\\_x\\_"
    assert escape_markdown("www.example.com") == "www\u200b.example.com"


def test_markdown_cell_escapes_pipes_angles_backticks_and_newlines():
    cell = markdown_cell("a|b<script>`c`\nd")
    assert cell == "a\\|b\\<script\\>\\`c\\`\\\\x0ad"
    assert "\n" not in cell and "|" not in cell.replace("\\|", "")


def test_control_characters_are_shown_not_obeyed():
    assert plain_text("\x1b[31mred\x07") == "\\x1b[31mred\\x07"
    assert plain_text("a\u202eb") == "a\\u202eb"  # right-to-left override
    assert plain_lines("x\x1b[2J\ny") == "x\\x1b[2J\ny"
    assert "\x1b" not in escape_markdown("\x1b[2J")


def test_one_line_flattens_and_bounds():
    error = "Error tokenizing data. C error:\nExpected 2 fields in line 3, saw 4\n"
    assert one_line(error) == "Error tokenizing data. C error: Expected 2 fields in line 3, saw 4"
    assert len(one_line("x" * 1000, 50)) == 50 and one_line("x" * 1000, 50).endswith("…")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("gsm8k", "gsm8k"), ("../../etc/passwd", "etc_passwd"), ("a b/c", "a_b_c"), ("", "file")],
)
def test_safe_file_name(text, expected):
    assert safe_file_name(text) == expected
