"""Pure: the JSON layout of a session that this integration reads and writes.

A session's data (what ``jam.session_get`` returns) is a JSON object; these
top-level keys mean something here, and everything else is left alone:

* ``sub``: the logged-in identity (a non-empty string). A session without it
  is not a login (for example the first step of a two-step login).
* ``scopes``: granted scopes, a list of strings (or a space-delimited string).
* ``owner``: the session key the session was created under (``session_clear``
  and ``session_list`` find sessions by it); defaults to ``sub``.
* ``data``: the application's own data, a JSON object.

So a session made by hand, ``session_create("42", {"sub": "42"})``, is a login too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from jam.web._users import scopes_of

__all__ = ["SessionView", "read_session", "write_session"]


@dataclass(frozen=True, slots=True)
class SessionView:
    """One live session, as this integration reads it.

    Attributes:
        identity: The logged-in identity, or ``None`` for a session that is not a login.
        owner: The session key it belongs to (``None`` if it names none).
        scopes: Granted scopes.
        data: The application's data (read-only; change it with ``SessionHandle.update``).
    """

    identity: str | None
    owner: str | None
    scopes: frozenset[str] = frozenset()
    data: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def read_session(stored: Mapping[str, Any]) -> SessionView:
    """Read a session's stored data.

    Example:
        >>> view = read_session({"sub": "42", "scopes": ["read"], "data": {"theme": "dark"}})
        >>> view.identity, view.owner, sorted(view.scopes), dict(view.data)
        ('42', '42', ['read'], {'theme': 'dark'})
        >>> read_session({"sub": 42}).identity is None    # not a string: not a login
        True
    """
    identity = _text(stored.get("sub"))
    data = stored.get("data")
    return SessionView(
        identity=identity,
        owner=_text(stored.get("owner")) or identity,
        scopes=scopes_of(stored.get("scopes")) if identity else frozenset(),
        data=MappingProxyType(dict(data) if isinstance(data, Mapping) else {}),
    )


def write_session(
    owner: str, identity: str | None, scopes: Iterable[str], data: Mapping[str, Any]
) -> dict[str, Any]:
    """Return the data to store for a session (the inverse of `read_session`).

    Raises:
        ValueError: ``owner`` is empty, or a scope is empty or contains whitespace.
    """
    if not owner:
        raise ValueError("a session needs a non-empty owner (session key)")
    granted = sorted(set(scopes))
    for scope in granted:
        if not isinstance(scope, str) or scope.split() != [scope]:
            raise ValueError(f"invalid scope {scope!r}: a non-empty string without spaces")
    stored: dict[str, Any] = {"owner": owner, "data": dict(data)}
    if identity is not None:
        stored["sub"] = identity
        stored["scopes"] = granted
    return stored
