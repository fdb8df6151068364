"""Outages on a real, private redis-server: killed, frozen, restarted.

While Redis is down every operation raises BackendUnavailable quickly (never
None, never a hang, never a reported success); after a restart on the same
port the same store objects work again.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from typing import TYPE_CHECKING, Any

import pytest

from jam.exceptions import BackendError, BackendUnavailable
from jam_redis import (
    AsyncRedisSessionStore,
    AsyncRedisTokenList,
    RedisOptions,
    RedisSessionStore,
    RedisTokenList,
)

if TYPE_CHECKING:
    from collections.abc import Callable

pytestmark = pytest.mark.redis

FAST = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5, "pool_timeout": 1.0}
"""Short timeouts so outage tests stay fast; the bound checked below is generous."""
BOUND = 3.0
"""No failing call may take longer than this (seconds)."""


def _fails_fast(call: Callable[[], Any]) -> BackendUnavailable:
    start = time.monotonic()
    with pytest.raises(BackendUnavailable) as info:
        call()
    assert time.monotonic() - start < BOUND
    return info.value


def _sync_ops(store: RedisSessionStore, tokens: RedisTokenList) -> list[Callable[[], Any]]:
    return [
        lambda: store.create("alice", "sid-new", b"x", 60),
        lambda: store.get("sid-1"),
        lambda: store.get_and_touch("sid-1", 60),
        lambda: store.update("sid-1", b"y", None),
        lambda: store.delete("sid-1"),
        lambda: store.rework("sid-1", "sid-2", None),
        lambda: store.list("alice"),
        lambda: store.clear("alice"),
        lambda: tokens.add("jti", 60),
        lambda: tokens.add_if_absent("jti", 60),
        lambda: tokens.contains("jti"),
        lambda: tokens.remove("jti"),
    ]


def test_killed_then_restarted_server(server_factory: Any, prefix: str) -> None:
    server = server_factory()
    options = RedisOptions(redis_uri=server.url, prefix=prefix, **FAST)
    store, tokens = RedisSessionStore(options), RedisTokenList(options)
    store.create("alice", "sid-1", b"before", 60)
    assert store.get("sid-1") == b"before"

    server.kill()
    for op in _sync_ops(store, tokens):
        err = _fails_fast(op)
        assert isinstance(err.__cause__, Exception)  # chained to the redis-py error

    server.start()  # same port, empty (no persistence)
    # the session "created" during the outage was never reported created, and is not there
    assert store.get("sid-new") is None
    store.create("alice", "sid-1", b"after", 60)
    assert store.get("sid-1") == b"after"
    assert store.list("alice") == ["sid-1"]
    assert tokens.add_if_absent("jti", 60) is True
    assert tokens.contains("jti") is True
    store.close()
    tokens.close()


def test_frozen_server_times_out_instead_of_hanging(server_factory: Any, prefix: str) -> None:
    server = server_factory()
    options = RedisOptions(redis_uri=server.url, prefix=prefix, **FAST)
    store = RedisSessionStore(options)
    store.create("alice", "sid-1", b"x", 60)
    os.kill(server.proc.pid, signal.SIGSTOP)
    try:
        _fails_fast(lambda: store.get("sid-1"))
        _fails_fast(lambda: store.create("alice", "sid-2", b"x", 60))
    finally:
        os.kill(server.proc.pid, signal.SIGCONT)
    assert store.get("sid-1") == b"x"
    store.close()


def test_nothing_listening_fails_fast(unused_port: int, prefix: str) -> None:
    options = RedisOptions(redis_uri=f"redis://127.0.0.1:{unused_port}/0", prefix=prefix, **FAST)
    store = RedisSessionStore(options)
    err = _fails_fast(lambda: store.get("sid"))
    assert "unavailable" in str(err)
    store.close()


async def test_async_killed_then_restarted_server(server_factory: Any, prefix: str) -> None:
    server = server_factory()
    options = RedisOptions(redis_uri=server.url, prefix=prefix, **FAST)
    store, tokens = AsyncRedisSessionStore(options), AsyncRedisTokenList(options)
    await store.create("alice", "sid-1", b"before", 60)

    server.kill()
    calls = [
        store.get("sid-1"),
        store.create("alice", "sid-new", b"x", 60),
        store.rework("sid-1", "sid-2", None),
        store.clear("alice"),
        tokens.add_if_absent("jti", 60),
        tokens.contains("jti"),
    ]
    start = time.monotonic()
    results = await asyncio.gather(*calls, return_exceptions=True)
    assert time.monotonic() - start < BOUND
    assert all(isinstance(result, BackendUnavailable) for result in results), results

    server.start()
    assert await store.get("sid-new") is None
    await store.create("alice", "sid-1", b"after", 60)
    assert await store.get("sid-1") == b"after"
    assert await tokens.add_if_absent("jti", 60) is True
    await store.close()
    await tokens.close()


def test_wrong_password_is_a_backend_error_without_the_password(
    server_factory: Any, prefix: str
) -> None:
    server = server_factory("--requirepass", "correct-horse-battery")
    wrong = f"redis://:wrong-pass-1234@127.0.0.1:{server.port}/0"
    store = RedisSessionStore(RedisOptions(redis_uri=wrong, prefix=prefix, **FAST))
    with pytest.raises(BackendError) as info:
        store.get("sid")
    assert not isinstance(info.value, BackendUnavailable)
    assert "wrong-pass-1234" not in str(info.value)
    assert "wrong-pass-1234" not in repr(store)
    store.close()

    right = f"redis://:correct-horse-battery@127.0.0.1:{server.port}/0"
    store = RedisSessionStore(RedisOptions(redis_uri=right, prefix=prefix, **FAST))
    store.create("alice", "sid", b"x", 60)
    assert store.get("sid") == b"x"
    store.close()


def test_password_option_overrides_uri(server_factory: Any, prefix: str) -> None:
    server = server_factory("--requirepass", "from-env-secret")
    options = RedisOptions(redis_uri=server.url, password="from-env-secret", prefix=prefix, **FAST)
    tokens = RedisTokenList(options)
    tokens.add("jti", 60)
    assert tokens.contains("jti") is True
    assert "from-env-secret" not in repr(options)
    tokens.close()
