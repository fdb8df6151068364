"""The ``redis`` session store: `RedisSessionStore` and its asyncio twin.

Built by the factories registered in `jam_redis.plugin`; the kernel's
session engine calls them with opaque bytes. Key layout and the Lua scripts
live in `jam_redis._layout`, routing tags in `jam_redis._routing`.
Each method is one network round trip (``get`` a plain ``HGET``, every other
method one ``EVALSHA``), except: the first ``route`` of a store reads the
routing salt (once), and on Cluster ``clear`` and ``list`` also visit the
slot of untagged (pre-routing) ids, a second round trip.

Both classes offer ``get_and_touch`` (`jam.sessions.SupportsGetAndTouch`)
for idle timeouts and ``route`` (`jam.sessions.SupportsRoutedIds`), so
the kernel starts every new id with the owner's routing tag.
"""

from __future__ import annotations

import asyncio
import threading
from typing import TYPE_CHECKING, Any

from jam_redis._batch import ReadBatcher
from jam_redis._connect import AsyncConnection, Connection
from jam_redis._layout import SCRIPTS, Layout, Space, ttl_ms
from jam_redis._routing import Router, new_salt, route_of

if TYPE_CHECKING:
    from jam_redis._options import RedisOptions

__all__ = ["AsyncRedisSessionStore", "RedisSessionStore"]

Call = tuple[list[str], list[Any]]
"""The KEYS and ARGV of one script call."""


class _Keys:
    """Keys and script arguments of each operation: what the sync and async stores share."""

    def __init__(self, options: RedisOptions) -> None:
        self.layout = Layout(options.prefix)
        self.split = options.mode == "cluster"  # one script per slot on Cluster
        self.limit = str(options.max_sessions_per_key)

    def create(self, session_key: str, session_id: str, data: bytes, ttl: int | None) -> Call:
        owner = self.layout.owner(session_key)
        space = self.layout.space(session_id)
        return [space.session(session_id), space.index(owner)], [
            owner,
            data,
            ttl_ms(ttl),
            session_id,
            space.session_prefix,
            self.limit,
        ]

    def by_id(self, session_id: str, *args: Any) -> Call:
        """update, get_and_touch, delete: the session key, then ``args``, index prefix, id."""
        space = self.layout.space(session_id)
        return [space.session(session_id)], [*args, space.index_prefix, session_id]

    def rework(self, old: str, new: str, ttl: int | None) -> Call:
        space = self.layout.space(old)
        if self.layout.space(new) != space:
            raise ValueError("rework: the new id must carry the old id's routing tag")
        return [space.session(old), space.session(new)], [ttl_ms(ttl), space.index_prefix, old, new]

    def per_owner(self, session_key: str, route: str) -> list[Call]:
        """clear, list: the owner's routed index and the legacy one (one call, two on Cluster)."""
        owner = self.layout.owner(session_key)
        spaces = [self.layout.routed(route), self.layout.legacy]
        if self.split:
            return [_owner_call(owner, [space]) for space in spaces]
        return [_owner_call(owner, spaces)]


def _owner_call(owner: str, spaces: list[Space]) -> Call:
    return [s.index(owner) for s in spaces], [owner, *(s.session_prefix for s in spaces)]


def _check_route(session_id: str, route: str | None) -> None:
    if route_of(session_id) != route:
        raise ValueError("create: the id's routing tag is not route(session_key)")


def _live_ids(replies: list[list[bytes | str]]) -> list[str]:
    """Merge ``id, score, ...`` replies into ids, soonest to expire first."""
    pairs: list[tuple[float, str]] = []
    for reply in replies:
        for i in range(0, len(reply), 2):
            sid, score = reply[i], reply[i + 1]
            pairs.append((float(score), sid.decode() if isinstance(sid, bytes) else str(sid)))
    pairs.sort(key=lambda pair: pair[0])
    return [sid for _, sid in pairs]


class RedisSessionStore:
    """Synchronous `SessionStore` on Redis (standalone, Sentinel, Cluster).

    Every method raises `BackendUnavailable` when Redis
    cannot be reached in time and `BackendError` on any
    other Redis failure; ``get`` never answers ``None`` for an outage.

    Example:
        >>> store = RedisSessionStore(RedisOptions(prefix="demo"))
        >>> sid = f"{store.route('alice')}.random-part"
        >>> store.create("alice", sid, b"{}", ttl=60)
        >>> store.get(sid)
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
        self._keys = _Keys(options)
        secret = options.route_secret
        self._router = Router(None if secret is None else secret.reveal())
        self._router_lock = threading.Lock()

    def __repr__(self) -> str:
        """Describe the store without credentials."""
        return f"RedisSessionStore({self._conn.endpoint!r}, prefix={self.options.prefix!r})"

    def route(self, session_key: str) -> str:
        """Return the routing tag of ``session_key`` (`jam.sessions.SupportsRoutedIds`).

        The first call without ``route_secret`` reads (or creates) the salt:
        one ``SET <prefix>:salt <random> NX GET``; later calls do no I/O.
        """
        if not self._router.ready:
            with self._router_lock:
                if not self._router.ready:
                    offered, key = new_salt(), self._keys.layout.salt
                    stored = self._conn.run(
                        "route", lambda c: c.set(key, offered, nx=True, get=True)
                    )
                    self._router.adopt(stored, offered)
        return self._router.tag(session_key)

    def create(self, session_key: str, session_id: str, data: bytes, ttl: int | None) -> None:
        """Store a new session; one script writes the hash, its expiry and the index entry.

        Past ``max_sessions_per_key`` live sessions of the key, the same
        script deletes the ones that expire soonest (never this one).

        Raises:
            ValueError: ``session_id`` carries a routing tag other than ``route(session_key)``.
        """
        if route_of(session_id) is not None:
            _check_route(session_id, self.route(session_key))
        keys, args = self._keys.create(session_key, session_id, data, ttl)
        self._conn.run("create", lambda c: SCRIPTS["create"].run(c, keys, args))

    def get(self, session_id: str) -> bytes | None:
        """Return the data (one ``HGET``), or ``None`` when unknown or expired."""
        key = self._keys.layout.session(session_id)
        value: bytes | None = self._conn.run("get", lambda c: c.hget(key, "d"))
        return value

    def get_and_touch(self, session_id: str, ttl: int) -> bytes | None:
        """Return the data and expire the session ``ttl`` seconds from now (idle timeouts).

        One script: the data is not rewritten, so a read never overwrites a
        concurrent update; the index score moves with the expiry.
        """
        keys, args = self._keys.by_id(session_id, ttl_ms(ttl))
        value: bytes | None = self._conn.run(
            "get", lambda c: SCRIPTS["get_and_touch"].run(c, keys, args)
        )
        return value

    def update(self, session_id: str, data: bytes, ttl: int | None) -> bool:
        """Replace the data; ``ttl`` resets the expiry (and the index score)."""
        keys, args = self._keys.by_id(session_id, data, ttl_ms(ttl))
        return bool(self._conn.run("update", lambda c: SCRIPTS["update"].run(c, keys, args)))

    def delete(self, session_id: str) -> bool:
        """Delete the session and its index entry; False when it did not exist."""
        keys, args = self._keys.by_id(session_id)
        return bool(self._conn.run("delete", lambda c: SCRIPTS["delete"].run(c, keys, args)))

    def clear(self, session_key: str) -> int:
        """Delete every session of ``session_key``: O(its sessions), never a SCAN."""
        calls = self._keys.per_owner(session_key, self.route(session_key))
        return sum(int(self._script("clear", call)) for call in calls)

    def rework(self, old_session_id: str, new_session_id: str, ttl: int | None) -> bool:
        """Atomically move a session to a new id (``RENAME`` and index swap in one script).

        Raises:
            ValueError: The two ids carry different routing tags.
        """
        keys, args = self._keys.rework(old_session_id, new_session_id, ttl)
        return bool(self._conn.run("rework", lambda c: SCRIPTS["rework"].run(c, keys, args)))

    def list(self, session_key: str) -> list[str]:
        """Return the live session ids of ``session_key``, soonest to expire first."""
        calls = self._keys.per_owner(session_key, self.route(session_key))
        return _live_ids([self._script("list", call) for call in calls])

    def close(self) -> None:
        """Close the connection pool. Idempotent."""
        self._conn.close()

    def _script(self, name: str, call: Call) -> Any:
        keys, args = call
        operation = "get" if name == "get_and_touch" else name
        return self._conn.run(operation, lambda c: SCRIPTS[name].run(c, keys, args))


class AsyncRedisSessionStore:
    """Asyncio `AsyncSessionStore` on ``redis.asyncio``.

    Same keys, scripts and errors as `RedisSessionStore`. Concurrent
    callers beyond ``max_connections`` wait (up to ``pool_timeout``) for a
    free connection instead of failing.

    Example:
        >>> store = AsyncRedisSessionStore(RedisOptions(prefix="demo"))
        >>> sid = f"{await store.route('alice')}.random-part"
        >>> await store.create("alice", sid, b"{}", ttl=60)
    """

    def __init__(self, options: RedisOptions) -> None:
        """Prepare a store; no I/O until the first call.

        Args:
            options: Validated backend options.
        """
        self.options = options
        """The options this store was built from (credentials redacted in repr)."""
        self._conn = AsyncConnection(options)
        self._keys = _Keys(options)
        secret = options.route_secret
        self._router = Router(None if secret is None else secret.reveal())
        self._router_lock = asyncio.Lock()
        self._reads: ReadBatcher[bytes | None] | None = (
            None
            if options.mode == "cluster"
            else ReadBatcher(
                self._conn, "get", lambda c, k: c.hget(k, "d"), lambda p, k: p.hget(k, "d")
            )
        )

    def __repr__(self) -> str:
        """Describe the store without credentials."""
        return f"AsyncRedisSessionStore({self._conn.endpoint!r}, prefix={self.options.prefix!r})"

    async def route(self, session_key: str) -> str:
        """See `RedisSessionStore.route` (awaits the salt once, then no I/O)."""
        if not self._router.ready:
            async with self._router_lock:
                if not self._router.ready:
                    offered, key = new_salt(), self._keys.layout.salt
                    stored = await self._conn.run(
                        "route", lambda c: c.set(key, offered, nx=True, get=True)
                    )
                    self._router.adopt(stored, offered)
        return self._router.tag(session_key)

    async def create(self, session_key: str, session_id: str, data: bytes, ttl: int | None) -> None:
        """See `RedisSessionStore.create`."""
        if route_of(session_id) is not None:
            _check_route(session_id, await self.route(session_key))
        keys, args = self._keys.create(session_key, session_id, data, ttl)
        await self._conn.run("create", lambda c: SCRIPTS["create"].arun(c, keys, args))

    async def get(self, session_id: str) -> bytes | None:
        """See `RedisSessionStore.get`; concurrent gets share one pipeline."""
        key = self._keys.layout.session(session_id)
        if self._reads is not None:
            return await self._reads.read(key)
        value: bytes | None = await self._conn.run("get", lambda c: c.hget(key, "d"))
        return value

    async def get_and_touch(self, session_id: str, ttl: int) -> bytes | None:
        """See `RedisSessionStore.get_and_touch`."""
        keys, args = self._keys.by_id(session_id, ttl_ms(ttl))
        value: bytes | None = await self._conn.run(
            "get", lambda c: SCRIPTS["get_and_touch"].arun(c, keys, args)
        )
        return value

    async def update(self, session_id: str, data: bytes, ttl: int | None) -> bool:
        """See `RedisSessionStore.update`."""
        keys, args = self._keys.by_id(session_id, data, ttl_ms(ttl))
        return bool(await self._conn.run("update", lambda c: SCRIPTS["update"].arun(c, keys, args)))

    async def delete(self, session_id: str) -> bool:
        """See `RedisSessionStore.delete`."""
        keys, args = self._keys.by_id(session_id)
        return bool(await self._conn.run("delete", lambda c: SCRIPTS["delete"].arun(c, keys, args)))

    async def clear(self, session_key: str) -> int:
        """See `RedisSessionStore.clear` (on Cluster both slots are asked at once)."""
        calls = self._keys.per_owner(session_key, await self.route(session_key))
        counts = await asyncio.gather(*(self._script("clear", call) for call in calls))
        return sum(int(count) for count in counts)

    async def rework(self, old_session_id: str, new_session_id: str, ttl: int | None) -> bool:
        """See `RedisSessionStore.rework`."""
        keys, args = self._keys.rework(old_session_id, new_session_id, ttl)
        return bool(await self._conn.run("rework", lambda c: SCRIPTS["rework"].arun(c, keys, args)))

    async def list(self, session_key: str) -> list[str]:
        """See `RedisSessionStore.list`."""
        calls = self._keys.per_owner(session_key, await self.route(session_key))
        replies = await asyncio.gather(*(self._script("list", call) for call in calls))
        return _live_ids(list(replies))

    async def close(self) -> None:
        """See `RedisSessionStore.close`."""
        await self._conn.close()

    async def _script(self, name: str, call: Call) -> Any:
        keys, args = call
        operation = "get" if name == "get_and_touch" else name
        return await self._conn.run(operation, lambda c: SCRIPTS[name].arun(c, keys, args))
