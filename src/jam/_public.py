"""Make re-exported classes report the public module users import them from.

A public package (``jam.jwt``) defines its classes in private modules
(``jam.jwt._engine``) and re-exports them. Python records the private path in
``__module__``, which then shows in reprs, tracebacks, ``help()`` and the
reference docs. Each public ``__init__`` ends with
``rehome(__name__, __all__, globals())``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = ["rehome"]


def rehome(package: str, names: Iterable[str], namespace: Mapping[str, Any]) -> None:
    """Set ``__module__ = package`` on every class in ``names`` defined in a private submodule.

    Example:
        >>> rehome(__name__, __all__, globals())
    """
    private_prefix = package + "._"
    for name in names:
        value = namespace[name]
        if isinstance(value, type) and value.__module__.startswith(private_prefix):
            value.__module__ = package
