"""Fixtures: real redis-server processes on loopback (never fakes), unique key prefixes.

* ``redis_url``: ``$JAM_TEST_REDIS_URL`` (default the local server on 6379); when
  nothing answers there, a private server is started for the session.
* ``server_factory``: start private ``redis-server`` processes (kill/restart them).
* ``redis_cluster``: a real 3-master Redis Cluster on free loopback ports.
* ``options``: `RedisOptions` with a unique prefix; keys are deleted afterwards.
* ``routed_ids``: adapters that run the contract suites on routed ids.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import redis

from jam_redis import RedisOptions

if TYPE_CHECKING:
    from collections.abc import Iterator

REDIS_SERVER = shutil.which("redis-server")
REDIS_CLI = shutil.which("redis-cli")
needs_server = pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server binary not found")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def free_cluster_port() -> int:
    """A free port whose cluster bus port (port + 10000) is free and valid too."""
    for _ in range(200):
        port = free_port()
        if port + 10000 > 65535:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port + 10000))
            except OSError:
                continue
        return port
    raise RuntimeError("no free port pair for a cluster node")


def _wait(check: Any, timeout: float = 10.0, what: str = "redis") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (redis.RedisError, OSError):
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not come up in {timeout}s")


class RedisServer:
    """One private redis-server subprocess (TCP port, or unix socket too)."""

    def __init__(self, workdir: Path, port: int | None = None, *extra: str) -> None:
        self.workdir = workdir
        self.port = port or free_port()
        self.extra = list(extra)
        self.proc: subprocess.Popen[bytes] | None = None
        workdir.mkdir(parents=True, exist_ok=True)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        assert REDIS_SERVER is not None
        args = [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1"]
        args += ["--save", "", "--appendonly", "no", "--daemonize", "no"]
        args += ["--dir", str(self.workdir), *self.extra]
        log = (self.workdir / "redis.log").open("ab")
        self.proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        _wait(self._answers, what=f"redis-server on {self.port}")
        return self

    def _answers(self) -> bool:
        """True once the server replies to PING at all (even NOAUTH counts)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64)[:1] in (b"+", b"-")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.proc = None

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_timeout=2, decode_responses=True)


@pytest.fixture
def server_factory(tmp_path: Path) -> Iterator[Any]:
    """Start private servers: ``server_factory(*extra_args)``; all are killed afterwards."""
    servers: list[RedisServer] = []

    def start(*extra: str) -> RedisServer:
        if REDIS_SERVER is None:
            pytest.skip("redis-server binary not found")
        server = RedisServer(tmp_path / f"redis-{len(servers)}", None, *extra).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.kill()


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a live Redis: $JAM_TEST_REDIS_URL, or a private server if none answers."""
    url = os.environ.get("JAM_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)
    try:
        client.ping()
        yield url
        return
    except redis.RedisError:
        if REDIS_SERVER is None:
            pytest.fail(f"no Redis at {url} and no redis-server binary to start one")
    finally:
        client.close()
    server = RedisServer(tmp_path_factory.mktemp("redis-main")).start()
    try:
        yield server.url
    finally:
        server.kill()


def purge(client: redis.Redis, prefix: str) -> None:
    """Delete every key of a test prefix (tests only: SCAN is fine here)."""
    for pattern in (f"{{{prefix}}}:*", f"{prefix}:*"):  # legacy, then routed/tokens/salt
        keys = list(client.scan_iter(match=pattern, count=1000))
        if keys:
            client.delete(*keys)


@pytest.fixture
def unused_port() -> int:
    """A loopback TCP port nothing listens on."""
    return free_port()


@pytest.fixture
def prefix() -> str:
    return f"jt-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def options(redis_url: str, prefix: str) -> Iterator[RedisOptions]:
    """Options for the shared server with a unique prefix; its keys are purged afterwards."""
    yield RedisOptions(redis_uri=redis_url, prefix=prefix, max_connections=20)
    client = redis.Redis.from_url(redis_url)
    try:
        purge(client, prefix)
    finally:
        client.close()


class RedisCluster:
    """A 3-master Redis Cluster of redis-server subprocesses on loopback."""

    def __init__(self, root: Path) -> None:
        self.nodes = [
            RedisServer(
                root / f"node-{i}",
                free_cluster_port(),
                "--cluster-enabled",
                "yes",
                "--cluster-config-file",
                str(root / f"node-{i}" / "nodes.conf"),
                "--cluster-node-timeout",
                "2000",
            )
            for i in range(3)
        ]

    @property
    def seeds(self) -> list[str]:
        return [f"127.0.0.1:{node.port}" for node in self.nodes]

    def start(self) -> RedisCluster:
        assert REDIS_CLI is not None
        for node in self.nodes:
            node.start()
        subprocess.run(
            [
                REDIS_CLI,
                "--cluster",
                "create",
                *self.seeds,
                "--cluster-replicas",
                "0",
                "--cluster-yes",
            ],
            check=True,
            capture_output=True,
            timeout=30,
        )
        for node in self.nodes:
            client = node.client()
            try:
                _wait(
                    lambda c=client: c.cluster("info").get("cluster_state") == "ok",
                    timeout=20,
                    what="cluster_state:ok",
                )
            finally:
                client.close()
        return self

    def stop(self) -> None:
        for node in self.nodes:
            node.kill()


@pytest.fixture(scope="session")
def redis_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisCluster]:
    """A real 3-master cluster for the whole session (skipped only without the binaries)."""
    if REDIS_SERVER is None or REDIS_CLI is None:
        pytest.skip("redis-server / redis-cli binaries not found")
    cluster = RedisCluster(tmp_path_factory.mktemp("cluster"))
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


class RoutedIds:
    """Run the contract suite on routed ids: contract id ``x`` becomes ``<route(key)>.x``.

    The suite makes ids without knowing their owner; the kernel makes routed
    ids. This adapter remembers each id's routed form, so every contract test
    exercises the per-user layout (``<prefix>:{<tag>}:...``) too.
    """

    def __init__(self, store: Any) -> None:
        self.store = store
        self.ids: dict[str, str] = {}

    def _routed(self, sid: str) -> str:
        return self.ids.get(sid, f"unseen.{sid}")

    def create(self, session_key: str, sid: str, data: bytes, ttl: int | None) -> None:
        self.ids[sid] = f"{self.store.route(session_key)}.{sid}"
        self.store.create(session_key, self.ids[sid], data, ttl)

    def get(self, sid: str) -> bytes | None:
        return self.store.get(self._routed(sid))  # type: ignore[no-any-return]

    def update(self, sid: str, data: bytes, ttl: int | None) -> bool:
        return self.store.update(self._routed(sid), data, ttl)  # type: ignore[no-any-return]

    def delete(self, sid: str) -> bool:
        return self.store.delete(self._routed(sid))  # type: ignore[no-any-return]

    def clear(self, session_key: str) -> int:
        return self.store.clear(session_key)  # type: ignore[no-any-return]

    def rework(self, old: str, new: str, ttl: int | None) -> bool:
        routed_old = self._routed(old)
        self.ids[new] = f"{routed_old.partition('.')[0]}.{new}"
        return self.store.rework(routed_old, self.ids[new], ttl)  # type: ignore[no-any-return]

    def list(self, session_key: str) -> list[str]:
        return [sid.partition(".")[2] for sid in self.store.list(session_key)]

    def close(self) -> None:
        self.store.close()


class AsyncRoutedIds(RoutedIds):
    """The asyncio twin of `RoutedIds`."""

    async def create(self, session_key: str, sid: str, data: bytes, ttl: int | None) -> None:  # type: ignore[override]
        self.ids[sid] = f"{await self.store.route(session_key)}.{sid}"
        await self.store.create(session_key, self.ids[sid], data, ttl)

    async def get(self, sid: str) -> bytes | None:  # type: ignore[override]
        return await self.store.get(self._routed(sid))  # type: ignore[no-any-return]

    async def update(self, sid: str, data: bytes, ttl: int | None) -> bool:  # type: ignore[override]
        return await self.store.update(self._routed(sid), data, ttl)  # type: ignore[no-any-return]

    async def delete(self, sid: str) -> bool:  # type: ignore[override]
        return await self.store.delete(self._routed(sid))  # type: ignore[no-any-return]

    async def clear(self, session_key: str) -> int:  # type: ignore[override]
        return await self.store.clear(session_key)  # type: ignore[no-any-return]

    async def rework(self, old: str, new: str, ttl: int | None) -> bool:  # type: ignore[override]
        routed_old = self._routed(old)
        self.ids[new] = f"{routed_old.partition('.')[0]}.{new}"
        return await self.store.rework(routed_old, self.ids[new], ttl)  # type: ignore[no-any-return]

    async def list(self, session_key: str) -> list[str]:  # type: ignore[override]
        return [sid.partition(".")[2] for sid in await self.store.list(session_key)]

    async def close(self) -> None:  # type: ignore[override]
        await self.store.close()


@pytest.fixture
def routed_ids() -> tuple[type[RoutedIds], type[AsyncRoutedIds]]:
    """The contract adapters (a fixture, so test modules need not import conftest)."""
    return RoutedIds, AsyncRoutedIds
