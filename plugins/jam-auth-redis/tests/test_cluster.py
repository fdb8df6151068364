"""The contract suites against a real 3-master Redis Cluster on loopback, plus slot checks.

Routed ids put each user's sessions and index in one slot, and different users in
different slots (spread over the masters); untagged ids keep the legacy ``{prefix}`` slot.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

import pytest
import redis

import jam
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


class TestRoutedClusterSessionStore(SessionStoreContract):
    @pytest.fixture
    def store(self, cluster_options: RedisOptions, routed_ids: Any) -> Iterator[Any]:
        store = routed_ids[0](RedisSessionStore(cluster_options))
        yield store
        store.close()


class TestRoutedClusterAsyncSessionStore(AsyncSessionStoreContract):
    @pytest.fixture
    async def async_store(
        self, cluster_options: RedisOptions, routed_ids: Any
    ) -> AsyncIterator[Any]:
        store = routed_ids[1](AsyncRedisSessionStore(cluster_options))
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


def _client(redis_cluster: Any) -> redis.RedisCluster:
    return redis.RedisCluster(host="127.0.0.1", port=int(redis_cluster.seeds[0].split(":")[1]))


def test_users_spread_over_slots_and_masters(redis_cluster: Any, prefix: str) -> None:
    config = {"session": {"backend": "redis", "cluster": redis_cluster.seeds, "prefix": prefix}}
    auth = jam.Jam(config=config)
    client = _client(redis_cluster)
    try:
        users = [f"user-{i}@example.org" for i in range(20)]
        ids = {user: [auth.session_create(user, {"i": n}) for n in range(3)] for user in users}
        ids[users[0]].append(auth.session_rework(ids[users[0]].pop()))  # same slot after rework
        slot_of: dict[str, int] = {}
        for user, sids in ids.items():
            keys = [k.decode() for k in _keys_of(client, prefix, sids[0].split(".")[0])]
            assert len(keys) == len(sids) + 1  # the user's sessions + their index
            slots = {client.keyslot(key) for key in keys}
            assert len(slots) == 1, f"{user}: sessions and index span {slots}"
            slot_of[user] = slots.pop()
        masters = {
            client.get_node_from_key(f"{{{sid[0].split('.')[0]}}}").name for sid in ids.values()
        }
        assert len(set(slot_of.values())) >= 15  # 20 users: (nearly) all in different slots
        assert len(masters) >= 2
        for user in users:
            assert auth.session_clear(user) == 3
    finally:
        client.close()
        auth.close()


def _keys_of(client: redis.RedisCluster, prefix: str, tag: str) -> list[bytes]:
    return list(client.scan_iter(match=f"{prefix}:{{{tag}}}:*", target_nodes="all"))


def test_untagged_ids_share_the_legacy_slot(redis_cluster: Any, prefix: str) -> None:
    uri = f"redis://{redis_cluster.seeds[1]}/0"
    store = RedisSessionStore(RedisOptions(redis_uri=uri, cluster=True, prefix=prefix))
    for i in range(20):
        store.create(f"user-{i % 3}", f"sid-{i}", b"x", 60)
    store.rework("sid-0", "sid-new", None)
    client = _client(redis_cluster)
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
