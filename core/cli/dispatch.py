"""Command-line dispatcher for ``python -m core <command> ...``.

Each command lives in its own module that exposes ``register(subparsers)``; the
sub-parser it adds sets ``func`` to a callable ``func(args) -> int`` that returns the exit
status.

Exit status, the same for every command so that a CI gate can rely on it:

- 0 success (``compare``: no significant degradation, or inconclusive);
- 1 ``compare`` found a degradation (never used for anything else);
- 2 bad input or usage: one line on stderr saying what to do, never a traceback;
- 3 ``compare --fail-inconclusive`` and the verdict is inconclusive;
- 4 an unexpected internal error (a bug): one line on stderr asking to report it; the
  traceback only with ``--debug``;
- 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from collections.abc import Sequence

from core.cli.arg_limits import check_arguments
from core.errors import InputError
from core.text_safety import one_line

EXIT_OK = 0
EXIT_DEGRADED = 1
EXIT_BAD_INPUT = 2
EXIT_INCONCLUSIVE = 3
EXIT_INTERNAL_ERROR = 4

#: Modules that provide sub-commands, in the order ``--help`` lists them.
COMMAND_MODULES = (
    "core.cli.compare",
    "core.cli.frontier",
    "core.cli.backtest",
    "core.cli.budget",
    "core.cli.analyses",
    "core.cli.position",
)

#: Each command, the module that registers it and its one-line help. Only the module of the
#: command asked for is imported (the frontier modules pull in scipy.stats and pandas, which
#: would double the time of a ``compare`` in CI); the others appear in ``--help`` from here.
COMMANDS = {
    "compare": ("core.cli.compare", "is the candidate model worse than the baseline?"),
    "frontier": ("core.cli.frontier", "fit a capability boundary (score vs compute)"),
    "backtest": ("core.cli.backtest", "check a boundary on later models"),
    "budget": ("core.cli.budget", "choose models to evaluate under a budget"),
    "saturation": (
        "core.cli.analyses",
        "ceiling, flattening, dominance, monotonicity",
    ),
    "contamination": (
        "core.cli.analyses",
        "post-cut-off shift between two benchmarks",
    ),
    "position": (
        "core.cli.position",
        "place new models above or below a saved boundary",
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
            module = importlib.import_module(module_name)
            module.register(subparsers)  # this command and its neighbours in COMMANDS
        if name not in subparsers.choices:
            subparsers.add_parser(name, help=help_line)
    debug_help = "on an internal error, print the traceback (for a bug report)"
    parser.add_argument("--debug", action="store_true", help=debug_help)
    for command in subparsers.choices.values():
        # SUPPRESS: a sub-command's default must not overwrite ``python -m core --debug ...``
        command.add_argument(
            "--debug", action="store_true", default=argparse.SUPPRESS, help=debug_help
        )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status.

    Exit status: whatever the command returns (0, 1 or 3 for ``compare``), 2 for bad input
    or usage with one line on stderr saying what is wrong, 4 for an internal error (see the
    module docstring). A crash never exits 1, which means "degraded".
    """
    words = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(words)
    args = parser.parse_args(words)
    try:
        for note in check_arguments(args):
            sys.stderr.write(note + "\n")
        return int(args.func(args))
    except InputError as error:
        sys.stderr.write(f"error: {one_line(error, 2000)}\n")
        return EXIT_BAD_INPUT
    except OSError as error:
        sys.stderr.write(
            f"error: {one_line(error.strerror or error)}: {one_line(error.filename or '')}\n"
        )
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return 130
    except Exception as error:  # a bug: exit 4, never 1 ("degraded")
        if getattr(args, "debug", False):
            traceback.print_exc(file=sys.stderr)
        sys.stderr.write(
            f"internal error ({type(error).__name__}: {one_line(error)}). This is a bug in "
            "Eval Verdict; please report it with the command you ran"
            f"{'' if getattr(args, 'debug', False) else ' and the traceback shown by --debug'}.\n"
        )
        return EXIT_INTERNAL_ERROR
