"""The command and reader registries hold what exists, with nothing skipped as "not built yet"."""

from __future__ import annotations

import pytest

from core.cli import dispatch as cli
from core.readers import READERS


def test_every_reader_is_registered_most_specific_first():
    names = [reader.name for reader in READERS]
    assert names == ["inspect", "lighteval", "helm", "lm-eval", "openai-evals", "csv"]


def test_every_command_module_registers_its_commands():
    parser = cli.build_parser()  # every module imported and registered in full
    subparsers = next(a for a in parser._actions if a.dest == "command")
    for name in cli.COMMANDS:
        assert subparsers.choices[name].get_default("func") is not None, name


def test_a_missing_command_module_is_an_error_not_a_silent_skip(monkeypatch):
    commands = dict(cli.COMMANDS, compare=("core.no_such_module", "help"))
    monkeypatch.setattr(cli, "COMMANDS", commands)
    with pytest.raises(ModuleNotFoundError, match="core.no_such_module"):
        cli.build_parser(["compare", "a", "b"])
