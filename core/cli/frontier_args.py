"""Arguments and output shared by the frontier commands (``frontier``, ``backtest``, ``budget``,
``saturation``, ``contamination``, ``position``).

The argument blocks keep every flag, default and help text of the commands as they were; a
command picks the wording of its compute options with a :class:`ComputeHelp`. The parsers of
values (score lists, quantile levels) raise the project's :class:`~core.errors.InputError`,
which the dispatcher prints as one line with exit status 2.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from core.cli.dispatch import COMMANDS
from core.errors import InputError
from core.formatting import json_float as json_float  # the commands take it from here

#: The names of the compute options, as :func:`compute_kwargs` passes them to the table readers.
COMPUTE_OPTIONS = ("flops", "params", "tokens", "params_scale", "tokens_scale", "flops_scale")


@dataclass(frozen=True, slots=True)
class ComputeHelp:
    """The help texts of the compute options, which differ a little between commands.

    Attributes
    ----------
    flops : str
        Help of ``--flops``.
    params_scale, tokens_scale : str
        Help of ``--params-scale`` and ``--tokens-scale``.
    """

    flops: str
    params_scale: str
    tokens_scale: str


#: ``frontier`` and ``backtest``: the scale options with an example.
BOUNDARY_COMPUTE_HELP = ComputeHelp(
    flops="pre-training FLOPs column",
    params_scale="multiplier to plain parameter counts (1e9 for billions)",
    tokens_scale="multiplier to plain token counts (1e12 for trillions)",
)
#: ``budget`` and ``saturation``.
PLAN_COMPUTE_HELP = ComputeHelp(
    flops="pre-training FLOPs column",
    params_scale="multiplier to plain parameters",
    tokens_scale="multiplier to plain tokens",
)
#: ``position``: its FLOPs column may hold log10 FLOPs.
POSITION_COMPUTE_HELP = ComputeHelp(
    flops="pre-training FLOPs column (or log10 FLOPs)",
    params_scale="multiplier to plain parameter counts",
    tokens_scale="multiplier to plain token counts",
)


def split_columns(values: Iterable[str] | None) -> list[str]:
    """Column names from a repeated, comma-separated option (``--score A,B --score C``).

    Parameters
    ----------
    values : iterable of str or None
        The option's values as argparse collected them (``None`` when not given).

    Returns
    -------
    list of str
        The names in order, stripped, empty ones left out.

    Examples
    --------
    >>> split_columns(["BBH Raw, GPQA Raw", "MUSR Raw"])
    ['BBH Raw', 'GPQA Raw', 'MUSR Raw']
    """
    return [s.strip() for v in (values or []) for s in v.split(",") if s.strip()]


def score_columns(values: Iterable[str] | None) -> list[str]:
    """The ``--score`` columns; at least one is required.

    Raises
    ------
    InputError
        When the option names no column (e.g. ``--score ,``).
    """
    names = split_columns(values)
    if not names:
        raise InputError("--score names no column")
    return names


def quantile_levels(value: object) -> tuple[float, ...]:
    """``--tau 0.98`` or a list ``--tau 0.5,0.9,0.98``: sorted, distinct levels in [0.5, 1).

    Raises
    ------
    InputError
        For a word that is not a number, a level outside [0.5, 1), or a level given twice.

    Examples
    --------
    >>> quantile_levels("0.98,0.5")
    (0.5, 0.98)
    """
    parts = [p.strip() for p in str(value).split(",") if p.strip()]
    try:
        taus = [float(p) for p in parts]
    except ValueError:
        raise InputError(f"--tau takes numbers such as 0.98 or 0.5,0.9,0.98, got {value}") from None
    if not taus or any(not 0.5 <= t < 1.0 for t in taus):
        raise InputError(f"--tau must be between 0.5 and 1 (e.g. 0.98), got {value}")
    if len(set(taus)) != len(taus):
        raise InputError(f"--tau lists a level twice: {value}")
    return tuple(sorted(taus))


def one_quantile_level(value: object) -> float:
    """One quantile level; a list is refused with what to do (only ``frontier`` takes one).

    Raises
    ------
    InputError
        As :func:`quantile_levels`, and for several levels.
    """
    taus = quantile_levels(value)
    if len(taus) > 1:
        raise InputError(
            f"--tau {value}: this command takes one level; several levels in one run are "
            "for the frontier command"
        )
    return taus[0]


def compute_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    """The compute options of ``args`` as keyword arguments of the table readers.

    Examples
    --------
    >>> args = argparse.Namespace(flops="F", params=None, tokens=None, params_scale=None,
    ...                           tokens_scale=None, flops_scale=1e21)
    >>> compute_kwargs(args)["flops_scale"]
    1e+21
    """
    return {name: getattr(args, name) for name in COMPUTE_OPTIONS}


def period_cuts(text: str | None) -> Any:
    """``--cuts 2024-07-01,2024-10-01``: the periods that start at those dates.

    Parameters
    ----------
    text : str or None
        The option's value; ``None`` or ``""`` when it was not given.

    Returns
    -------
    PeriodScheme or None
        ``None`` when the option was not given.

    Raises
    ------
    InputError
        ``--cuts: ...`` for a date that cannot be read, dates out of order, or no date at all.
    """
    if not text:
        return None
    from core.frontier.history.periods import periods_from_cuts

    try:
        return periods_from_cuts(split_columns([text]))
    except ValueError as error:
        raise InputError(f"--cuts: {error}") from error


def fittable(tables: Sequence[Any]) -> Sequence[Any]:
    """``tables`` after checking that a boundary can be fitted to each (else InputError)."""
    from core.frontier.data.table import check_fittable  # pandas: only when a command runs

    for table in tables:
        check_fittable(table)
    return tables


def add_command(subparsers: Any, name: str, description: str | None) -> argparse.ArgumentParser:
    """Add the sub-command ``name`` with its one-line help from :data:`core.cli.dispatch.COMMANDS`.

    ``description`` (the command module's docstring) is shown as written by ``--help``.
    """
    return subparsers.add_parser(
        name,
        help=COMMANDS[name][1],
        description=description,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def add_table_argument(
    parser: argparse.ArgumentParser, help: str = "CSV or Parquet file, one row per model"
) -> None:
    """The positional ``table`` argument."""
    parser.add_argument("table", help=help)


def add_compute_arguments(parser: argparse.ArgumentParser, wording: ComputeHelp) -> None:
    """``--flops``, ``--params``, ``--tokens`` and their three ``--*-scale`` multipliers."""
    parser.add_argument("--flops", help=wording.flops)
    parser.add_argument("--params", help="parameter count column (FLOPs = 6 N D)")
    parser.add_argument("--tokens", help="pre-training tokens column")
    parser.add_argument("--params-scale", type=float, help=wording.params_scale)
    parser.add_argument("--tokens-scale", type=float, help=wording.tokens_scale)
    parser.add_argument("--flops-scale", type=float, help="multiplier to plain FLOPs")


def add_model_argument(parser: argparse.ArgumentParser) -> None:
    """``--model``: the model name column."""
    parser.add_argument("--model", help="model name column (guessed when absent)")


def add_tau_argument(
    parser: argparse.ArgumentParser, help: str = "quantile level (default 0.98)"
) -> None:
    """``--tau``, default 0.98 (read with :func:`quantile_levels` or :func:`one_quantile_level`)."""
    parser.add_argument("--tau", default="0.98", help=help)


def add_periods_argument(
    parser: argparse.ArgumentParser, help: str, default: str | None = None
) -> None:
    """``--periods quarters|paper``: calendar quarters or the paper's four OLL v2 periods."""
    parser.add_argument("--periods", choices=("quarters", "paper"), default=default, help=help)


def add_seed_argument(
    parser: argparse.ArgumentParser, default: int = 0, help: str | None = None
) -> None:
    """``--seed``: the seed of a command's random draws (bounded in :mod:`core.cli.arg_limits`)."""
    parser.add_argument("--seed", type=int, default=default, help=help)


def add_switch(parser: argparse.ArgumentParser, flag: str, help: str) -> None:
    """An option without a value, off unless given (``action="store_true"``)."""
    parser.add_argument(flag, action="store_true", help=help)


def add_format_argument(parser: argparse.ArgumentParser) -> None:
    """``--format text|json``, text by default."""
    parser.add_argument("--format", choices=("text", "json"), default="text")


def add_plan_arguments(parser: argparse.ArgumentParser) -> None:
    """The options ``budget`` and ``saturation`` start with: the table, compute, tau, format."""
    add_table_argument(parser)
    add_compute_arguments(parser, PLAN_COMPUTE_HELP)
    add_tau_argument(parser)
    add_format_argument(parser)


def add_boundary_arguments(parser: argparse.ArgumentParser, *, method: bool) -> None:
    """The options ``frontier`` and ``backtest`` share: the table, its columns, tau, the fit.

    Parameters
    ----------
    parser : argparse.ArgumentParser
        The command's parser.
    method : bool
        Whether the command offers ``--method`` (``backtest`` always uses the paper's).
    """
    from core.frontier.boundary.fit_settings import add_fit_arguments

    add_table_argument(parser)
    parser.add_argument(
        "--score",
        action="append",
        required=True,
        help="score column; repeat or comma-separate for several",
    )
    add_compute_arguments(parser, BOUNDARY_COMPUTE_HELP)
    add_model_argument(parser)
    parser.add_argument("--family", help="base-model column for the clustered bootstrap")
    add_tau_argument(
        parser, "quantile level (default 0.98); frontier also takes a list such as 0.5,0.9,0.98"
    )
    add_switch(
        parser,
        "--keep-duplicates",
        "keep every row of a repeated model name (default: the first usable row)",
    )
    add_format_argument(parser)
    add_fit_arguments(parser, method=method)


def load_tables(args: argparse.Namespace, date: str | None = None) -> list[Any]:
    """The BoundaryTables of ``args`` (options of :func:`add_boundary_arguments`), one a score.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed options.
    date : str, optional
        The date column, for the commands that use one.
    """
    from core.frontier.data.table import load_boundary_tables

    return load_boundary_tables(
        args.table,
        score_columns(args.score),
        **compute_kwargs(args),
        date=date,
        model=args.model,
        family=args.family,
        duplicates="all" if getattr(args, "keep_duplicates", False) else "first",
    )


def emit(
    objects: Sequence[dict[str, Any]],
    fmt: str,
    render: Callable[[dict[str, Any]], str],
    **json_options: Any,
) -> None:
    """Print a command's output objects on stdout.

    Parameters
    ----------
    objects : sequence of dict
        One output object per benchmark (at least one).
    fmt : {"text", "json"}
        ``--format``: JSON is one object when there is one, else a list; text renders each
        object with ``render`` and separates them by a blank line.
    render : callable
        Turns one object into text.
    **json_options
        Passed to :func:`json.dumps` (e.g. ``allow_nan=False``, ``default=str``).
    """
    if fmt == "json":
        print(json.dumps(objects if len(objects) > 1 else objects[0], indent=2, **json_options))
    else:
        print("\n\n".join(render(o) for o in objects))
