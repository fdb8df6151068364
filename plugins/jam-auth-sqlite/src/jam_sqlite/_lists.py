"""SQLite token list (``[jam.jwt.list] backend = "sqlite"``), sync and asyncio.

Entries are token ids (``jti`` or a SHA-256 of the token) with an expiry.
``add_if_absent`` is one ``INSERT ... ON CONFLICT DO UPDATE ... WHERE``
statement, so of two racing callers (threads or processes) exactly one wins.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from jam_sqlite._db import Database
from jam_sqlite._executor import AsyncRunner

if TYPE_CHECKING:
    import sqlite3

    from jam_sqlite._options import SQLiteOptions

__all__ = ["AsyncSQLiteTokenList", "SQLiteTokenList"]


class SQLiteTokenList:
    """A :class:`~jam.protocols.TokenList` in one SQLite file, safe across processes.

    Example:
        >>> tokens = SQLiteTokenList(SQLiteOptions(path="jam.db"))
        >>> tokens.add("jti-1", ttl=600)
    """

    def __init__(self, options: SQLiteOptions) -> None:
        """Open (or create, mode 0600) the database file and its tables."""
        self._db = Database(options, "token list")

    def add(self, token_id: str, ttl: int | None) -> None:
        """Remember ``token_id`` for ``ttl`` seconds (``None``: until removed)."""

        def work(conn: sqlite3.Connection) -> None:
            now = time.time()
            conn.execute(
                "INSERT OR REPLACE INTO jam_tokens (id, expires) VALUES (?, ?)",
                (token_id, None if ttl is None else now + ttl),
            )
            self._db.maybe_purge(conn, now)

        self._db.run(work)

    def add_if_absent(self, token_id: str, ttl: int | None) -> bool:
        """Add unless present and unexpired, atomically; True when this call added it."""

        def work(conn: sqlite3.Connection) -> bool:
            now = time.time()
            cursor = conn.execute(
                "INSERT INTO jam_tokens (id, expires) VALUES (?, ?) "
                "ON CONFLICT (id) DO UPDATE SET expires = excluded.expires "
                "WHERE jam_tokens.expires IS NOT NULL AND jam_tokens.expires <= ?",
                (token_id, None if ttl is None else now + ttl, now),
            )
            return cursor.rowcount == 1

        return self._db.run(work)

    def contains(self, token_id: str) -> bool:
        """True when present and unexpired."""

        def work(conn: sqlite3.Connection) -> bool:
            row = conn.execute(
                "SELECT 1 FROM jam_tokens WHERE id = ? AND (expires IS NULL OR expires > ?)",
                (token_id, time.time()),
            ).fetchone()
            return row is not None

        return self._db.run(work)

    def remove(self, token_id: str) -> None:
        """Forget ``token_id``; a missing id is not an error."""
        self._db.run(lambda conn: conn.execute("DELETE FROM jam_tokens WHERE id = ?", (token_id,)))

    def close(self) -> None:
        """Close every connection. Idempotent."""
        self._db.close()


class AsyncSQLiteTokenList:
    """Asyncio twin of :class:`SQLiteTokenList`: calls run on a small thread pool."""

    def __init__(self, options: SQLiteOptions) -> None:
        """Open the database."""
        self._sync = SQLiteTokenList(options)
        self._runner = AsyncRunner("jam-sqlite-tokens")

    async def add(self, token_id: str, ttl: int | None) -> None:
        """See :meth:`SQLiteTokenList.add`."""
        await self._runner.run(self._sync.add, token_id, ttl)

    async def add_if_absent(self, token_id: str, ttl: int | None) -> bool:
        """See :meth:`SQLiteTokenList.add_if_absent`."""
        return await self._runner.run(self._sync.add_if_absent, token_id, ttl)

    async def contains(self, token_id: str) -> bool:
        """See :meth:`SQLiteTokenList.contains`."""
        return await self._runner.run(self._sync.contains, token_id)

    async def remove(self, token_id: str) -> None:
        """See :meth:`SQLiteTokenList.remove`."""
        await self._runner.run(self._sync.remove, token_id)

    async def close(self) -> None:
        """Finish queued calls, then close every connection. Idempotent."""
        await self._runner.close(self._sync.close)
