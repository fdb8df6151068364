"""One SQLite database file shared by threads and processes: connections, retries, errors.

Used by the session store and the token list. Each thread gets its own
connection (WAL mode, busy timeout, autocommit); every call runs through
`Database.run`, which retries "database is locked" until ``timeout``
and turns every `sqlite3` error (and text SQLite cannot hold) into a
typed Jam error, so no ``sqlite3`` exception ever reaches the application.

Expired rows are deleted by writes, in proportion to them: every
`PURGE_EVERY` writes of this object (and at least every
``purge_interval`` seconds) sweep up to `PURGE_BATCH` rows per table,
so deletion outpaces creation whatever the write rate, and no single write
pays for more than one small batch.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import sqlite3
import threading
import time
from typing import TYPE_CHECKING, TypeVar

from jam.exceptions import BackendError, BackendUnavailable

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from jam_sqlite._options import SQLiteOptions

__all__ = ["Database", "immediate"]

T = TypeVar("T")

SCHEMA = """
CREATE TABLE IF NOT EXISTS jam_sessions (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    data BLOB NOT NULL,
    expires REAL
);
CREATE INDEX IF NOT EXISTS jam_sessions_owner_expires ON jam_sessions (owner, expires);
DROP INDEX IF EXISTS jam_sessions_owner;
CREATE INDEX IF NOT EXISTS jam_sessions_expires ON jam_sessions (expires)
    WHERE expires IS NOT NULL;
CREATE TABLE IF NOT EXISTS jam_tokens (
    id TEXT PRIMARY KEY,
    expires REAL
);
CREATE INDEX IF NOT EXISTS jam_tokens_expires ON jam_tokens (expires)
    WHERE expires IS NOT NULL;
"""
"""Tables for sessions and token lists; both live in one file.

``(owner, expires)`` serves ``clear`` and ``list`` (by owner) and finds the
sessions of one owner that expire soonest (``max_sessions_per_key``) without
a sort; it replaces the earlier index on ``owner`` alone."""

PURGE_EVERY = 100
"""Writes (per `Database` object) between two sweeps of expired rows."""

PURGE_BATCH = 250
"""Most expired rows one sweep deletes per table: 2.5 times `PURGE_EVERY`, so
sweeps keep up with any write rate and drain a backlog, and one costs about a
millisecond."""

logger = logging.getLogger("jam.sqlite")

_BUSY_WORDS = ("locked", "busy")

_CREATE_LOCK = threading.Lock()
"""Serialises file creation with connecting, within one process."""


@contextlib.contextmanager
def immediate(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Run a block in a ``BEGIN IMMEDIATE`` transaction (write lock taken up front)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


class Database:
    """Thread-local connections to one file, with retries and typed errors."""

    def __init__(self, options: SQLiteOptions, what: str) -> None:
        """Create the file (0600) and the schema if needed.

        Args:
            options: Validated backend options.
            what: ``"session store"`` or ``"token list"``, for messages.

        Raises:
            BackendUnavailable: The file cannot be created or opened.
            BackendError: Any other SQLite failure.
        """
        self.what = what
        self.path = self._resolve(options.path)
        self.timeout = options.timeout
        self._synchronous = options.synchronous
        self._purge_interval = options.purge_interval
        self._last_purge = 0.0
        self._writes = itertools.count(1)
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._closed = False
        self._create_file()
        self.run(self._init_schema)

    # -- public ------------------------------------------------------------------------------

    def run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``work(connection)``, retrying while the database is locked.

        Raises:
            BackendUnavailable: Still locked after ``timeout`` seconds, or the
                file cannot be opened.
            BackendError: Any other SQLite failure (disk full, corruption...).
        """
        deadline = time.monotonic() + self.timeout
        delay = 0.002
        while True:
            conn: sqlite3.Connection | None = None
            try:
                conn = self._connection()
                return work(conn)
            except sqlite3.OperationalError as err:
                if conn is not None and conn.in_transaction:
                    conn.rollback()
                if _is_busy(err) and time.monotonic() < deadline:
                    time.sleep(delay)
                    delay = min(delay * 2, 0.05)
                    continue
                raise self._error(err) from err
            except sqlite3.Error as err:
                raise self._error(err) from err
            except UnicodeEncodeError:
                raise BackendError(
                    f"sqlite {self.what}: a key or id is not valid UTF-8 text (it holds a "
                    "lone surrogate); SQLite cannot store it, so nothing was read or written"
                ) from None

    def wrote(self, now: float) -> None:
        """Count one write; sweep a batch of expired rows when a sweep is due.

        Called after a write has committed. A sweep that fails (locked past
        ``timeout``, disk full) is logged and left to the next one: the write
        it follows did happen, so it must not be reported as failed.
        """
        if next(self._writes) % PURGE_EVERY and now - self._last_purge < self._purge_interval:
            return
        self._last_purge = now
        try:
            self.run(lambda conn: purge(conn, now))
        except BackendError as err:
            logger.warning("sqlite %s: sweep of expired rows failed: %s", self.what, err)

    def close(self) -> None:
        """Close every connection this object opened. Idempotent."""
        with self._lock:
            self._closed = True
            connections, self._all = self._all, []
        for conn in connections:
            conn.close()

    # -- internals ---------------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None and not self._closed:
            return conn
        with self._lock, _CREATE_LOCK:
            if self._closed:
                raise BackendError(f"sqlite {self.what} is closed")
            conn = sqlite3.connect(
                self.path,
                timeout=self.timeout,
                isolation_level=None,
                check_same_thread=False,
            )
            self._all.append(conn)
        try:
            conn.execute(f"PRAGMA synchronous = {self._synchronous}")
        except sqlite3.Error:
            with self._lock:
                self._all.remove(conn)
            conn.close()
            raise
        self._local.conn = conn
        return conn

    def _resolve(self, path: Path) -> Path:
        try:
            return path.expanduser().resolve()
        except (OSError, RuntimeError, ValueError) as err:
            raise BackendUnavailable(
                f"sqlite {self.what}: the path is not a usable file name ({err})"
            ) from None

    def _create_file(self) -> None:
        """Create the file with mode 0600 if it does not exist yet.

        Only a file this call created is opened and closed outside SQLite:
        closing any descriptor of a database file drops every POSIX lock the
        process holds on it, which would corrupt a live connection's view.
        The process-wide lock keeps other stores from connecting in between.
        """
        with _CREATE_LOCK:
            try:
                if self.path.exists():
                    return
                self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                try:
                    fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
                except FileExistsError:
                    return  # another process created it first
            except OSError as err:
                raise BackendUnavailable(
                    f"sqlite {self.what}: cannot create {self.path}: {err.strerror}"
                ) from err
            except ValueError as err:  # a NUL or a lone surrogate: no file can have this name
                raise BackendUnavailable(
                    f"sqlite {self.what}: the path is not a usable file name ({err})"
                ) from None
            os.close(fd)

    @staticmethod
    def _init_schema(conn: sqlite3.Connection) -> None:
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.executescript(SCHEMA)

    def _error(self, err: sqlite3.Error) -> BackendError:
        text = str(err)
        if _is_busy(err):
            return BackendUnavailable(
                f"sqlite {self.what} at {self.path}: still locked after {self.timeout} s "
                "(another process holds a long write transaction?); raise `timeout`"
            )
        if "unable to open" in text:
            return BackendUnavailable(f"sqlite {self.what} at {self.path}: {text}")
        return BackendError(f"sqlite {self.what} at {self.path}: {type(err).__name__}: {text}")


def purge(conn: sqlite3.Connection, now: float) -> int:
    """Delete up to `PURGE_BATCH` expired rows per table; return how many went."""
    deleted = 0
    for table in ("jam_sessions", "jam_tokens"):
        cursor = conn.execute(
            f"DELETE FROM {table} WHERE rowid IN (SELECT rowid FROM {table} "  # noqa: S608  (fixed names)
            "WHERE expires IS NOT NULL AND expires <= ? LIMIT ?)",
            (now, PURGE_BATCH),
        )
        deleted += cursor.rowcount
    return deleted


def _is_busy(err: sqlite3.Error) -> bool:
    text = str(err).lower()
    return isinstance(err, sqlite3.OperationalError) and any(w in text for w in _BUSY_WORDS)
