"""Jam: authentication for Python as one facade over a plugin framework.

Example:
    >>> import jam
    >>> auth = jam.Jam(config="pyproject.toml")  # reads [tool.jam]

Public names are imported lazily so ``import jam`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jam._version import __version__
from jam.exceptions import *  # noqa: F403  (re-export every exception)
from jam.exceptions import __all__ as _exception_names

if TYPE_CHECKING:
    from jam._facade import Jam
    from jam.plugins import hookimpl

__all__ = ["Jam", "__version__", "hookimpl", *_exception_names]


def __getattr__(name: str) -> Any:
    """Import the facade and the hook marker on first use."""
    if name == "Jam":
        from jam._facade import Jam  # noqa: PLC0415

        return Jam
    if name == "hookimpl":
        from jam.plugins import hookimpl  # noqa: PLC0415

        return hookimpl
    raise AttributeError(f"module 'jam' has no attribute {name!r}")
