"""Every package of ``core`` says what it offers (``__all__``), and every name it lists exists."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "core"
PACKAGES = sorted(
    ".".join(path.parent.relative_to(CORE.parent).parts) for path in CORE.rglob("__init__.py")
)


def test_the_packages_are_found():
    assert {"core", "core.degradation", "core.frontier", "core.readers"} <= set(PACKAGES)


@pytest.mark.parametrize("name", PACKAGES)
def test_each_package_declares_all_and_every_name_resolves(name):
    package = importlib.import_module(name)
    assert "__all__" in vars(package), f"{name}/__init__.py declares no __all__"
    assert package.__all__, f"{name}.__all__ is empty"
    assert len(set(package.__all__)) == len(package.__all__)
    for public in package.__all__:
        assert getattr(package, public) is not None, f"{name}.{public}"


def test_the_entry_points_are_the_functions_of_their_modules():
    from core.degradation import compare_runs
    from core.degradation.api import compare_runs as home
    from core.frontier import fit_frontier
    from core.frontier.boundary.sigmoid_fit import fit_frontier as fit_home

    assert compare_runs is home and fit_frontier is fit_home
