"""The kernel's contract suites (jam.testing) against a real standalone Redis, sync and async.

Sessions run twice: with the suite's untagged ids (the legacy ``{prefix}`` layout) and
through `RoutedIds`, with ids routed like the kernel makes them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from jam.testing import (
    AsyncSessionStoreContract,
    AsyncTokenListContract,
    SessionStoreContract,
    TokenListContract,
)
from jam_redis import (
    AsyncRedisSessionStore,
    AsyncRedisTokenList,
    RedisSessionStore,
    RedisTokenList,
)

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator

    from jam_redis import RedisOptions

pytestmark = pytest.mark.redis


class TestRedisSessionStore(SessionStoreContract):
    @pytest.fixture
    def store(self, options: RedisOptions) -> Iterator[RedisSessionStore]:
        store = RedisSessionStore(options)
        yield store
        store.close()


class TestAsyncRedisSessionStore(AsyncSessionStoreContract):
    @pytest.fixture
    async def async_store(self, options: RedisOptions) -> AsyncIterator[AsyncRedisSessionStore]:
        store = AsyncRedisSessionStore(options)
        yield store
        await store.close()


class TestRoutedRedisSessionStore(SessionStoreContract):
    @pytest.fixture
    def store(self, options: RedisOptions, routed_ids: Any) -> Iterator[Any]:
        store = routed_ids[0](RedisSessionStore(options))
        yield store
        store.close()


class TestRoutedAsyncRedisSessionStore(AsyncSessionStoreContract):
    @pytest.fixture
    async def async_store(self, options: RedisOptions, routed_ids: Any) -> AsyncIterator[Any]:
        store = routed_ids[1](AsyncRedisSessionStore(options))
        yield store
        await store.close()


class TestRedisTokenList(TokenListContract):
    @pytest.fixture
    def token_list(self, options: RedisOptions) -> Iterator[RedisTokenList]:
        tokens = RedisTokenList(options)
        yield tokens
        tokens.close()


class TestAsyncRedisTokenList(AsyncTokenListContract):
    @pytest.fixture
    async def async_token_list(self, options: RedisOptions) -> AsyncIterator[AsyncRedisTokenList]:
        tokens = AsyncRedisTokenList(options)
        yield tokens
        await tokens.close()


def test_sessions_and_token_lists_with_one_prefix_do_not_collide(options: RedisOptions) -> None:
    """A token id equal to a session id is a different key: clearing one leaves the other."""
    store, tokens = RedisSessionStore(options), RedisTokenList(options)
    try:
        session_id = f"{store.route('alice')}.same-id"
        store.create("alice", session_id, b"data", 60)
        tokens.add(session_id, 60)
        assert store.get(session_id) == b"data"
        assert tokens.contains(session_id)
        assert store.clear("alice") == 1
        assert tokens.contains(session_id)
        tokens.remove(session_id)
        assert not tokens.contains(session_id)
    finally:
        store.close()
        tokens.close()
