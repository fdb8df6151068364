"""Concurrent asyncio reads are coalesced into pipelines, with per-caller results and errors."""

from __future__ import annotations

import asyncio

import pytest
import redis

from jam.exceptions import BackendUnavailable
from jam_redis import AsyncRedisSessionStore, AsyncRedisTokenList, RedisOptions

pytestmark = pytest.mark.redis


async def test_concurrent_gets_each_get_their_own_session(options: RedisOptions) -> None:
    # 1,200 sessions of one key (more than one pipeline of 512): lift the default bound
    store = AsyncRedisSessionStore(options.model_copy(update={"max_sessions_per_key": 0}))
    tag = await store.route("alice")
    ids = [f"{tag}.session-{i:04d}" for i in range(1200)]
    await asyncio.gather(*(store.create("alice", sid, sid.encode(), 60) for sid in ids))
    values = await asyncio.gather(*(store.get(sid) for sid in [*ids, f"{tag}.missing"]))
    assert values[:-1] == [sid.encode() for sid in ids]
    assert values[-1] is None
    await store.clear("alice")
    await store.close()


async def test_concurrent_gets_share_a_connection(options: RedisOptions, redis_url: str) -> None:
    """Without batching, 300 concurrent gets would check out the whole pool (20)."""
    store = AsyncRedisSessionStore(options)
    tag = await store.route("bob")
    ids = [f"{tag}.s{i}" for i in range(300)]
    for sid in ids:
        await store.create("bob", sid, b"x", 60)
    client = redis.Redis.from_url(redis_url)
    client.ping()
    before = client.info("clients")["connected_clients"]
    calls_before = client.info("commandstats").get("cmdstat_hget", {}).get("calls", 0)
    assert await asyncio.gather(*(store.get(sid) for sid in ids)) == [b"x"] * 300
    assert client.info("commandstats")["cmdstat_hget"]["calls"] - calls_before == 300
    assert client.info("clients")["connected_clients"] - before <= 1
    await store.clear("bob")
    await store.close()
    client.close()


async def test_a_cancelled_reader_does_not_disturb_the_others(options: RedisOptions) -> None:
    tokens = AsyncRedisTokenList(options)
    await tokens.add("present", 60)
    first = asyncio.ensure_future(tokens.contains("present"))
    second = asyncio.ensure_future(tokens.contains("present"))
    third = asyncio.ensure_future(tokens.contains("absent"))
    first.cancel()
    assert await second is True
    assert await third is False
    assert first.cancelled()
    await tokens.remove("present")
    await tokens.close()


async def test_every_waiter_gets_a_typed_error_during_an_outage(unused_port: int) -> None:
    options = RedisOptions(
        redis_uri=f"redis://127.0.0.1:{unused_port}/0",
        socket_timeout=0.5,
        socket_connect_timeout=0.5,
        pool_timeout=1.0,
    )
    store = AsyncRedisSessionStore(options)
    results = await asyncio.gather(
        *(store.get(f"session-{i:02d}") for i in range(20)), return_exceptions=True
    )
    assert all(isinstance(result, BackendUnavailable) for result in results)
    assert len({id(result) for result in results}) == 20  # one exception object per caller
    await store.close()
