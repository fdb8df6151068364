"""SQLite token list (``[jam.jwt.list] backend = "sqlite"``), sync and asyncio.

Entries are token ids (``jti`` or a SHA-256 of the token) with an expiry.
``add_if_absent`` is one ``INSERT ... ON CONFLICT DO UPDATE ... WHERE``
statement, so of two racing callers (threads or processes) exactly one wins.
Both kinds of add count as writes for the sweep of expired rows (OTP replay
markers, added only by ``add_if_absent``, are swept too). The asyncio class
is made by `jam.plugins.threaded_async`.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from jam.plugins import threaded_async
from jam_sqlite._db import Database

if TYPE_CHECKING:
    import sqlite3

    from jam_sqlite._options import SQLiteOptions

__all__ = ["AsyncSQLiteTokenList", "SQLiteTokenList"]


class SQLiteTokenList:
    """A `TokenList` in one SQLite file, safe across processes.

    Example:
        >>> tokens = SQLiteTokenList(SQLiteOptions(path="jam.db"))
        >>> tokens.add("jti-1", ttl=600)
    """

    def __init__(self, options: SQLiteOptions) -> None:
        """Open (or create, mode 0600) the database file and its tables."""
        self._db = Database(options, "token list")

    def add(self, token_id: str, ttl: int | None) -> None:
        """Remember ``token_id`` for ``ttl`` seconds (``None``: until removed)."""

        def work(conn: sqlite3.Connection) -> float:
            now = time.time()
            conn.execute(
                "INSERT OR REPLACE INTO jam_tokens (id, expires) VALUES (?, ?)",
                (token_id, None if ttl is None else now + ttl),
            )
            return now

        self._db.wrote(self._db.run(work))

    def add_if_absent(self, token_id: str, ttl: int | None) -> bool:
        """Add unless present and unexpired, atomically; True when this call added it."""

        def work(conn: sqlite3.Connection) -> tuple[bool, float]:
            now = time.time()
            cursor = conn.execute(
                "INSERT INTO jam_tokens (id, expires) VALUES (?, ?) "
                "ON CONFLICT (id) DO UPDATE SET expires = excluded.expires "
                "WHERE jam_tokens.expires IS NOT NULL AND jam_tokens.expires <= ?",
                (token_id, None if ttl is None else now + ttl, now),
            )
            return cursor.rowcount == 1, now

        added, now = self._db.run(work)
        self._db.wrote(now)
        return added

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


AsyncSQLiteTokenList = threaded_async(SQLiteTokenList, name="jam-sqlite-tokens")
"""Asyncio twin of `SQLiteTokenList`: every call runs on the instance's pool of
4 threads, never on the event loop (made by `jam.plugins.threaded_async`)."""
