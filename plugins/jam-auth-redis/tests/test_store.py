"""Redis-specific behaviour of the session store: key layout, round trips, index hygiene."""

from __future__ import annotations

import asyncio
import secrets
import threading
import time
from typing import TYPE_CHECKING, Any

import pytest
import redis

from jam.exceptions import BackendUnavailable
from jam.sessions import AsyncSupportsGetAndTouch, SupportsGetAndTouch
from jam_redis import AsyncRedisSessionStore, RedisOptions, RedisSessionStore, RedisTokenList

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

pytestmark = pytest.mark.redis


@pytest.fixture
def store(options: RedisOptions) -> Iterator[RedisSessionStore]:
    store = RedisSessionStore(options)
    yield store
    store.close()


@pytest.fixture
def raw(redis_url: str) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(redis_url)
    yield client
    client.close()


def sid(store: RedisSessionStore, session_key: str) -> str:
    """A routed id for ``session_key``, shaped like the kernel's."""
    return f"{store.route(session_key)}.{secrets.token_urlsafe(32)}"


def index_of(store: RedisSessionStore, session_key: str) -> str:
    layout = store._keys.layout
    return layout.routed(store.route(session_key)).index(layout.owner(session_key))


def test_session_key_never_appears_in_redis(
    store: RedisSessionStore, raw: redis.Redis, prefix: str
) -> None:
    alice = sid(store, "alice@example.org")
    store.create("alice@example.org", alice, b"data", 60)
    keys = sorted(k.decode() for k in raw.scan_iter(match=f"{prefix}:*"))
    owner = store._keys.layout.owner("alice@example.org")
    route = store.route("alice@example.org")
    assert keys == [
        f"{prefix}:salt",
        f"{prefix}:{{{route}}}:k:{owner}",
        f"{prefix}:{{{route}}}:s:{alice}",
    ]
    assert raw.hgetall(keys[2]) == {b"o": owner.encode(), b"d": b"data"}
    dump = b"".join(raw.dump(k) or b"" for k in keys)
    assert b"alice" not in dump


def test_index_expires_with_its_longest_session(store: RedisSessionStore, raw: redis.Redis) -> None:
    short, long, forever, again = (sid(store, "alice") for _ in range(4))
    store.create("alice", short, b"x", 30)
    store.create("alice", long, b"x", 90)
    index = index_of(store, "alice")
    assert 85_000 < raw.pttl(index) <= 91_000
    store.create("alice", forever, b"x", None)
    assert raw.pttl(index) == -1  # a session without expiry keeps the index
    store.delete(forever)
    store.create("alice", again, b"x", 10)
    assert 85_000 < raw.pttl(index) <= 91_000


def test_expired_index_entries_are_trimmed_lazily(
    store: RedisSessionStore, raw: redis.Redis
) -> None:
    old, live, new = (sid(store, "alice") for _ in range(3))
    store.create("alice", old, b"x", 1)
    store.create("alice", live, b"x", 60)
    time.sleep(1.1)
    index = index_of(store, "alice")
    assert raw.zcard(index) == 2  # nothing scans in the background...
    store.create("alice", new, b"x", 60)
    assert sorted(raw.zrange(index, 0, -1)) == sorted([live.encode(), new.encode()])  # ...trims


def test_get_and_touch_extends_expiry_and_index(store: RedisSessionStore, raw: redis.Redis) -> None:
    assert isinstance(store, SupportsGetAndTouch)
    touched, other = sid(store, "alice"), sid(store, "alice")
    store.create("alice", touched, b"x", 1)
    assert store.get_and_touch(touched, 60) == b"x"
    assert store.get_and_touch(sid(store, "alice"), 60) is None
    time.sleep(1.1)
    assert store.get(touched) == b"x"
    store.create("alice", other, b"y", 60)  # trims expired index entries
    assert sorted(store.list("alice")) == sorted([other, touched])
    assert store.clear("alice") == 2


async def test_async_get_and_touch(options: RedisOptions) -> None:
    store = AsyncRedisSessionStore(options)
    assert isinstance(store, AsyncSupportsGetAndTouch)
    session_id = f"{await store.route('alice')}.x"
    await store.create("alice", session_id, b"x", 60)
    assert await store.get_and_touch(session_id, 120) == b"x"
    await store.close()


def test_clear_never_deletes_a_session_owned_by_someone_else(
    store: RedisSessionStore, raw: redis.Redis
) -> None:
    # a stale index entry (e.g. the id was re-created for another owner, or two owners share
    # a routing tag) is not trusted: the owner hash stored in the session decides
    layout = store._keys.layout
    for session_id, space in (("sid", layout.legacy), (sid(store, "alice"), None)):
        store.create("alice", session_id, b"a", 60)
        bob = layout.owner("bob")
        raw.zadd((space or layout.space(session_id)).index(bob), {session_id: "+inf"})
        raw.zadd(index_of(store, "bob"), {session_id: "+inf"})
        assert store.list("bob") == []
        assert store.clear("bob") == 0
        assert store.get(session_id) == b"a"


def test_repr_and_errors_hide_the_password(prefix: str, unused_port: int) -> None:
    uri = f"redis://user:top-secret-pw@127.0.0.1:{unused_port}/0"
    options = RedisOptions(redis_uri=uri, prefix=prefix, socket_connect_timeout=0.5)
    store = RedisSessionStore(options)
    with pytest.raises(BackendUnavailable) as info:
        store.get("sid")
    texts = [repr(options), str(options.model_dump()), repr(store), str(info.value)]
    assert all("top-secret-pw" not in text for text in texts)
    assert "redis://user:***@127.0.0.1" in str(info.value)
    store.close()


# -- round trips ------------------------------------------------------------------------------


class Monitor:
    """Counts the commands clients send (MONITOR lines not issued by Lua) on a private server."""

    def __init__(self, port: int) -> None:
        self.client = redis.Redis(port=port)
        self.marker = redis.Redis(port=port)
        self.marker.ping()  # connect now: its handshake must not land inside a count
        self.lines: list[dict[str, Any]] = []
        self._monitor = self.client.monitor()
        self._monitor.__enter__()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        for line in self._monitor.listen():
            self.lines.append(line)
            if line["command"] == "ECHO stop":
                return

    def count(self, call: Callable[[], Any]) -> list[str]:
        start = len(self.lines)
        call()
        self.marker.echo("mark")
        deadline = time.monotonic() + 5
        while not any(line["command"] == "ECHO mark" for line in self.lines[start:]):
            assert time.monotonic() < deadline
            time.sleep(0.01)
        seen = [line for line in self.lines[start:] if line["client_type"] != "lua"]
        return [line["command"].split()[0] for line in seen if line["command"] != "ECHO mark"]

    def close(self) -> None:
        self.client.echo("stop")
        self._thread.join(5)
        self.client.close()
        self.marker.close()


def test_every_operation_is_one_round_trip(server_factory: Any, prefix: str) -> None:
    server = server_factory()
    store = RedisSessionStore(RedisOptions(redis_uri=server.url, prefix=prefix))
    tokens = RedisTokenList(RedisOptions(redis_uri=server.url, prefix=prefix))
    tokens.contains("warm")  # opens a connection
    store.get("warm")
    for name in ("create", "update", "get_and_touch", "delete", "rework", "clear", "list"):
        store._conn.run("warm", lambda c, n=name: c.script_load(store_scripts()[n].source))
    monitor = Monitor(server.port)
    try:
        salt = monitor.count(lambda: store.route("alice"))  # once per store, then no I/O
        one, two = sid(store, "alice"), sid(store, "alice")
        operations: dict[str, Callable[[], Any]] = {
            "route": lambda: store.route("bob"),
            "create": lambda: store.create("alice", one, b"x", 60),
            "get": lambda: store.get(one),
            "get_and_touch": lambda: store.get_and_touch(one, 60),
            "update": lambda: store.update(one, b"y", 120),
            "rework": lambda: store.rework(one, two, None),
            "list": lambda: store.list("alice"),
            "delete": lambda: store.delete(two),
            "clear": lambda: store.clear("alice"),
            "legacy create": lambda: store.create("alice", "s1", b"x", 60),
            "legacy get": lambda: store.get("s1"),
            "legacy rework": lambda: store.rework("s1", "s2", None),
            "legacy delete": lambda: store.delete("s2"),
            "add": lambda: tokens.add("jti", 60),
            "add_if_absent": lambda: tokens.add_if_absent("jti2", 60),
            "contains": lambda: tokens.contains("jti"),
            "remove": lambda: tokens.remove("jti"),
        }
        sent = {name: monitor.count(call) for name, call in operations.items()}
    finally:
        monitor.close()
        store.close()
        tokens.close()
    assert salt == ["SET"]  # SET <prefix>:salt <random> NX GET
    assert sent.pop("route") == []
    assert all(len(commands) == 1 for commands in sent.values()), sent
    assert sent["get"] == ["HGET"]
    assert sent["add_if_absent"] == ["SET"]


def store_scripts() -> dict[str, Any]:
    from jam_redis._layout import SCRIPTS

    return SCRIPTS


# -- pools ------------------------------------------------------------------------------------


async def test_thousand_concurrent_async_gets_all_complete(options: RedisOptions) -> None:
    small = options.model_copy(update={"max_connections": 8})
    store = AsyncRedisSessionStore(small)
    await store.create("alice", "sid", b"x", 60)
    results = await asyncio.gather(*(store.get("sid") for _ in range(1000)))
    assert results == [b"x"] * 1000
    await store.close()


def test_sync_callers_queue_for_the_pool(options: RedisOptions) -> None:
    store = RedisSessionStore(options.model_copy(update={"max_connections": 2}))
    store.create("alice", "sid", b"x", 60)
    results: list[bytes | None] = []

    def work() -> None:
        for _ in range(25):
            results.append(store.get("sid"))

    threads = [threading.Thread(target=work) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [b"x"] * 400
    store.close()


# -- unix socket ------------------------------------------------------------------------------


async def test_unix_socket(server_factory: Any, tmp_path: Any, prefix: str) -> None:
    sock = tmp_path / "r.sock"
    server_factory("--unixsocket", str(sock), "--unixsocketperm", "700")
    options = RedisOptions(redis_uri=f"unix://{sock}?db=1", prefix=prefix)
    store = RedisSessionStore(options)
    store.create("alice", "sid", b"x", 60)
    assert store.list("alice") == ["sid"]
    store.close()
    async_store = AsyncRedisSessionStore(options)
    assert await async_store.get("sid") == b"x"
    assert await async_store.rework("sid", "sid2", None) is True
    await async_store.close()
    tokens = RedisTokenList(options)
    assert tokens.add_if_absent("jti", 60) is True
    tokens.close()
    check = redis.Redis(unix_socket_path=str(sock), db=1)  # untagged ids: the legacy layout
    assert check.exists(f"{{{prefix}}}:s:sid2") == 1
    check.close()
