"""SQLite session store (``backend = "sqlite"``), sync and asyncio.

Every operation is one SQL statement in autocommit mode, so each is atomic
on its own: ``rework`` is a single ``UPDATE`` of the primary key, ``clear``
a single ``DELETE`` through the owner index (O(sessions of that key)). With
``max_sessions_per_key`` set, ``create`` inserts, then counts the key's
sessions through the owner index; only a key past the bound pays for a
``BEGIN IMMEDIATE`` transaction that counts again and deletes the sessions
that expire soonest (found through the ``(owner, expires)`` index, without a
sort). Between the two a reader may see one session over the bound: the bound
limits growth, it is not a count to rely on. If the eviction fails, the create
is reported failed; the session it inserted was never handed out and expires.

Expiry is a unix time compared in every query; expired rows are swept in
batches by writes, in proportion to them (see `jam_sqlite._db.Database.wrote`).
The asyncio class is made by `jam.plugins.threaded_async`.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from jam.plugins import threaded_async
from jam_sqlite._db import Database, immediate, purge

if TYPE_CHECKING:
    import sqlite3

    from jam_sqlite._options import SQLiteOptions

__all__ = ["AsyncSQLiteSessionStore", "SQLiteSessionStore"]

_LIVE = "(expires IS NULL OR expires > ?)"

_INSERT = "INSERT OR REPLACE INTO jam_sessions (id, owner, data, expires) VALUES (?, ?, ?, ?)"

_COUNT = "SELECT count(*) FROM jam_sessions WHERE owner = ?"

_UPDATE_DATA = f"UPDATE jam_sessions SET data = ? WHERE id = ? AND {_LIVE}"  # noqa: S608

_UPDATE_DATA_AND_EXPIRY = (
    "UPDATE jam_sessions SET data = ?, expires = ? "  # noqa: S608
    f"WHERE id = ? AND {_LIVE}"
)

_SOONEST = (
    "SELECT id FROM jam_sessions WHERE owner = ?1 AND id != ?2 AND expires IS NOT NULL "
    "ORDER BY expires LIMIT ?3"
)
"""The owner's sessions that expire soonest (expired ones first), through the
``(owner, expires)`` index: no sort, O(log n + limit)."""

_NEVER_EXPIRING = (
    "SELECT id FROM jam_sessions WHERE owner = ?1 AND id != ?2 AND expires IS NULL LIMIT ?3"
)

EVICT_PER_CREATE = 100
"""Most sessions one ``create`` evicts: a key that is already far over the bound (its
sessions made before the bound existed) shrinks over several creates, never in one
long transaction."""


def _expiry(now: float, ttl: int | None) -> float | None:
    return None if ttl is None else now + ttl


class SQLiteSessionStore:
    """A `SessionStore` in one SQLite file, safe across processes.

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
        self._max = options.max_sessions_per_key

    def create(self, session_key: str, session_id: str, data: bytes, ttl: int | None) -> None:
        """Store a new session (an existing id is overwritten).

        When the key then holds more than ``max_sessions_per_key`` sessions,
        its sessions that expire soonest (never this one) are deleted right
        after, in one transaction.
        """

        def work(conn: sqlite3.Connection) -> float:
            now = time.time()
            conn.execute(_INSERT, (session_id, session_key, data, _expiry(now, ttl)))
            if self._max and self._count(conn, session_key) > self._max:
                with immediate(conn):
                    self._evict(conn, session_key, session_id)
            return now

        self._db.wrote(self._db.run(work))

    @staticmethod
    def _count(conn: sqlite3.Connection, session_key: str) -> int:
        (count,) = conn.execute(_COUNT, (session_key,)).fetchone()
        return int(count)

    def _evict(self, conn: sqlite3.Connection, session_key: str, keep: str) -> None:
        """Delete the key's sessions past ``max_sessions_per_key``, soonest expiry first.

        Expired rows have the smallest expiry, so they go first; sessions
        without expiry go last; ``keep`` (the one being created) never goes.
        """
        excess = min(self._count(conn, session_key) - self._max, EVICT_PER_CREATE)
        if excess <= 0:
            return
        args = (session_key, keep, excess)
        victims = conn.execute(_SOONEST, args).fetchall()
        if len(victims) < excess:
            args = (session_key, keep, excess - len(victims))
            victims += conn.execute(_NEVER_EXPIRING, args).fetchall()
        conn.executemany("DELETE FROM jam_sessions WHERE id = ?", victims)

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
            if ttl is None:  # expires untouched: the (owner, expires) index is not rewritten
                cursor = conn.execute(_UPDATE_DATA, (data, session_id, now))
            else:
                cursor = conn.execute(_UPDATE_DATA_AND_EXPIRY, (data, now + ttl, session_id, now))
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
        """Delete a batch of expired rows of each table now; return how many went.

        Writes do this on their own (every 100 writes, and at least every
        ``purge_interval`` seconds); call it to sweep an idle database.
        """
        return self._db.run(lambda conn: purge(conn, time.time()))

    def close(self) -> None:
        """Close every connection. Idempotent."""
        self._db.close()


AsyncSQLiteSessionStore = threaded_async(SQLiteSessionStore, name="jam-sqlite-sessions")
"""Asyncio twin of `SQLiteSessionStore`: every call runs on the instance's pool of
4 threads (so at most 4 connections), never on the event loop
(made by `jam.plugins.threaded_async`)."""
