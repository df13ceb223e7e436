"""The dispatcher (core.cli.dispatch): exit status for every kind of ending, one line on
stderr, tracebacks only with --debug, only the asked command's module registered."""

from __future__ import annotations

import errno

import pytest

from core.cli import dispatch, main
from core.errors import InputError


def _raise(error):
    def check(args):
        raise error

    return check


@pytest.mark.parametrize(
    ("error", "status", "line"),
    [
        (InputError("baseline: no results\nsecond line"), 2, "error: baseline: no results"),
        (
            FileNotFoundError(errno.ENOENT, "No such file or directory", "runs/x.json"),
            2,
            "error: No such file or directory: runs/x.json",
        ),
        (KeyboardInterrupt(), 130, "interrupted"),
        (
            ZeroDivisionError("division by zero"),
            4,
            "internal error (ZeroDivisionError: division by zero). This is a bug in Eval "
            "Verdict; please report it with the command you ran and the traceback shown by "
            "--debug.",
        ),
    ],
)
def test_each_ending_has_its_status_and_one_line(monkeypatch, capsys, error, status, line):
    monkeypatch.setattr(dispatch, "check_arguments", _raise(error))
    assert main(["compare", "a", "b"]) == status
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.rstrip("\n").startswith(line)
    assert "Traceback" not in captured.err


@pytest.mark.parametrize(
    "where", [["--debug", "compare", "a", "b"], ["compare", "a", "b", "--debug"]]
)
def test_debug_prints_the_traceback_before_or_after_the_command(monkeypatch, capsys, where):
    monkeypatch.setattr(dispatch, "check_arguments", _raise(ValueError("boom")))
    assert main(where) == 4
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err
    assert err.rstrip().endswith(
        "internal error (ValueError: boom). This is a bug in Eval Verdict; please report it "
        "with the command you ran."
    )


def test_a_crash_never_exits_1_which_means_degraded(monkeypatch):
    monkeypatch.setattr(dispatch, "check_arguments", _raise(RuntimeError("x")))
    assert main(["compare", "a", "b"]) != dispatch.EXIT_DEGRADED


def test_notes_go_to_stderr_before_the_work(monkeypatch, capsys):
    calls = []
    monkeypatch.setattr(dispatch, "check_arguments", lambda args: ["note: slow"])

    def run(args):
        calls.append(args.command)
        return 0

    parser = dispatch.build_parser(["compare"])
    args = parser.parse_args(["compare", "a", "b"])
    args.func = run
    monkeypatch.setattr(dispatch, "build_parser", lambda words: _Fixed(args))
    assert main(["compare", "a", "b"]) == 0
    assert capsys.readouterr().err == "note: slow\n"
    assert calls == ["compare"]


class _Fixed:
    def __init__(self, args):
        self.args = args

    def parse_args(self, words):
        return self.args


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["nope"], "invalid choice: 'nope'"),
        ([], "the following arguments are required: COMMAND"),
        (["compare"], "the following arguments are required: baseline"),
    ],
)
def test_usage_errors_exit_2_with_one_line(capsys, argv, needle):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert needle in err
    assert err.count("\n") == 1 and err.startswith("python -m core")
    assert "Traceback" not in err


def test_only_the_asked_commands_module_is_registered():
    parser = dispatch.build_parser(["compare", "a", "b"])
    commands = parser._subparsers._group_actions[0].choices
    assert set(commands) == set(dispatch.COMMANDS)
    assert any("--alpha" in a.option_strings for a in commands["compare"]._actions)
    # the frontier command is a one-line placeholder until it is asked for
    assert not any("--score" in a.option_strings for a in commands["frontier"]._actions)
    full = dispatch.build_parser(None)._subparsers._group_actions[0].choices
    assert any("--score" in a.option_strings for a in full["frontier"]._actions)


def test_help_lists_every_command_with_its_line(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    for name, (_, line) in dispatch.COMMANDS.items():
        assert name in out and line in out


def test_backtest_registers_alone_and_every_module_registers_its_commands():
    commands = dispatch.build_parser(["backtest", "t.csv"])._subparsers._group_actions[0].choices
    assert any("--scheme" in a.option_strings for a in commands["backtest"]._actions)
    assert not any("--score" in a.option_strings for a in commands["frontier"]._actions)
    for name, (module_name, _) in dispatch.COMMANDS.items():
        assert module_name in dispatch.COMMAND_MODULES
        asked = dispatch.build_parser([name])._subparsers._group_actions[0].choices[name]
        assert any(a.option_strings for a in asked._actions if a.dest != "help"), name
        assert asked.description  # the command's own description, not the placeholder's
