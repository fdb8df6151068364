"""Fixtures that replace jamlib's fakeredis ones for its vendored tests (see README.md).

* ``redis_url`` and ``redis_prefix`` (``tests/jamlib_compat/conftest.py``): the
  shared Redis and a key prefix no other test uses. The instance tests use both.
* ``private_redis_url``: a private ``redis-server`` on a free loopback port,
  emptied before each test. jamlib's list tests write ``redis_uri`` into the
  configuration inside the test bodies, where no prefix can be added without
  editing them, and their tokens (no ``jti``, fixed payloads) have the same list
  id on every run: on the shared server, concurrent or repeated runs would see
  each other's entries.

jamlib's list modules also run ``TinyDB(":memory:")`` when they are imported,
which creates a file named ``:memory:`` in the working folder: those modules
are imported from a temporary folder (:func:`pytest_make_collect_report`).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest
import redis

HERE = Path(__file__).resolve().parent


def _ping(url: str) -> bool:
    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


@pytest.fixture(scope="session")
def _private_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is not installed (apt-get install redis-server)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    workdir = tmp_path_factory.mktemp("jamlib-redis")
    args = [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir"]
    proc = subprocess.Popen([*args, str(workdir)], stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 10
        while not _ping(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the private redis-server did not start")
            time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture
def private_redis_url(_private_redis: str) -> str:
    """URL of the private redis-server, emptied for this test."""
    client = redis.Redis.from_url(_private_redis)
    try:
        client.flushall()
    finally:
        client.close()
    return _private_redis


_IMPORT_DIR = tempfile.TemporaryDirectory(prefix="jamlib-tinydb-")


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Generator[None, object, object]:
    """Import jamlib's test modules from a scratch folder (their ``TinyDB(":memory:")``)."""
    if not isinstance(collector, pytest.Module) or HERE not in collector.path.parents:
        return (yield)
    cwd = Path.cwd()
    os.chdir(_IMPORT_DIR.name)
    try:
        return (yield)
    finally:
        os.chdir(cwd)


def pytest_unconfigure() -> None:
    """Close the TinyDB files jamlib's modules opened, then remove the scratch folder."""
    from tinydb import TinyDB

    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        table = getattr(module, "t", None)
        if path and HERE in Path(path).resolve().parents and isinstance(table, TinyDB):
            table.close()
    _IMPORT_DIR.cleanup()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Silence the DeprecationWarnings jamlib's tests cause on purpose (tested elsewhere)."""
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.filterwarnings("ignore::DeprecationWarning"))
