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
    "core.frontier.position_command",
)


class _ArgumentParser(argparse.ArgumentParser):
    """An argparse parser whose usage errors are one line and exit status 2."""

    def error(self, message: str) -> None:  # noqa: D401 - argparse API
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    """Build the top-level parser with every available sub-command."""
    parser = _ArgumentParser(
        prog="python -m core",
        description="Eval Verdict: statistics for LLM evaluation results.",
    )
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_ArgumentParser
    )
    subparsers.required = True
    for module_name in COMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name == module_name:
                continue  # that part of the product is not built yet
            raise
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status.

    Exit status: whatever the command returns (0 or 1 for ``compare``), 2 for bad input
    or usage, with one line on stderr saying what is wrong.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
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
