"""Make text taken from users' files safe for where it is shown or written.

Names from result files (task, model, file, metric, sample text) reach five places, and
each needs its own treatment. The helpers here are called at those edges, never earlier,
so the data keep the names exactly as the files spell them:

- one line of an error message or the text report: :func:`one_line`, :func:`plain_text`
  (control characters, ANSI escapes included, are shown as ``\\x1b``);
- markdown rendered on a page: :func:`escape_markdown` (no links, images or HTML);
- a cell of a markdown table: :func:`markdown_cell` (``|``, ``<``, ``>``, backticks);
- a CSV written for spreadsheets: :func:`neutral_csv` (formula injection, OWASP);
- a download's file name: :func:`safe_file_name`.

HTML reports escape with :func:`html.escape` where they are built.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas only where a frame is written: keeps it off the CLI's start-up
    import pandas as pd

#: Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
#: Markdown's active characters; ``_`` only where it could start or end emphasis (not
#: inside ``snake_case`` words, which CommonMark never emphasises). Parentheses stay:
#: without ``[`` and ``]`` they cannot make a link or an image.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*\[\]#!|<>~$&]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z]))")
#: Where GitHub-flavoured markdown would turn a bare address into a link; a zero-width
#: space after ``:`` or ``www`` breaks the pattern (escapes do not: the autolink pass runs
#: on the text after escapes are resolved).
_AUTOLINK = re.compile(r"(?i)(?<=https:)(?=//)|(?<=http:)(?=//)|(?<=www)(?=\.)")
_ZERO_WIDTH_SPACE = "\u200b"
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_FILE_NAME_BAD = re.compile(r"[^A-Za-z0-9._-]+")


def _show_control(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def plain_text(text: object) -> str:
    """Text for a terminal or a plain report: control characters shown, not obeyed.

    ``"\\x1b[31mred"`` becomes ``"\\\\x1b[31mred"``: the escape is visible and the terminal
    does not act on it. Newlines and tabs are shown too; use this for names, not for
    whole multi-line reports.
    """
    return _CONTROL.sub(_show_control, str(text))


def one_line(text: object, limit: int = 300) -> str:
    """One line of at most ``limit`` characters: runs of white space become one space.

    For error messages that quote names or an exception's text (pandas' tokenizer errors
    span several lines).
    """
    flat = plain_text(" ".join(str(text).split()))
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def escape_markdown(text: object) -> str:
    """Text that Streamlit's markdown shows literally: no link, image, HTML or emphasis.

    Markdown's active punctuation (links, images, HTML, emphasis, code, tables, Streamlit's
    ``$`` maths) is backslash-escaped, so ``![](http://host/x.png)`` is shown as those
    characters and the browser fetches nothing; a bare ``http://`` address gets a zero-width
    space after the colon so that it does not become a link. Control characters are shown
    as ``\\x..``.
    """
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", plain_text(text))
    return _AUTOLINK.sub(_ZERO_WIDTH_SPACE, escaped)


def markdown_cell(text: object) -> str:
    """Text for one cell of a markdown table: ``|``, ``<``, ``>``, backticks and the rest escaped.

    The same escaping as :func:`escape_markdown`; a newline in a name is shown as ``\\x0a``,
    so it cannot end the table row.
    """
    return escape_markdown(text)


def plain_lines(text: str) -> str:
    """A multi-line report for a terminal: control characters shown, newlines kept."""
    return "\n".join(plain_text(line) for line in text.split("\n"))


def neutral_cell(value: object) -> object:
    """One CSV cell that no spreadsheet runs: text starting like a formula gets ``'``.

    Numbers (int, float, numpy numbers, booleans) are returned unchanged, and so is text
    that is only a number (``"-0.5"``, ``"+3"``), so numbers stay numbers in the
    spreadsheet; ``"-2+3"`` or ``"=1"`` get the apostrophe.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.match(value):
        return "'" + value
    return value


def neutral_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and column names are neutral (see :func:`neutral_cell`)."""
    import pandas as pd

    out = frame.copy()
    out.columns = [neutral_cell(str(c)) if isinstance(c, str) else c for c in out.columns]
    for column in out.columns:
        series = out[column]
        if not (
            pd.api.types.is_object_dtype(series)
            or pd.api.types.is_string_dtype(series)
            or isinstance(series.dtype, pd.CategoricalDtype)
        ):
            continue
        out[column] = series.astype(object).map(neutral_cell)
    return out


def neutral_csv(frame: pd.DataFrame, **to_csv) -> str:
    """The CSV text of ``frame`` with formula-like text cells neutralised (OWASP advice).

    Every CSV the project writes (page downloads and the command line) goes through here.
    Keyword arguments go to :meth:`pandas.DataFrame.to_csv`; ``index`` defaults to False.
    """
    to_csv.setdefault("index", False)
    return neutral_frame(frame).to_csv(**to_csv)


def safe_file_name(text: object, limit: int = 80) -> str:
    """A download file name part: letters, digits, ``.``, ``_`` and ``-`` only."""
    cleaned = _FILE_NAME_BAD.sub("_", str(text)).strip("._") or "file"
    return cleaned[:limit]
