"""The contract suites against a real 3-master Redis Cluster on loopback, plus slot checks."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

import pytest
import redis

from jam.testing import (
    AsyncSessionStoreContract,
    AsyncTokenListContract,
    SessionStoreContract,
    TokenListContract,
)
from jam_redis import (
    AsyncRedisSessionStore,
    AsyncRedisTokenList,
    RedisOptions,
    RedisSessionStore,
    RedisTokenList,
)

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator

pytestmark = pytest.mark.redis


@pytest.fixture
def cluster_options(redis_cluster: Any, prefix: str) -> RedisOptions:
    """Seeds listed explicitly; ``cluster = true`` with a URI is tested below."""
    return RedisOptions(cluster=redis_cluster.seeds, prefix=prefix, max_connections=10)


class TestClusterSessionStore(SessionStoreContract):
    @pytest.fixture
    def store(self, cluster_options: RedisOptions) -> Iterator[RedisSessionStore]:
        store = RedisSessionStore(cluster_options)
        yield store
        store.close()


class TestClusterAsyncSessionStore(AsyncSessionStoreContract):
    @pytest.fixture
    async def async_store(
        self, cluster_options: RedisOptions
    ) -> AsyncIterator[AsyncRedisSessionStore]:
        store = AsyncRedisSessionStore(cluster_options)
        yield store
        await store.close()


class TestClusterTokenList(TokenListContract):
    @pytest.fixture
    def token_list(self, cluster_options: RedisOptions) -> Iterator[RedisTokenList]:
        tokens = RedisTokenList(cluster_options)
        yield tokens
        tokens.close()


class TestClusterAsyncTokenList(AsyncTokenListContract):
    @pytest.fixture
    async def async_token_list(
        self, cluster_options: RedisOptions
    ) -> AsyncIterator[AsyncRedisTokenList]:
        tokens = AsyncRedisTokenList(cluster_options)
        yield tokens
        await tokens.close()


def test_sessions_and_index_share_one_slot(redis_cluster: Any, prefix: str) -> None:
    uri = f"redis://{redis_cluster.seeds[1]}/0"
    store = RedisSessionStore(RedisOptions(redis_uri=uri, cluster=True, prefix=prefix))
    for i in range(20):
        store.create(f"user-{i % 3}", f"sid-{i}", b"x", 60)
    store.rework("sid-0", "sid-new", None)
    client = redis.RedisCluster(host="127.0.0.1", port=int(redis_cluster.seeds[0].split(":")[1]))
    try:
        keys = [k.decode() for k in client.scan_iter(match=f"{{{prefix}}}:*", target_nodes="all")]
        assert len(keys) == 20 + 3  # 20 sessions + one index per owner
        slots = {client.keyslot(key) for key in keys}
        assert slots == {client.keyslot(f"{{{prefix}}}")}
    finally:
        client.close()
    assert store.clear("user-0") == 7
    store.close()


def test_token_keys_spread_over_the_cluster(redis_cluster: Any, prefix: str) -> None:
    tokens = RedisTokenList(RedisOptions(cluster=redis_cluster.seeds, prefix=prefix))
    for i in range(60):
        tokens.add(f"jti-{i}", 60)
    client = redis.RedisCluster(host="127.0.0.1", port=int(redis_cluster.seeds[0].split(":")[1]))
    try:
        per_node = [
            len(list(node.redis_connection.scan_iter(match=f"{prefix}:t:*")))
            for node in client.get_primaries()
        ]
    finally:
        client.close()
    assert sum(per_node) == 60
    assert all(count > 0 for count in per_node)
    tokens.close()


async def test_cluster_async_pool_queues_callers(redis_cluster: Any, prefix: str) -> None:
    options = RedisOptions(cluster=redis_cluster.seeds, prefix=prefix, max_connections=4)
    store = AsyncRedisSessionStore(options)
    await store.create("alice", "sid", b"x", 60)
    results = await asyncio.gather(*(store.get("sid") for _ in range(1000)))
    assert results == [b"x"] * 1000
    await store.close()
