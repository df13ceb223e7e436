"""Command-line dispatcher for ``python -m core <command> ...``.

Each command lives in its own module that exposes ``register(subparsers)``; the
sub-parser it adds sets ``func`` to a callable ``func(args) -> int`` that returns the exit
status. Bad input raises :class:`core.errors.InputError`, which becomes one line on stderr
and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from core.errors import InputError

#: Modules that provide sub-commands, in the order ``--help`` lists them.
COMMAND_MODULES = (
    "core.degradation.command",
    "core.frontier.command",
    "core.frontier.budget_command",
    "core.frontier.analysis_command",
)

#: Each command, the module that registers it and its one-line help. Only the module of the
#: command asked for is imported (the frontier modules pull in scipy.stats and pandas, which
#: would double the time of a ``compare`` in CI); the others appear in ``--help`` from here.
COMMANDS = {
    "compare": ("core.degradation.command", "is the candidate model worse than the baseline?"),
    "frontier": ("core.frontier.command", "fit a capability boundary (score vs compute)"),
    "backtest": ("core.frontier.command", "check a boundary on later models"),
    "budget": ("core.frontier.budget_command", "choose models to evaluate under a budget"),
    "saturation": (
        "core.frontier.analysis_command",
        "ceiling, flattening, dominance, monotonicity",
    ),
    "contamination": (
        "core.frontier.analysis_command",
        "post-cut-off shift between two benchmarks",
    ),
}


class _ArgumentParser(argparse.ArgumentParser):
    """An argparse parser whose usage errors are one line and exit status 2."""

    def error(self, message: str) -> None:  # noqa: D401 - argparse API
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(2)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """Build the top-level parser.

    Parameters
    ----------
    argv : sequence of str, optional
        The command line about to be parsed: only the module of the command it names is
        imported, the other commands get their one-line entry from :data:`COMMANDS`.
        ``None`` registers every command in full.
    """
    if argv is None:
        wanted = set(COMMAND_MODULES)
    else:
        first = next((word for word in argv if not word.startswith("-")), None)
        wanted = {COMMANDS[first][0]} if first in COMMANDS else set()
    parser = _ArgumentParser(
        prog="python -m core",
        description="Eval Verdict: statistics for LLM evaluation results.",
    )
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_ArgumentParser
    )
    subparsers.required = True
    for name, (module_name, help_line) in COMMANDS.items():
        if module_name in wanted:
            wanted.discard(module_name)
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as error:
                if error.name != module_name:
                    raise
            else:
                module.register(subparsers)  # this command and its neighbours in COMMANDS
        if name not in subparsers.choices:
            subparsers.add_parser(name, help=help_line)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status.

    Exit status: whatever the command returns (0 or 1 for ``compare``), 2 for bad input
    or usage, with one line on stderr saying what is wrong.
    """
    words = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(words)
    args = parser.parse_args(words)
    try:
        return int(args.func(args))
    except InputError as error:
        sys.stderr.write(f"error: {error}\n")
        return 2
    except OSError as error:
        sys.stderr.write(f"error: {error.strerror or error}: {error.filename or ''}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return 130
