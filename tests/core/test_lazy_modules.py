"""Packages that import their modules on first use (core/lazy_modules.py)."""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

import pytest

from core.lazy_modules import lazy_names, lazy_submodules


@pytest.fixture
def package(tmp_path, monkeypatch):
    """A throwaway package: two modules, a subpackage, a plain folder, a data file."""
    name = f"lazy_pkg_{uuid.uuid4().hex[:8]}"
    root = tmp_path / name
    root.mkdir()
    (root / "__init__.py").write_text(
        "from core.lazy_modules import lazy_package\n"
        "__all__, __getattr__, __dir__ = lazy_package(__name__, __file__)\n"
    )
    (root / "alpha.py").write_text("VALUE = 1\n")
    (root / "beta.py").write_text("VALUE = 2\n")
    (root / "sub").mkdir()
    (root / "sub" / "__init__.py").write_text("VALUE = 3\n")
    (root / "not_a_package").mkdir()  # no __init__.py: not offered
    (root / "not_a_package" / "gamma.py").write_text("VALUE = 4\n")
    (root / "notes.txt").write_text("not a module\n")
    (root / "data.json").write_text("{}\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield name
    for module in [m for m in sys.modules if m == name or m.startswith(f"{name}.")]:
        del sys.modules[module]


def test_lazy_package_lists_modules_and_subpackages_only(package):
    module = __import__(package)
    assert module.__all__ == ["alpha", "beta", "sub"]
    assert dir(module) == ["alpha", "beta", "sub"]


def test_nothing_is_imported_until_used(package):
    module = __import__(package)
    assert f"{package}.alpha" not in sys.modules
    assert f"{package}.beta" not in sys.modules
    assert f"{package}.sub" not in sys.modules
    assert module.beta.VALUE == 2
    assert f"{package}.beta" in sys.modules
    assert f"{package}.alpha" not in sys.modules
    assert f"{package}.sub" not in sys.modules
    assert module.sub.VALUE == 3
    assert sys.modules[f"{package}.sub"] is module.sub


def test_unknown_name_is_an_attribute_error(package):
    module = __import__(package)
    with pytest.raises(AttributeError, match=rf"module '{package}' has no attribute 'gamma'"):
        module.gamma  # noqa: B018 - the access is the test
    with pytest.raises(AttributeError):
        module.not_a_package  # noqa: B018
    with pytest.raises(AttributeError):
        module.notes  # noqa: B018
    assert not hasattr(module, "__init__x")
    assert f"{package}.not_a_package" not in sys.modules


def test_lazy_submodules_offers_only_the_listed_modules(package):
    getattr_, dir_ = lazy_submodules(package, ["beta", "alpha"])
    assert dir_() == ["alpha", "beta"]
    assert getattr_("alpha").VALUE == 1
    with pytest.raises(AttributeError, match="'sub'"):
        getattr_("sub")
    assert f"{package}.sub" not in sys.modules


def test_lazy_names_loads_each_name_from_its_home(package):
    getattr_, dir_ = lazy_names(package, {"VALUE": f"{package}.beta"})
    assert dir_() == ["VALUE"]
    assert f"{package}.beta" not in sys.modules
    assert getattr_("VALUE") == 2
    with pytest.raises(AttributeError, match=rf"module '{package}' has no attribute 'alpha'"):
        getattr_("alpha")


def test_real_packages_offer_their_folders_modules():
    import core.frontier.planning as planning

    folder = sorted(p.stem for p in Path(planning.__file__).parent.glob("*.py"))
    assert planning.__all__ == [stem for stem in folder if stem != "__init__"]
