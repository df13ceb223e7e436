"""Packages that offer their modules and names, imported on first use.

A package's ``__init__`` lists what it offers in ``__all__`` and takes its module-level
``__getattr__`` and ``__dir__`` from :func:`lazy_submodules` (its modules) or
:func:`lazy_names` (public names and the modules they live in), so that
``python -m core --help`` and ``compare`` import nothing heavy.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from pathlib import Path

#: A package namespace's ``(__getattr__, __dir__)`` pair.
Namespace = tuple[Callable[[str], object], Callable[[], list[str]]]


def _namespace(package: str, names: Iterable[str], load: Callable[[str], object]) -> Namespace:
    known = frozenset(names)

    def __getattr__(name: str) -> object:
        if name not in known:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return load(name)

    def __dir__() -> list[str]:
        return sorted(known)

    return __getattr__, __dir__


def lazy_submodules(package: str, modules: Iterable[str]) -> Namespace:
    """``(__getattr__, __dir__)`` importing ``package.<module>`` for each listed module.

    Examples
    --------
    >>> getattr_, dir_ = lazy_submodules("core.frontier.boundary", ["loss"])
    >>> getattr_("loss").__name__, "loss" in dir_()
    ('core.frontier.boundary.loss', True)
    """
    return _namespace(package, modules, lambda name: importlib.import_module(f"{package}.{name}"))


def lazy_package(package: str, init_file: str) -> tuple[list[str], *Namespace]:
    """``(__all__, __getattr__, __dir__)`` of a package that offers every module in its folder.

    Parameters
    ----------
    package
        The package's dotted name (its ``__name__``).
    init_file
        Its ``__init__.py`` (its ``__file__``): the modules beside it are what it offers.

    Examples
    --------
    >>> import core.frontier.planning as planning
    >>> names, getattr_, _ = lazy_package(planning.__name__, planning.__file__)
    >>> "budget_design" in names, getattr_("budget_design").__name__
    (True, 'core.frontier.planning.budget_design')
    """
    folder = Path(init_file).parent
    modules = sorted(
        path.stem if path.suffix == ".py" else path.name
        for path in folder.iterdir()
        if (path.suffix == ".py" and path.stem != "__init__") or (path / "__init__.py").is_file()
    )
    return [*modules], *lazy_submodules(package, modules)


def lazy_names(package: str, homes: dict[str, str]) -> Namespace:
    """``(__getattr__, __dir__)`` for public names, each imported from its home module.

    Examples
    --------
    >>> getattr_, _ = lazy_names("core", {"InputError": "core.errors"})
    >>> getattr_("InputError").__name__
    'InputError'
    """
    return _namespace(
        package, homes, lambda name: getattr(importlib.import_module(homes[name]), name)
    )
