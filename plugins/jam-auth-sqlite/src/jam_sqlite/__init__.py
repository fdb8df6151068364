"""SQLite session store and token lists for Jam: the embedded, durable default.

Install ``jam-auth-sqlite`` and select ``backend = "sqlite"`` in
``[jam.session]`` or ``[jam.jwt.list]``. The classes are importable for
direct use and for tests; :mod:`jam_sqlite.plugin` registers them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jam_sqlite._options import DEFAULT_PATH, SQLiteOptions

if TYPE_CHECKING:
    from jam_sqlite._lists import AsyncSQLiteTokenList, SQLiteTokenList
    from jam_sqlite._sessions import AsyncSQLiteSessionStore, SQLiteSessionStore

__all__ = [
    "DEFAULT_PATH",
    "AsyncSQLiteSessionStore",
    "AsyncSQLiteTokenList",
    "SQLiteOptions",
    "SQLiteSessionStore",
    "SQLiteTokenList",
]

_HOMES = {
    "AsyncSQLiteSessionStore": "jam_sqlite._sessions",
    "SQLiteSessionStore": "jam_sqlite._sessions",
    "AsyncSQLiteTokenList": "jam_sqlite._lists",
    "SQLiteTokenList": "jam_sqlite._lists",
}


def __getattr__(name: str) -> type:
    """Import the store classes (and :mod:`sqlite3`) on first use."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'jam_sqlite' has no attribute {name!r}")
    import importlib

    found: type = getattr(importlib.import_module(home), name)
    return found
