"""The ``redis`` plugin: registers the Redis session store and token list.

Loaded through the ``jam`` entry point ``redis = "jam_redis.plugin"``. Cheap
to import: redis-py is imported only when a factory builds a store, that is
when the configuration selects ``backend = "redis"``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jam.plugins import SessionStoreRecord, TokenListRecord, hookimpl
from jam_redis._options import RedisOptions

if TYPE_CHECKING:
    from collections.abc import Iterable

    from jam_redis._lists import AsyncRedisTokenList, RedisTokenList
    from jam_redis._sessions import AsyncRedisSessionStore, RedisSessionStore

__all__ = ["jam_register_session_stores", "jam_register_token_lists"]


def _session_store(options: RedisOptions) -> RedisSessionStore:
    from jam_redis._sessions import RedisSessionStore

    return RedisSessionStore(options)


def _async_session_store(options: RedisOptions) -> AsyncRedisSessionStore:
    from jam_redis._sessions import AsyncRedisSessionStore

    return AsyncRedisSessionStore(options)


def _token_list(options: RedisOptions) -> RedisTokenList:
    from jam_redis._lists import RedisTokenList

    return RedisTokenList(options)


def _async_token_list(options: RedisOptions) -> AsyncRedisTokenList:
    from jam_redis._lists import AsyncRedisTokenList

    return AsyncRedisTokenList(options)


@hookimpl
def jam_register_session_stores() -> Iterable[SessionStoreRecord]:
    """Register the ``redis`` session store (sync and asyncio)."""
    return [
        SessionStoreRecord(
            name="redis",
            options=RedisOptions,
            factory=_session_store,
            async_factory=_async_session_store,
            description="Redis standalone, Sentinel or Cluster; one round trip per operation",
        )
    ]


@hookimpl
def jam_register_token_lists() -> Iterable[TokenListRecord]:
    """Register the ``redis`` token list (sync and asyncio)."""
    return [
        TokenListRecord(
            name="redis",
            options=RedisOptions,
            factory=_token_list,
            async_factory=_async_token_list,
            description="Redis SET NX EX per token id; shared by every process",
        )
    ]
