"""The argument module of the frontier commands (core.cli.frontier_args).

Parsers of values (tau lists, score lists), the compute options every command shares with
their exact help texts, and the output of ``--format``.
"""

from __future__ import annotations

import argparse
import ast
import json
import math
from pathlib import Path

import pytest

from core.cli import frontier_args
from core.cli.dispatch import COMMANDS
from core.cli.frontier_args import (
    BOUNDARY_COMPUTE_HELP,
    COMPUTE_OPTIONS,
    PLAN_COMPUTE_HELP,
    POSITION_COMPUTE_HELP,
    add_boundary_arguments,
    add_command,
    add_compute_arguments,
    add_periods_argument,
    add_plan_arguments,
    add_seed_argument,
    add_switch,
    compute_kwargs,
    emit,
    fittable,
    json_float,
    one_quantile_level,
    period_cuts,
    quantile_levels,
    score_columns,
    split_columns,
)
from core.errors import InputError
from core.frontier.data.table import load_boundary_tables


@pytest.mark.parametrize(
    ("text", "levels"), [("0.98", (0.98,)), ("0.9, 0.5,0.98", (0.5, 0.9, 0.98)), ("0.5", (0.5,))]
)
def test_tau_lists_are_sorted(text, levels):
    assert quantile_levels(text) == levels


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("high", "--tau takes numbers such as 0.98 or 0.5,0.9,0.98, got high"),
        ("0.4", "--tau must be between 0.5 and 1 (e.g. 0.98), got 0.4"),
        ("1.0", "--tau must be between 0.5 and 1"),
        ("98", "--tau must be between 0.5 and 1"),
        ("", "--tau must be between 0.5 and 1"),
        ("0.9,0.9", "--tau lists a level twice: 0.9,0.9"),
    ],
)
def test_bad_tau_is_refused(text, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        quantile_levels(text)


def test_one_level_commands_take_one_level_and_refuse_a_list_saying_where_lists_go():
    assert one_quantile_level("0.9") == 0.9
    assert one_quantile_level(" 0.5 ") == 0.5  # the lowest level allowed
    with pytest.raises(InputError, match="takes one level; .* for the frontier command"):
        one_quantile_level("0.5,0.9")
    with pytest.raises(InputError, match="between 0.5 and 1"):
        one_quantile_level("0.49")


def test_an_empty_score_list_is_refused():
    with pytest.raises(InputError, match="--score names no column"):
        score_columns([",", " "])
    with pytest.raises(InputError, match="--score names no column"):
        score_columns(None)


def test_score_lists_keep_order_and_names_with_spaces():
    values = ["BBH Raw, GPQA Raw", "MUSR Raw", " ,"]
    assert score_columns(values) == ["BBH Raw", "GPQA Raw", "MUSR Raw"]
    assert split_columns(None) == [] and split_columns([" , "]) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.25, 0.25), ("3", 3.0), (float("nan"), None), (math.inf, None), (-math.inf, None)],
)
def test_json_float_turns_only_non_finite_values_into_none(value, expected):
    assert json_float(value) == expected


def _parser(add, *args):
    parser = argparse.ArgumentParser(prog="python -m core x")
    add(parser, *args)
    return parser


def _help(parser, flag):
    (action,) = [a for a in parser._actions if flag in a.option_strings or a.dest == flag]
    return action.help


@pytest.mark.parametrize(
    ("wording", "flops", "params_scale", "tokens_scale"),
    [
        (
            BOUNDARY_COMPUTE_HELP,
            "pre-training FLOPs column",
            "multiplier to plain parameter counts (1e9 for billions)",
            "multiplier to plain token counts (1e12 for trillions)",
        ),
        (
            PLAN_COMPUTE_HELP,
            "pre-training FLOPs column",
            "multiplier to plain parameters",
            "multiplier to plain tokens",
        ),
        (
            POSITION_COMPUTE_HELP,
            "pre-training FLOPs column (or log10 FLOPs)",
            "multiplier to plain parameter counts",
            "multiplier to plain token counts",
        ),
    ],
)
def test_compute_options_keep_each_commands_help(wording, flops, params_scale, tokens_scale):
    parser = _parser(add_compute_arguments, wording)
    assert _help(parser, "--flops") == flops
    assert _help(parser, "--params-scale") == params_scale
    assert _help(parser, "--tokens-scale") == tokens_scale
    assert _help(parser, "--params") == "parameter count column (FLOPs = 6 N D)"
    assert _help(parser, "--flops-scale") == "multiplier to plain FLOPs"


def test_compute_kwargs_carry_every_compute_option_by_its_reader_name():
    parser = _parser(add_compute_arguments, PLAN_COMPUTE_HELP)
    args = parser.parse_args(
        ["--params", "P", "--tokens", "T", "--params-scale", "1e9", "--tokens-scale", "1e12"]
    )
    assert compute_kwargs(args) == {
        "flops": None,
        "params": "P",
        "tokens": "T",
        "params_scale": 1e9,
        "tokens_scale": 1e12,
        "flops_scale": None,
    }
    assert tuple(compute_kwargs(args)) == COMPUTE_OPTIONS


def test_plan_arguments_start_with_the_table_and_default_to_tau_098_and_text():
    parser = _parser(add_plan_arguments)
    args = parser.parse_args(["t.csv"])
    assert (args.table, args.tau, args.format) == ("t.csv", "0.98", "text")
    with pytest.raises(SystemExit):
        parser.parse_args(["t.csv", "--format", "markdown"])


def test_boundary_arguments_offer_method_only_when_asked():
    with_method = argparse.ArgumentParser(prog="python -m core frontier")
    add_boundary_arguments(with_method, method=True)
    without = argparse.ArgumentParser(prog="python -m core backtest")
    add_boundary_arguments(without, method=False)
    argv = ["t.csv", "--score", "a,b", "--score", "c", "--keep-duplicates"]
    args = with_method.parse_args([*argv, "--method", "paper"])
    assert args.score == ["a,b", "c"] and args.keep_duplicates and args.method == "paper"
    with pytest.raises(SystemExit):
        without.parse_args([*argv, "--method", "paper"])
    with pytest.raises(SystemExit):  # --score is required
        without.parse_args(["t.csv"])


def test_load_tables_reads_every_score_and_keeps_duplicates_only_when_asked(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(
        "model,flops,a,b\nm1,1e22,0.2,0.3\nm1,1e22,0.25,0.35\nm2,1e23,0.4,0.5\nm3,1e24,0.6,0.7\n"
    )
    parser = argparse.ArgumentParser(prog="python -m core frontier")
    add_boundary_arguments(parser, method=True)
    first = frontier_args.load_tables(parser.parse_args([str(path), "--score", "a,b"]))
    every = frontier_args.load_tables(
        parser.parse_args([str(path), "--score", "a", "--keep-duplicates"])
    )
    assert [t.score_column for t in first] == ["a", "b"]
    assert [t.n for t in first] == [3, 3] and every[0].n == 4
    direct = load_boundary_tables(path, ["a", "b"], flops="flops")
    assert [list(t.score) for t in first] == [list(t.score) for t in direct]


def test_fittable_refuses_a_table_too_small_to_fit(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("model,flops,a\nm1,1e22,0.2\nm2,1e23,0.4\n")
    (table,) = load_boundary_tables(path, ["a"], flops="flops")
    with pytest.raises(InputError):
        fittable([table])


def test_emit_prints_one_object_or_a_list_and_text_separated_by_blank_lines(capsys):
    emit([{"a": 1}], "json", str)
    assert capsys.readouterr().out == '{\n  "a": 1\n}\n'  # indented by 2, as always
    emit([{"a": 1}, {"a": 2}], "json", str)
    assert json.loads(capsys.readouterr().out) == [{"a": 1}, {"a": 2}]
    emit([{"a": 1}, {"a": 2}], "text", lambda o: f"a is {o['a']}")
    assert capsys.readouterr().out == "a is 1\n\na is 2\n"


def test_emit_passes_json_options_so_position_stays_strict_json(capsys):
    with pytest.raises(ValueError):
        emit([{"x": float("nan")}], "json", str, allow_nan=False)
    emit([{"x": float("nan")}], "json", str)
    assert "NaN" in capsys.readouterr().out
    emit([{"when": object}], "json", str, default=str)
    assert "class 'object'" in capsys.readouterr().out


def test_period_cuts_are_the_periods_from_those_dates_or_none_when_not_given():
    assert period_cuts(None) is None and period_cuts("") is None
    scheme = period_cuts("2024-07-01, 2024-10-01")
    assert [p.label for p in scheme.periods] == [
        "before 2024-07-01",
        "2024-07-01 to 2024-09-30",
        "from 2024-10-01",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("notadate", "--cuts: cut dates must look like 2024-07-01"),
        ("2024-10-01,2024-07-01", "--cuts: cut dates must be strictly increasing"),
        (" , ", "--cuts: give at least one cut date"),
    ],
)
def test_bad_cuts_are_refused_naming_the_option(text, message):
    with pytest.raises(InputError, match=message):
        period_cuts(text)


def test_add_command_takes_its_help_line_from_the_dispatchers_table():
    parser = argparse.ArgumentParser(prog="python -m core")
    subparsers = parser.add_subparsers(dest="command")
    command = add_command(subparsers, "budget", "Line one.\n  kept as written")
    (choice,) = [a for a in subparsers._choices_actions if a.dest == "budget"]
    assert choice.help == COMMANDS["budget"][1]
    assert command.description == "Line one.\n  kept as written"
    assert "\n  kept as written" in command.format_help()  # raw description


def test_small_argument_helpers_keep_their_defaults():
    parser = argparse.ArgumentParser()
    add_switch(parser, "--by-period", "also per period")
    add_seed_argument(parser, 42, "tie-breaking seed")
    add_periods_argument(parser, "periods", default="quarters")
    args = parser.parse_args([])
    assert (args.by_period, args.seed, args.periods) == (False, 42, "quarters")
    args = parser.parse_args(["--by-period", "--seed", "7", "--periods", "paper"])
    assert (args.by_period, args.seed, args.periods) == (True, 7, "paper")
    with pytest.raises(SystemExit):
        parser.parse_args(["--periods", "months"])
    unset = argparse.ArgumentParser()
    add_seed_argument(unset)
    add_periods_argument(unset, "periods")
    assert (unset.parse_args([]).seed, unset.parse_args([]).periods) == (0, None)


def test_no_command_module_imports_another_modules_private_name():
    folder = Path(frontier_args.__file__).parent
    private = []
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("core"):
                private += [f"{path.name}: {a.name}" for a in node.names if a.name.startswith("_")]
    assert private == []
