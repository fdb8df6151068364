"""The ``redis`` token list: `RedisTokenList` and its asyncio twin.

One key per entry, ``<prefix>:t:<token_id>``, holding ``"1"`` with a Redis
expiry; every method is a single command, so a single round trip. Keys are
not hash-tagged, so on Cluster they spread over every master.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jam_redis._batch import ReadBatcher
from jam_redis._connect import AsyncConnection, Connection
from jam_redis._layout import Layout

if TYPE_CHECKING:
    from jam_redis._options import RedisOptions

__all__ = ["AsyncRedisTokenList", "RedisTokenList"]


class RedisTokenList:
    """Synchronous `TokenList` on Redis.

    ``add`` is ``SET key 1 EX ttl``, ``add_if_absent`` is ``SET key 1 NX EX
    ttl`` (atomic in Redis: of two racing callers exactly one gets True),
    ``contains`` is ``EXISTS`` and ``remove`` is ``DEL``. A ttl of zero or
    less means the token has already expired: ``add`` forgets it and
    ``add_if_absent`` stores nothing.

    Example:
        >>> tokens = RedisTokenList(RedisOptions(prefix="demo"))
        >>> tokens.add("jti-1", ttl=600)
        >>> tokens.contains("jti-1")
        True
    """

    def __init__(self, options: RedisOptions) -> None:
        """Prepare a list; the connection is opened on first use.

        Args:
            options: Validated backend options.
        """
        self.options = options
        """The options this list was built from (credentials redacted in repr)."""
        self._conn = Connection(options)
        self._keys = Layout(options.prefix)

    def __repr__(self) -> str:
        """Describe the list without credentials."""
        return f"RedisTokenList({self._conn.endpoint!r}, prefix={self.options.prefix!r})"

    def add(self, token_id: str, ttl: int | None) -> None:
        """Remember ``token_id`` for ``ttl`` seconds (``None``: until removed)."""
        key = self._keys.token(token_id)
        if ttl is not None and ttl <= 0:
            self._conn.run("add", lambda c: c.delete(key))
        else:
            self._conn.run("add", lambda c: c.set(key, b"1", ex=ttl))

    def add_if_absent(self, token_id: str, ttl: int | None) -> bool:
        """Atomically add unless present (``SET NX``); True when this call added it."""
        key = self._keys.token(token_id)
        if ttl is not None and ttl <= 0:
            return not self._conn.run("add_if_absent", lambda c: c.exists(key))
        return bool(self._conn.run("add_if_absent", lambda c: c.set(key, b"1", ex=ttl, nx=True)))

    def contains(self, token_id: str) -> bool:
        """True when present and unexpired (``EXISTS``)."""
        key = self._keys.token(token_id)
        return bool(self._conn.run("contains", lambda c: c.exists(key)))

    def remove(self, token_id: str) -> None:
        """Forget ``token_id`` (``DEL``); a missing id is not an error."""
        key = self._keys.token(token_id)
        self._conn.run("remove", lambda c: c.delete(key))

    def close(self) -> None:
        """Close the connection pool. Idempotent."""
        self._conn.close()


class AsyncRedisTokenList:
    """Asyncio `AsyncTokenList` on ``redis.asyncio``.

    Same commands and errors as `RedisTokenList`.

    Example:
        >>> tokens = AsyncRedisTokenList(RedisOptions(prefix="demo"))
        >>> await tokens.add_if_absent("otp:123456", ttl=30)
        True
    """

    def __init__(self, options: RedisOptions) -> None:
        """Prepare a list; no I/O until the first call.

        Args:
            options: Validated backend options.
        """
        self.options = options
        """The options this list was built from (credentials redacted in repr)."""
        self._conn = AsyncConnection(options)
        self._keys = Layout(options.prefix)
        self._reads: ReadBatcher[int] | None = (
            None
            if options.mode == "cluster"
            else ReadBatcher(
                self._conn, "contains", lambda c, k: c.exists(k), lambda p, k: p.exists(k)
            )
        )

    def __repr__(self) -> str:
        """Describe the list without credentials."""
        return f"AsyncRedisTokenList({self._conn.endpoint!r}, prefix={self.options.prefix!r})"

    async def add(self, token_id: str, ttl: int | None) -> None:
        """See `RedisTokenList.add`."""
        key = self._keys.token(token_id)
        if ttl is not None and ttl <= 0:
            await self._conn.run("add", lambda c: c.delete(key))
        else:
            await self._conn.run("add", lambda c: c.set(key, b"1", ex=ttl))

    async def add_if_absent(self, token_id: str, ttl: int | None) -> bool:
        """See `RedisTokenList.add_if_absent`."""
        key = self._keys.token(token_id)
        if ttl is not None and ttl <= 0:
            return not await self._conn.run("add_if_absent", lambda c: c.exists(key))
        return bool(
            await self._conn.run("add_if_absent", lambda c: c.set(key, b"1", ex=ttl, nx=True))
        )

    async def contains(self, token_id: str) -> bool:
        """See `RedisTokenList.contains`; concurrent lookups share one pipeline."""
        key = self._keys.token(token_id)
        if self._reads is not None:
            return bool(await self._reads.read(key))
        return bool(await self._conn.run("contains", lambda c: c.exists(key)))

    async def remove(self, token_id: str) -> None:
        """See `RedisTokenList.remove`."""
        key = self._keys.token(token_id)
        await self._conn.run("remove", lambda c: c.delete(key))

    async def close(self) -> None:
        """See `RedisTokenList.close`."""
        await self._conn.close()
