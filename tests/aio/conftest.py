"""Fixtures for the asyncio facade tests: backend tables, a real Redis, a facade factory.

* ``backend``: parametrised over ``memory`` and ``sqlite`` (a file in tmp_path).
* ``redis_url``: ``$JAM_TEST_REDIS_URL`` (default the local server on 6379); when
  nothing answers there, a private ``redis-server`` is started for the session.
* ``redis_prefix``: a unique key prefix per test; its keys are deleted afterwards.
* ``jwt_table``: ``[jwt]`` tables (HS256) with one secret for both facades.
* ``make_ajam``: builds :class:`jam.aio.Jam` objects and ``aclose``\\ s them after the test.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

from jam.aio import Jam

if TYPE_CHECKING:
    from pathlib import Path

SECRET = "an-hs256-secret-of-at-least-32-bytes!!"
"""HS256 key shared by the sync and async facades in these tests."""

BACKENDS = ("memory", "sqlite")


@pytest.fixture
def jwt_table() -> Callable[..., dict[str, Any]]:
    """``jwt_table(**extra)``: a ``[jwt]`` table signing HS256 with one shared secret."""

    def table(**extra: Any) -> dict[str, Any]:
        return {"alg": "HS256", "secret_key": SECRET, **extra}

    return table


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, Any]:
    """Backend keys for a token list: ``{"backend": "memory"}`` or sqlite with a fresh file."""
    if request.param == "sqlite":
        return {"backend": "sqlite", "path": str(tmp_path / "lists.db")}
    return {"backend": "memory"}


def _ping(url: str) -> bool:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a live Redis: $JAM_TEST_REDIS_URL, or a private server if none answers."""
    url = os.environ.get("JAM_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    if _ping(url):
        yield url
        return
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail(f"no Redis answers at {url} and no redis-server binary to start one")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    workdir = tmp_path_factory.mktemp("redis")
    args = [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir"]
    proc = subprocess.Popen([*args, str(workdir)], stdout=subprocess.DEVNULL)
    try:
        url = f"redis://127.0.0.1:{port}/0"
        deadline = time.monotonic() + 10
        while not _ping(url):
            if time.monotonic() > deadline:
                pytest.fail("redis-server did not start")
            time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture
def redis_prefix(redis_url: str) -> Iterator[str]:
    """A key prefix no other test uses; every key under it is deleted afterwards."""
    import redis

    prefix = f"jam-aio-{uuid.uuid4().hex[:12]}"
    yield prefix
    client = redis.Redis.from_url(redis_url)
    try:
        for pattern in (f"{{{prefix}}}:*", f"{prefix}:*"):
            keys = list(client.scan_iter(match=pattern, count=1000))
            if keys:
                client.delete(*keys)
    finally:
        client.close()


@pytest.fixture
async def make_ajam() -> AsyncIterator[Callable[..., Jam]]:
    """Build ``jam.aio.Jam`` objects from config tables; ``aclose`` every one afterwards."""
    built: list[Jam] = []

    def make(**config: Any) -> Jam:
        instance = Jam(config=config)
        built.append(instance)
        return instance

    yield make
    for instance in built:
        await instance.aclose()
