"""The command line, ``python -m core <command> ...``: one module per command.

``dispatch`` builds the parser and runs a command; ``compare`` (with ``candidates``),
``frontier``, ``backtest``, ``budget``, ``analyses`` (``saturation``, ``contamination``) and
``position`` each register their sub-commands; ``frontier_args`` holds the options and the
output (``--format``) the frontier commands share; ``arg_limits`` bounds user-given arguments.
"""

from core.cli.dispatch import (
    COMMANDS,
    EXIT_BAD_INPUT,
    EXIT_DEGRADED,
    EXIT_INCONCLUSIVE,
    EXIT_INTERNAL_ERROR,
    EXIT_OK,
    build_parser,
    main,
)

__all__ = [
    "COMMANDS",
    "EXIT_BAD_INPUT",
    "EXIT_DEGRADED",
    "EXIT_INCONCLUSIVE",
    "EXIT_INTERNAL_ERROR",
    "EXIT_OK",
    "build_parser",
    "main",
]
