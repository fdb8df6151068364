"""Module attributes imported on first use, so that ``import jam`` (or a plugin) stays cheap.

Used by ``jam/__init__.py`` and the first-party plugin packages: a module
lists the names it exports lazily and where each lives, and installs the
``__getattr__`` this returns (PEP 562).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = ["lazy_attributes"]


def lazy_attributes(module: str, names: Mapping[str, str]) -> Callable[[str], Any]:
    """Return a module ``__getattr__`` that imports ``names[attr]`` when ``attr`` is first read.

    A class defined in a private submodule of ``module`` is made to report
    ``module`` as its ``__module__`` when first imported.

    Args:
        module: The importing module's name (messages, and the classes' public home).
        names: Attribute name -> module that defines it.

    Example:
        >>> __getattr__ = lazy_attributes(__name__, {"Jam": "jam._facade"})
    """

    def module_getattr(name: str) -> Any:
        source = names.get(name)
        if source is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(source), name)
        if isinstance(value, type) and value.__module__.startswith(module + "._"):
            value.__module__ = module  # report the public home, as jam._public.rehome does
        return value

    return module_getattr
