"""Packages that offer their modules and names, imported on first use.

A subpackage's ``__init__`` lists its modules in ``__all__`` and takes its module-level
``__getattr__`` and ``__dir__`` from :func:`lazy_submodules`, so ``from core.frontier import
boundary; boundary.sigmoid_fit`` works while ``python -m core --help`` imports nothing heavy.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from types import ModuleType


def lazy_submodules(
    package: str, modules: Sequence[str]
) -> tuple[Callable[[str], ModuleType], Callable[[], list[str]]]:
    """Module-level ``__getattr__`` and ``__dir__`` that import ``package.<module>`` on use.

    Parameters
    ----------
    package
        The package's dotted name (its ``__name__``).
    modules
        The names of its modules, as listed in its ``__all__``.

    Returns
    -------
    tuple
        ``(__getattr__, __dir__)`` for the package's namespace.

    Examples
    --------
    >>> getattr_, dir_ = lazy_submodules("core.frontier.boundary", ["loss"])
    >>> getattr_("loss").__name__
    'core.frontier.boundary.loss'
    >>> "loss" in dir_()
    True
    """
    names = tuple(modules)

    def __getattr__(name: str) -> ModuleType:
        if name not in names:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return importlib.import_module(f"{package}.{name}")

    def __dir__() -> list[str]:
        return sorted(names)

    return __getattr__, __dir__


def lazy_names(
    package: str, homes: dict[str, str]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """Module-level ``__getattr__`` and ``__dir__`` for a package's public names.

    Parameters
    ----------
    package
        The package's dotted name (its ``__name__``).
    homes
        Each public name and the module it lives in; the module is imported on first use,
        so that importing one module of the package (the command line's ``--help``) does not
        load numpy and pandas.

    Returns
    -------
    tuple
        ``(__getattr__, __dir__)`` for the package's namespace.

    Examples
    --------
    >>> getattr_, _ = lazy_names("core", {"InputError": "core.errors"})
    >>> getattr_("InputError").__name__
    'InputError'
    """

    def __getattr__(name: str) -> object:
        if name not in homes:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(homes[name]), name)

    def __dir__() -> list[str]:
        return sorted(homes)

    return __getattr__, __dir__
