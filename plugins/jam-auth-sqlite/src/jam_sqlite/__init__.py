"""SQLite session store and token lists for Jam: the embedded, durable default.

Install ``jam-auth-sqlite`` and select ``backend = "sqlite"`` in
``[jam.session]`` or ``[jam.jwt.list]``. The classes are importable for
direct use and for tests (imported, with `sqlite3`, on first use);
`jam_sqlite.plugin` registers them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jam._lazy import lazy_attributes
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

__getattr__ = lazy_attributes(
    __name__,
    {
        "AsyncSQLiteSessionStore": "jam_sqlite._sessions",
        "SQLiteSessionStore": "jam_sqlite._sessions",
        "AsyncSQLiteTokenList": "jam_sqlite._lists",
        "SQLiteTokenList": "jam_sqlite._lists",
    },
)
