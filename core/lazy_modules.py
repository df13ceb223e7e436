"""Packages that offer their modules and names, imported on first use.

A package's ``__init__`` lists what it offers in ``__all__`` and takes its module-level
``__getattr__`` and ``__dir__`` from :func:`lazy_submodules` (its modules) or
:func:`lazy_names` (public names and the modules they live in), so that
``python -m core --help`` and ``compare`` import nothing heavy.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable

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
