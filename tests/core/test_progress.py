"""Progress lines on stderr for long command-line runs."""

from __future__ import annotations

import io

from core.progress import stderr_progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_log_gets_a_line_at_the_start_and_at_the_end() -> None:
    out = io.StringIO()
    report = stderr_progress("bootstrap BBH Raw", out)
    for done in range(1, 1201):
        report(done, 1200)
    assert out.getvalue() == "bootstrap BBH Raw: 1/1,200\nbootstrap BBH Raw: 1,200/1,200 done\n"


def test_a_terminal_gets_one_line_rewritten_in_place() -> None:
    out = _Terminal()
    report = stderr_progress("bootstrap", out)
    for done in range(1, 4):
        report(done, 3)
    assert out.getvalue() == "\rbootstrap: 1/3\rbootstrap: 2/3\rbootstrap: 3/3\n"


def test_a_log_gets_a_start_line_when_the_first_report_is_not_one() -> None:
    out = io.StringIO()
    report = stderr_progress("choosing models", out)
    for done in (0, 3, 50, 100):
        report(done, 100)
    assert out.getvalue() == "choosing models: 0/100\nchoosing models: 100/100 done\n"
