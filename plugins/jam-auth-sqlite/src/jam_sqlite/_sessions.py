"""SQLite session store (``backend = "sqlite"``), sync and asyncio.

Every operation is one SQL statement in autocommit mode, so each is atomic
on its own: ``rework`` is a single ``UPDATE`` of the primary key, ``clear``
a single ``DELETE`` through the owner index (O(sessions of that key)).
Expiry is a unix time compared in every query; expired rows are swept in
batches by writes (see ``purge_interval``).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from jam_sqlite._db import Database, purge
from jam_sqlite._executor import AsyncRunner

if TYPE_CHECKING:
    import sqlite3

    from jam_sqlite._options import SQLiteOptions

__all__ = ["AsyncSQLiteSessionStore", "SQLiteSessionStore"]

_LIVE = "(expires IS NULL OR expires > ?)"


def _expiry(now: float, ttl: int | None) -> float | None:
    return None if ttl is None else now + ttl


class SQLiteSessionStore:
    """A :class:`~jam.protocols.SessionStore` in one SQLite file, safe across processes.

    Example:
        >>> store = SQLiteSessionStore(SQLiteOptions(path="sessions.db"))
        >>> store.create("alice", "sid-1", b"{}", ttl=3600)
    """

    def __init__(self, options: SQLiteOptions) -> None:
        """Open (or create, mode 0600) the database file and its tables.

        Raises:
            BackendUnavailable: The file cannot be created or opened.
        """
        self._db = Database(options, "session store")

    def create(self, session_key: str, session_id: str, data: bytes, ttl: int | None) -> None:
        """Store a new session."""

        def work(conn: sqlite3.Connection) -> None:
            now = time.time()
            conn.execute(
                "INSERT OR REPLACE INTO jam_sessions (id, owner, data, expires) "
                "VALUES (?, ?, ?, ?)",
                (session_id, session_key, data, _expiry(now, ttl)),
            )
            self._db.maybe_purge(conn, now)

        self._db.run(work)

    def get(self, session_id: str) -> bytes | None:
        """Return the data, or ``None`` when unknown or expired."""

        def work(conn: sqlite3.Connection) -> bytes | None:
            row = conn.execute(
                f"SELECT data FROM jam_sessions WHERE id = ? AND {_LIVE}",  # noqa: S608  (constant)
                (session_id, time.time()),
            ).fetchone()
            return bytes(row[0]) if row is not None else None

        return self._db.run(work)

    def get_and_touch(self, session_id: str, ttl: int) -> bytes | None:
        """Return the data and move expiry to ``ttl`` seconds from now, in one statement."""

        def work(conn: sqlite3.Connection) -> bytes | None:
            now = time.time()
            rows = conn.execute(
                f"UPDATE jam_sessions SET expires = ? WHERE id = ? AND {_LIVE} "  # noqa: S608
                "RETURNING data",
                (now + ttl, session_id, now),
            ).fetchall()
            return bytes(rows[0][0]) if rows else None

        return self._db.run(work)

    def update(self, session_id: str, data: bytes, ttl: int | None) -> bool:
        """Replace the data; ``ttl`` resets expiry, ``None`` keeps it."""

        def work(conn: sqlite3.Connection) -> bool:
            now = time.time()
            cursor = conn.execute(
                "UPDATE jam_sessions SET data = ?, expires = COALESCE(?, expires) "  # noqa: S608
                f"WHERE id = ? AND {_LIVE}",
                (data, _expiry(now, ttl), session_id, now),
            )
            return cursor.rowcount == 1

        return self._db.run(work)

    def delete(self, session_id: str) -> bool:
        """Delete one session; False when it did not exist or had expired."""

        def work(conn: sqlite3.Connection) -> bool:
            now = time.time()
            row = conn.execute(
                "DELETE FROM jam_sessions WHERE id = ? RETURNING expires", (session_id,)
            ).fetchall()
            return bool(row) and (row[0][0] is None or row[0][0] > now)

        return self._db.run(work)

    def clear(self, session_key: str) -> int:
        """Delete every session of ``session_key``; return how many were live."""

        def work(conn: sqlite3.Connection) -> int:
            now = time.time()
            rows = conn.execute(
                "DELETE FROM jam_sessions WHERE owner = ? RETURNING expires", (session_key,)
            ).fetchall()
            return sum(1 for (expires,) in rows if expires is None or expires > now)

        return self._db.run(work)

    def rework(self, old_session_id: str, new_session_id: str, ttl: int | None) -> bool:
        """Move a session to a new id with one ``UPDATE`` (atomic)."""

        def work(conn: sqlite3.Connection) -> bool:
            now = time.time()
            cursor = conn.execute(
                "UPDATE jam_sessions SET id = ?, expires = COALESCE(?, expires) "  # noqa: S608
                f"WHERE id = ? AND {_LIVE}",
                (new_session_id, _expiry(now, ttl), old_session_id, now),
            )
            return cursor.rowcount == 1

        return self._db.run(work)

    def list(self, session_key: str) -> list[str]:
        """Return the live ids of ``session_key``."""

        def work(conn: sqlite3.Connection) -> list[str]:
            rows = conn.execute(
                f"SELECT id FROM jam_sessions WHERE owner = ? AND {_LIVE}",  # noqa: S608
                (session_key, time.time()),
            ).fetchall()
            return [str(row[0]) for row in rows]

        return self._db.run(work)

    def purge(self) -> int:
        """Delete a batch of expired rows now (writes also do it every ``purge_interval``)."""
        return self._db.run(lambda conn: purge(conn, time.time()))

    def close(self) -> None:
        """Close every connection. Idempotent."""
        self._db.close()


class AsyncSQLiteSessionStore:
    """Asyncio twin of :class:`SQLiteSessionStore`: calls run on a small thread pool.

    The event loop never waits on SQLite; the pool (4 threads) bounds how
    many connections one store opens.
    """

    def __init__(self, options: SQLiteOptions) -> None:
        """Open the database (in the calling thread: construction happens at startup)."""
        self._sync = SQLiteSessionStore(options)
        self._runner = AsyncRunner("jam-sqlite-sessions")

    async def create(self, session_key: str, session_id: str, data: bytes, ttl: int | None) -> None:
        """See :meth:`SQLiteSessionStore.create`."""
        await self._runner.run(self._sync.create, session_key, session_id, data, ttl)

    async def get(self, session_id: str) -> bytes | None:
        """See :meth:`SQLiteSessionStore.get`."""
        return await self._runner.run(self._sync.get, session_id)

    async def get_and_touch(self, session_id: str, ttl: int) -> bytes | None:
        """See :meth:`SQLiteSessionStore.get_and_touch`."""
        return await self._runner.run(self._sync.get_and_touch, session_id, ttl)

    async def update(self, session_id: str, data: bytes, ttl: int | None) -> bool:
        """See :meth:`SQLiteSessionStore.update`."""
        return await self._runner.run(self._sync.update, session_id, data, ttl)

    async def delete(self, session_id: str) -> bool:
        """See :meth:`SQLiteSessionStore.delete`."""
        return await self._runner.run(self._sync.delete, session_id)

    async def clear(self, session_key: str) -> int:
        """See :meth:`SQLiteSessionStore.clear`."""
        return await self._runner.run(self._sync.clear, session_key)

    async def rework(self, old_session_id: str, new_session_id: str, ttl: int | None) -> bool:
        """See :meth:`SQLiteSessionStore.rework`."""
        return await self._runner.run(self._sync.rework, old_session_id, new_session_id, ttl)

    async def list(self, session_key: str) -> list[str]:
        """See :meth:`SQLiteSessionStore.list`."""
        return await self._runner.run(self._sync.list, session_key)

    async def purge(self) -> int:
        """See :meth:`SQLiteSessionStore.purge`."""
        return await self._runner.run(self._sync.purge)

    async def close(self) -> None:
        """Finish queued calls, then close every connection. Idempotent."""
        await self._runner.close(self._sync.close)
