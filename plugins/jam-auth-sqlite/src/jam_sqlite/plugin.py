"""The ``sqlite`` plugin: registers the SQLite session store and token list.

Loaded through the ``jam`` entry point ``sqlite = "jam_sqlite.plugin"``.
Cheap to import: `sqlite3` and the store modules are imported only when
a factory builds a store, that is when the configuration selects
``backend = "sqlite"``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jam.plugins import SessionStoreRecord, TokenListRecord, hookimpl
from jam_sqlite._options import SQLiteOptions

if TYPE_CHECKING:
    from collections.abc import Iterable

    from jam.protocols import AsyncSessionStore, AsyncTokenList
    from jam_sqlite._lists import SQLiteTokenList
    from jam_sqlite._sessions import SQLiteSessionStore

__all__ = ["jam_register_session_stores", "jam_register_token_lists"]

_DESCRIPTION = "SQLite file (WAL); durable, shared by threads and processes on one host"


def _session_store(options: SQLiteOptions) -> SQLiteSessionStore:
    from jam_sqlite._sessions import SQLiteSessionStore

    return SQLiteSessionStore(options)


def _async_session_store(options: SQLiteOptions) -> AsyncSessionStore:
    from jam_sqlite._sessions import AsyncSQLiteSessionStore

    return AsyncSQLiteSessionStore(options)


def _token_list(options: SQLiteOptions) -> SQLiteTokenList:
    from jam_sqlite._lists import SQLiteTokenList

    return SQLiteTokenList(options)


def _async_token_list(options: SQLiteOptions) -> AsyncTokenList:
    from jam_sqlite._lists import AsyncSQLiteTokenList

    return AsyncSQLiteTokenList(options)


@hookimpl
def jam_register_session_stores() -> Iterable[SessionStoreRecord]:
    """Register the ``sqlite`` session store."""
    return [
        SessionStoreRecord(
            name="sqlite",
            options=SQLiteOptions,
            factory=_session_store,
            async_factory=_async_session_store,
            description=_DESCRIPTION,
        )
    ]


@hookimpl
def jam_register_token_lists() -> Iterable[TokenListRecord]:
    """Register the ``sqlite`` token list."""
    return [
        TokenListRecord(
            name="sqlite",
            options=SQLiteOptions,
            factory=_token_list,
            async_factory=_async_token_list,
            description=_DESCRIPTION,
        )
    ]
