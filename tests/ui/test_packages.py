"""The ui packages say what they offer (``__all__``: their modules), like core's."""

from __future__ import annotations

import importlib

import pytest


@pytest.mark.parametrize("name", ["ui", "ui.degradation", "ui.frontier"])
def test_each_ui_package_lists_its_modules_and_each_resolves(name):
    package = importlib.import_module(name)
    assert package.__all__ == sorted(package.__all__) and package.__all__
    for module in package.__all__:
        assert getattr(package, module).__name__ == f"{name}.{module}"


def test_the_pages_components_are_listed():
    import ui.degradation
    import ui.frontier

    assert {"page", "view", "downloads"} <= set(ui.degradation.__all__)
    assert {"page", "mapping", "planning_view"} <= set(ui.frontier.__all__)
    assert set(importlib.import_module("ui").__all__) == {"degradation", "frontier"}
