"""The examples in ``core/`` docstrings run, and say what the code does.

Equivalent to ``python -m pytest --doctest-modules core`` for the modules that hold examples
(and to ``doctest`` on the README's "Use it from Python" section),
run from the repository root (examples read the bundled ``sample_data/``). A module without
``>>>`` is not imported here, so the suite collects nothing else.
"""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CORE = REPO / "core"


def _modules_with_examples() -> list[str]:
    names = []
    for path in sorted(CORE.rglob("*.py")):
        if ">>>" in path.read_text(encoding="utf-8"):
            parts = path.relative_to(REPO).with_suffix("").parts
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


MODULES = _modules_with_examples()


def test_examples_are_found():
    for name in (
        "core.degradation.api",
        "core.degradation.stats.mcnemar",
        "core.frontier.boundary.sigmoid_fit",
    ):
        assert name in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name, monkeypatch):
    monkeypatch.chdir(REPO)
    module = importlib.import_module(name)
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testmod(module, optionflags=flags, verbose=False, report=True)
    assert result.attempted > 0, f"{name} has '>>>' but no example ran"
    assert result.failed == 0, f"{result.failed} example(s) of {name} failed (see the output)"


def test_the_readme_python_example_holds(monkeypatch):
    """The README's "Use it from Python" example (reads two bundled sample zips)."""
    monkeypatch.chdir(REPO)
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testfile(str(REPO / "README.md"), module_relative=False, optionflags=flags)
    assert result.attempted >= 4, "the README lost its Python example"
    assert result.failed == 0, f"{result.failed} README example(s) failed (see the output)"
