"""jamlib's ``json`` backend (a TinyDB file) on Jam: SQLite, or memory for ``:memory:``. Deprecated.

jamlib 2.5 could keep token lists and sessions in a JSON file named by
``json_path``. Jam ships no JSON-file backend: a table that asks for one
(``backend``, ``session_type`` or ``sessions_type`` = ``"json"``) is rewritten
before validation, with a ``DeprecationWarning`` saying what it became:

* ``json_path = ":memory:"`` → ``backend = "memory"`` (in-process, as jamlib's
  tests meant it);
* any other ``json_path`` → ``backend = "sqlite"`` with ``path`` = the same
  name with ``.json`` replaced by ``.db`` (``var/tokens.json`` →
  ``var/tokens.db``; a name without ``.json`` gets ``.db`` appended);
* no ``json_path``: jamlib's defaults, ``whitelist.json`` (lists) and
  ``sessions.json`` (sessions), become ``whitelist.db`` and ``sessions.db``.

The JSON file is never read: entries in it (revoked tokens, sessions) are not
carried over (``docs/migrating.md`` shows how to re-revoke a black list's tokens).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from jam._compat import warn_jamlib
from jam._text import excerpt
from jam.exceptions import JamConfigError

__all__ = ["JSON_DEFAULTS", "json_table", "sqlite_path_for", "upgrade_json_backends"]

JSON_DEFAULTS = {"jam.jwt.list": "whitelist.json", "jam.session": "sessions.json"}
"""jamlib's ``json_path`` defaults, per table."""

_LIST_SELECTORS = ("backend",)
_SESSION_SELECTORS = ("backend", "session_type", "sessions_type")


def sqlite_path_for(json_path: str) -> str:
    """Return the SQLite file that replaces jamlib's JSON file ``json_path``.

    Example:
        >>> sqlite_path_for("var/tokens.json")
        'var/tokens.db'
        >>> sqlite_path_for("tokens")
        'tokens.db'
    """
    path = PurePath(json_path)
    if path.suffix.lower() == ".json":
        return str(path.with_suffix(".db"))
    return json_path + ".db"


def json_table(table: Mapping[str, Any], where: str, *, warn: bool = True) -> dict[str, Any]:
    """Return ``table`` (a list or session table using jamlib's json backend) rewritten for Jam.

    Args:
        table: The table; its selector keys whose value is ``"json"`` are replaced.
        where: ``"jam.jwt.list"`` or ``"jam.session"``, for messages and defaults.
        warn: Emit the ``DeprecationWarning`` (the caller may say it instead).

    Raises:
        JamConfigError: ``json_path`` is not text, or ``path`` is set as well.
    """
    selectors = _LIST_SELECTORS if where == "jam.jwt.list" else _SESSION_SELECTORS
    rest = {key: value for key, value in table.items() if key != "json_path"}
    json_path = table.get("json_path", JSON_DEFAULTS[where])
    if isinstance(json_path, os.PathLike):
        json_path = os.fspath(json_path)
    if not isinstance(json_path, str) or not json_path.strip():
        raise JamConfigError(f"{where}: json_path must be a file path (text)")
    if "path" in rest:
        raise JamConfigError(
            f'{where}: backend = "json" takes json_path (mapped to a SQLite path), not path; '
            'set backend = "sqlite" with path instead'
        )
    if json_path == ":memory:":
        name = "memory"
        message = (
            f'[{where}] backend = "json" with json_path = ":memory:" (jamlib) is deprecated: '
            'Jam uses backend = "memory" (in-process, lost when the process exits); '
            'write backend = "memory"'
        )
    else:
        name = "sqlite"
        rest["path"] = sqlite_path_for(json_path)
        message = (
            f'[{where}] backend = "json" (jamlib\'s TinyDB file) is deprecated: Jam stores it in '
            f"SQLite at path = {excerpt(rest['path'], 200)} (json_path "
            f"{excerpt(json_path, 200)} with .db); the JSON file is not read. "
            f'Write backend = "sqlite" and path = {excerpt(rest["path"], 200)}'
        )
    if warn:
        warn_jamlib(message)
    for key in selectors:
        if rest.get(key) == "json":
            rest[key] = name
    return rest


def _uses_json(table: Any, selectors: tuple[str, ...]) -> bool:
    return isinstance(table, Mapping) and any(table.get(key) == "json" for key in selectors)


def upgrade_json_backends(table: Mapping[str, Any]) -> Mapping[str, Any]:
    """Return ``table`` with jamlib's ``json`` backends rewritten (see the module docstring).

    Looks at ``[jwt.list]`` and ``[session]`` (or ``[sessions]``) of a table in
    the sectioned layout; tables without a json backend are returned unchanged.

    Raises:
        JamConfigError: A json backend's ``json_path`` is invalid, or ``path`` is set too.
    """
    changes: dict[str, Any] = {}
    jwt = table.get("jwt")
    if isinstance(jwt, Mapping) and _uses_json(jwt.get("list"), _LIST_SELECTORS):
        changes["jwt"] = {**jwt, "list": json_table(jwt["list"], "jam.jwt.list")}
    for name in ("session", "sessions"):
        if _uses_json(table.get(name), _SESSION_SELECTORS):
            changes[name] = json_table(table[name], "jam.session")
    return {**table, **changes} if changes else table
