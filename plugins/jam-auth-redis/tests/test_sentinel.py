"""Sentinel: a real master and a real sentinel (``redis-server <conf> --sentinel``) on loopback.

Covers discovery of the master through the sentinel, sync and asyncio, and
the typed error for an unknown service. Failover itself is not exercised
(it needs replicas and several seconds of down-after time).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from typing import TYPE_CHECKING, Any

import pytest

from jam.exceptions import BackendUnavailable
from jam_redis import (
    AsyncRedisSessionStore,
    AsyncRedisTokenList,
    RedisOptions,
    RedisSessionStore,
    RedisTokenList,
)

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

pytestmark = pytest.mark.redis


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _knows_master(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"SENTINEL get-master-addr-by-name jammaster\r\n")
            return sock.recv(256).startswith(b"*2")
    except OSError:
        return False


@pytest.fixture
def sentinel(server_factory: Any, tmp_path: Path) -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server binary not found")
    master = server_factory()
    port = _port()
    conf = tmp_path / "sentinel.conf"
    conf.write_text(
        f"port {port}\nbind 127.0.0.1\ndir {tmp_path}\n"
        f"sentinel monitor jammaster 127.0.0.1 {master.port} 1\n"
        "sentinel down-after-milliseconds jammaster 5000\n"
    )
    log = (tmp_path / "sentinel.log").open("ab")
    proc = subprocess.Popen([binary, str(conf), "--sentinel"], stdout=log, stderr=log)
    log.close()
    try:
        deadline = time.monotonic() + 10
        while not _knows_master(port):
            assert time.monotonic() < deadline, "sentinel did not come up"
            time.sleep(0.05)
        yield f"127.0.0.1:{port}"
    finally:
        proc.kill()
        proc.wait(10)


async def test_sessions_and_tokens_through_sentinel(sentinel: str, prefix: str) -> None:
    options = RedisOptions(sentinels=[sentinel], sentinel_service="jammaster", prefix=prefix)
    assert options.mode == "sentinel"
    store, tokens = RedisSessionStore(options), RedisTokenList(options)
    store.create("alice", "sid", b"x", 60)
    assert store.get("sid") == b"x"
    assert store.rework("sid", "sid2", None) is True
    assert tokens.add_if_absent("jti", 60) is True
    store.close()
    tokens.close()

    async_store, async_tokens = AsyncRedisSessionStore(options), AsyncRedisTokenList(options)
    assert await async_store.get("sid2") == b"x"
    assert await async_store.list("alice") == ["sid2"]
    assert await async_tokens.contains("jti") is True
    assert await async_store.clear("alice") == 1
    await async_store.close()
    await async_tokens.close()


def test_unknown_service_is_unavailable(sentinel: str, prefix: str) -> None:
    options = RedisOptions(sentinels=[sentinel], sentinel_service="nosuchmaster", prefix=prefix)
    store = RedisSessionStore(options)
    with pytest.raises(BackendUnavailable):
        store.get("sid")
    store.close()
