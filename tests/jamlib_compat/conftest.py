"""Fixtures of the jamlib compatibility tests: the shared Redis and a unique key prefix.

* ``redis_url``: ``$JAM_TEST_REDIS_URL`` (default ``redis://127.0.0.1:6379/0``).
* ``redis_prefix``: a key prefix no other test uses; its keys are deleted afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import redis


def _ping(url: str) -> bool:
    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


def _purge(url: str, prefix: str) -> None:
    client = redis.Redis.from_url(url)
    try:
        for pattern in (f"{{{prefix}}}:*", f"{prefix}:*"):
            keys = list(client.scan_iter(match=pattern, count=1000))
            if keys:
                client.delete(*keys)
    finally:
        client.close()


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The shared Redis the rest of the suite uses."""
    url = os.environ.get("JAM_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    if not _ping(url):
        pytest.fail(f"no Redis answers at {url} (start redis-server, or set JAM_TEST_REDIS_URL)")
    return url


@pytest.fixture
def redis_prefix(redis_url: str) -> Iterator[str]:
    """A key prefix no other test uses; every key under it is deleted afterwards."""
    prefix = f"jamlib-compat-{uuid.uuid4().hex[:12]}"
    yield prefix
    _purge(redis_url, prefix)
