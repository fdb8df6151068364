"""``max_sessions_per_key`` on Redis: the shared contract, and what it bounds (the index).

``clear`` and ``list`` walk an owner's whole index in one Lua script; with 200,000
sessions of one key that held Redis for about a second. The bound keeps that index
(and so those scripts) small, in the create script itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
import redis

from jam.testing import LIMIT, SessionLimitContract
from jam_redis import RedisOptions, RedisSessionStore
from jam_redis._layout import EVICT_PER_CREATE

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = pytest.mark.redis


class TestRedisSessionLimit(SessionLimitContract):
    @pytest.fixture
    def limited_store(self, options: RedisOptions) -> Iterator[RedisSessionStore]:
        store = RedisSessionStore(options.model_copy(update={"max_sessions_per_key": LIMIT}))
        yield store
        store.close()


class TestRoutedRedisSessionLimit(SessionLimitContract):
    @pytest.fixture
    def limited_store(self, options: RedisOptions, routed_ids: Any) -> Iterator[Any]:
        plain, _ = routed_ids
        store = plain(RedisSessionStore(options.model_copy(update={"max_sessions_per_key": LIMIT})))
        yield store
        store.close()


class TestClusterSessionLimit(SessionLimitContract):
    @pytest.fixture
    def limited_store(self, redis_cluster: Any, prefix: str, routed_ids: Any) -> Iterator[Any]:
        plain, _ = routed_ids
        options = RedisOptions(
            cluster=redis_cluster.seeds, prefix=prefix, max_sessions_per_key=LIMIT
        )
        store = plain(RedisSessionStore(options))
        yield store
        store.close()


def _index_size(raw: redis.Redis, prefix: str) -> int:
    (index,) = list(raw.scan_iter(match=f"{prefix}:*:k:*"))
    return int(raw.zcard(index))


def test_every_backend_has_the_same_default_bound() -> None:
    from jam.builtin._memory_sessions import MemorySessionOptions
    from jam_sqlite import SQLiteOptions

    assert RedisOptions().max_sessions_per_key == 1000
    assert SQLiteOptions().max_sessions_per_key == 1000
    assert MemorySessionOptions().max_sessions_per_key == 1000


def test_index_never_grows_past_the_bound(options: RedisOptions, redis_url: str) -> None:
    store = RedisSessionStore(options.model_copy(update={"max_sessions_per_key": 50}))
    raw = redis.Redis.from_url(redis_url)
    tag = store.route("heavy")
    for i in range(400):
        store.create("heavy", f"{tag}.s{i}", b"x", 3600)
    assert _index_size(raw, options.prefix) == 50
    assert sorted(store.list("heavy")) == sorted(f"{tag}.s{i}" for i in range(350, 400))
    assert store.get(f"{tag}.s349") is None  # evicted sessions are deleted, not just unlisted
    assert store.clear("heavy") == 50
    store.close()
    raw.close()


def test_an_index_made_without_the_bound_shrinks_a_batch_per_create(
    options: RedisOptions, redis_url: str
) -> None:
    unbounded = RedisSessionStore(options.model_copy(update={"max_sessions_per_key": 0}))
    tag = unbounded.route("heavy")
    count = 10 + 2 * EVICT_PER_CREATE
    for i in range(count):
        unbounded.create("heavy", f"{tag}.s{i}", b"x", 3600 + i)
    unbounded.close()
    raw = redis.Redis.from_url(redis_url)
    assert _index_size(raw, options.prefix) == count
    bounded = RedisSessionStore(options.model_copy(update={"max_sessions_per_key": 10}))
    bounded.create("heavy", f"{tag}.new-1", b"x", 7200)
    assert _index_size(raw, options.prefix) == count + 1 - EVICT_PER_CREATE
    bounded.create("heavy", f"{tag}.new-2", b"x", 7200)
    bounded.create("heavy", f"{tag}.new-3", b"x", 7200)
    assert _index_size(raw, options.prefix) == 10
    assert {f"{tag}.new-1", f"{tag}.new-2", f"{tag}.new-3"} <= set(bounded.list("heavy"))
    bounded.close()
    raw.close()
