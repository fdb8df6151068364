"""The ``redis`` session store: :class:`RedisSessionStore` and its asyncio twin.

Built by the factories registered in :mod:`jam_redis.plugin`; the kernel's
session engine calls them with opaque bytes. Key layout and the Lua scripts
live in :mod:`jam_redis._layout`: each method is one network round trip
(``get`` a plain ``HGET``, every other method one ``EVALSHA``). Both classes
also offer ``get_and_touch`` (:class:`jam.sessions.SupportsGetAndTouch`), so
the kernel's idle timeouts work with this backend.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jam_redis._connect import AsyncConnection, Connection
from jam_redis._layout import SCRIPTS, Layout, ttl_ms

if TYPE_CHECKING:
    from collections.abc import Iterable

    from jam_redis._options import RedisOptions

__all__ = ["AsyncRedisSessionStore", "RedisSessionStore"]


def _as_ids(values: Iterable[bytes | str]) -> list[str]:
    return [v.decode() if isinstance(v, bytes) else str(v) for v in values]


class RedisSessionStore:
    """Synchronous :class:`~jam.protocols.SessionStore` on Redis (standalone, Sentinel, Cluster).

    Every method raises :class:`~jam.exceptions.BackendUnavailable` when Redis
    cannot be reached in time and :class:`~jam.exceptions.BackendError` on any
    other Redis failure; ``get`` never answers ``None`` for an outage.

    Example:
        >>> store = RedisSessionStore(RedisOptions(prefix="demo"))
        >>> store.create("alice", "sid-1", b"{}", ttl=60)
        >>> store.get("sid-1")
        b'{}'
    """

    def __init__(self, options: RedisOptions) -> None:
        """Prepare a store; the connection is opened on first use.

        Args:
            options: Validated backend options.
        """
        self.options = options
        """The options this store was built from (credentials redacted in repr)."""
        self._conn = Connection(options)
        self._keys = Layout(options.prefix)

    def __repr__(self) -> str:
        """Describe the store without credentials."""
        return f"RedisSessionStore({self._conn.endpoint!r}, prefix={self.options.prefix!r})"

    def create(self, session_key: str, session_id: str, data: bytes, ttl: int | None) -> None:
        """Store a new session; one script writes the hash, its expiry and the index entry."""
        owner = self._keys.owner(session_key)
        keys = [self._keys.session(session_id), self._keys.index(owner)]
        args = [owner, data, ttl_ms(ttl), session_id]
        self._conn.run("create", lambda c: SCRIPTS["create"].run(c, keys, args))

    def get(self, session_id: str) -> bytes | None:
        """Return the data (one ``HGET``), or ``None`` when unknown or expired."""
        key = self._keys.session(session_id)
        value: bytes | None = self._conn.run("get", lambda c: c.hget(key, "d"))
        return value

    def get_and_touch(self, session_id: str, ttl: int) -> bytes | None:
        """Return the data and expire the session ``ttl`` seconds from now (idle timeouts).

        One script: the data is not rewritten, so a read never overwrites a
        concurrent update; the index score moves with the expiry.
        """
        keys = [self._keys.session(session_id)]
        args = [ttl_ms(ttl), self._keys.index_prefix, session_id]
        value: bytes | None = self._conn.run(
            "get", lambda c: SCRIPTS["get_and_touch"].run(c, keys, args)
        )
        return value

    def update(self, session_id: str, data: bytes, ttl: int | None) -> bool:
        """Replace the data; ``ttl`` resets the expiry (and the index score)."""
        keys = [self._keys.session(session_id)]
        args = [data, ttl_ms(ttl), self._keys.index_prefix, session_id]
        return bool(self._conn.run("update", lambda c: SCRIPTS["update"].run(c, keys, args)))

    def delete(self, session_id: str) -> bool:
        """Delete the session and its index entry; False when it did not exist."""
        keys = [self._keys.session(session_id)]
        args = [self._keys.index_prefix, session_id]
        return bool(self._conn.run("delete", lambda c: SCRIPTS["delete"].run(c, keys, args)))

    def clear(self, session_key: str) -> int:
        """Delete every session of ``session_key``: O(its sessions), never a SCAN."""
        owner = self._keys.owner(session_key)
        keys = [self._keys.index(owner)]
        args = [owner, self._keys.session_prefix]
        return int(self._conn.run("clear", lambda c: SCRIPTS["clear"].run(c, keys, args)))

    def rework(self, old_session_id: str, new_session_id: str, ttl: int | None) -> bool:
        """Atomically move a session to a new id (``RENAME`` and index swap in one script)."""
        keys = [self._keys.session(old_session_id), self._keys.session(new_session_id)]
        args = [ttl_ms(ttl), self._keys.index_prefix, old_session_id, new_session_id]
        return bool(self._conn.run("rework", lambda c: SCRIPTS["rework"].run(c, keys, args)))

    def list(self, session_key: str) -> list[str]:
        """Return the live session ids of ``session_key``, soonest to expire first."""
        owner = self._keys.owner(session_key)
        keys = [self._keys.index(owner)]
        args = [owner, self._keys.session_prefix]
        return _as_ids(self._conn.run("list", lambda c: SCRIPTS["list"].run(c, keys, args)))

    def close(self) -> None:
        """Close the connection pool. Idempotent."""
        self._conn.close()


class AsyncRedisSessionStore:
    """Asyncio :class:`~jam.protocols.AsyncSessionStore` on ``redis.asyncio``.

    Same keys, scripts and errors as :class:`RedisSessionStore`. Concurrent
    callers beyond ``max_connections`` wait (up to ``pool_timeout``) for a
    free connection instead of failing.

    Example:
        >>> store = AsyncRedisSessionStore(RedisOptions(prefix="demo"))
        >>> await store.create("alice", "sid-1", b"{}", ttl=60)
    """

    def __init__(self, options: RedisOptions) -> None:
        """Prepare a store; no I/O until the first call.

        Args:
            options: Validated backend options.
        """
        self.options = options
        """The options this store was built from (credentials redacted in repr)."""
        self._conn = AsyncConnection(options)
        self._keys = Layout(options.prefix)

    def __repr__(self) -> str:
        """Describe the store without credentials."""
        return f"AsyncRedisSessionStore({self._conn.endpoint!r}, prefix={self.options.prefix!r})"

    async def create(self, session_key: str, session_id: str, data: bytes, ttl: int | None) -> None:
        """See :meth:`RedisSessionStore.create`."""
        owner = self._keys.owner(session_key)
        keys = [self._keys.session(session_id), self._keys.index(owner)]
        args = [owner, data, ttl_ms(ttl), session_id]
        await self._conn.run("create", lambda c: SCRIPTS["create"].arun(c, keys, args))

    async def get(self, session_id: str) -> bytes | None:
        """See :meth:`RedisSessionStore.get`."""
        key = self._keys.session(session_id)
        value: bytes | None = await self._conn.run("get", lambda c: c.hget(key, "d"))
        return value

    async def get_and_touch(self, session_id: str, ttl: int) -> bytes | None:
        """See :meth:`RedisSessionStore.get_and_touch`."""
        keys = [self._keys.session(session_id)]
        args = [ttl_ms(ttl), self._keys.index_prefix, session_id]
        value: bytes | None = await self._conn.run(
            "get", lambda c: SCRIPTS["get_and_touch"].arun(c, keys, args)
        )
        return value

    async def update(self, session_id: str, data: bytes, ttl: int | None) -> bool:
        """See :meth:`RedisSessionStore.update`."""
        keys = [self._keys.session(session_id)]
        args = [data, ttl_ms(ttl), self._keys.index_prefix, session_id]
        return bool(await self._conn.run("update", lambda c: SCRIPTS["update"].arun(c, keys, args)))

    async def delete(self, session_id: str) -> bool:
        """See :meth:`RedisSessionStore.delete`."""
        keys = [self._keys.session(session_id)]
        args = [self._keys.index_prefix, session_id]
        return bool(await self._conn.run("delete", lambda c: SCRIPTS["delete"].arun(c, keys, args)))

    async def clear(self, session_key: str) -> int:
        """See :meth:`RedisSessionStore.clear`."""
        owner = self._keys.owner(session_key)
        keys = [self._keys.index(owner)]
        args = [owner, self._keys.session_prefix]
        return int(await self._conn.run("clear", lambda c: SCRIPTS["clear"].arun(c, keys, args)))

    async def rework(self, old_session_id: str, new_session_id: str, ttl: int | None) -> bool:
        """See :meth:`RedisSessionStore.rework`."""
        keys = [self._keys.session(old_session_id), self._keys.session(new_session_id)]
        args = [ttl_ms(ttl), self._keys.index_prefix, old_session_id, new_session_id]
        return bool(await self._conn.run("rework", lambda c: SCRIPTS["rework"].arun(c, keys, args)))

    async def list(self, session_key: str) -> list[str]:
        """See :meth:`RedisSessionStore.list`."""
        owner = self._keys.owner(session_key)
        keys = [self._keys.index(owner)]
        args = [owner, self._keys.session_prefix]
        ids = await self._conn.run("list", lambda c: SCRIPTS["list"].arun(c, keys, args))
        return _as_ids(ids)

    async def close(self) -> None:
        """See :meth:`RedisSessionStore.close`."""
        await self._conn.close()
