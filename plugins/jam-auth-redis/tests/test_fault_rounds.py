"""Faults under load on a private redis-server: killed (with AOF) and restarted, frozen.

Each test keeps calling the store while the server is killed with SIGKILL and
restarted, or stopped with SIGSTOP and continued, and records what every call
answered. It then proves, against the server's state afterwards:

* no call reported success for a write that did not happen (``appendfsync
  always`` makes every acknowledged write survive SIGKILL, so an acknowledged
  write that is missing after the restart would be a false success);
* no read returned another session's data (every value names its session),
  not even through a connection that timed out mid-reply, or a pipeline of
  coalesced asyncio reads;
* every failure was a typed ``BackendError`` (here ``BackendUnavailable``).

A write that failed is ambiguous (a frozen server may run it when it
resumes; a killed one may have persisted it before dying), and is allowed
either way. Each test prints its tally (``pytest -s``); docs/security.md
quotes them.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import threading
import time
from collections import Counter
from typing import TYPE_CHECKING, Any

import pytest

from jam.exceptions import BackendError, BackendUnavailable
from jam_redis import AsyncRedisSessionStore, RedisOptions, RedisSessionStore

if TYPE_CHECKING:
    from collections.abc import Callable

pytestmark = pytest.mark.redis

FAST = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5, "pool_timeout": 1.0}


def _data(sid: str, version: int) -> bytes:
    return f"data-of:{sid}:v{version}".encode()


def _owner_of(value: bytes) -> str:
    return value.decode().split(":")[1]


class Model:
    """What each session may hold, given what every call answered."""

    def __init__(self) -> None:
        self.allowed: dict[str, set[bytes | None]] = {}
        self.outcomes: Counter[str] = Counter()
        self.lock = threading.Lock()

    def call(self, name: str, work: Callable[[], Any]) -> tuple[bool, Any]:
        try:
            result = work()
        except BackendError as err:
            self.outcomes[f"{name} {type(err).__name__}"] += 1
            return False, None
        self.outcomes[f"{name} ok"] += 1
        return True, result

    def created(self, sid: str, ok: bool) -> None:
        with self.lock:
            self.allowed[sid] = {_data(sid, 0)} if ok else {None, _data(sid, 0)}

    def updated(self, sid: str, version: int, ok: bool, result: Any) -> None:
        with self.lock:
            if not ok:
                self.allowed[sid].add(_data(sid, version))
            elif result:
                self.allowed[sid] = {_data(sid, version)}
            else:
                assert None in self.allowed[sid], f"update of a known session said missing: {sid}"
                self.allowed[sid] = {None}

    def read(self, sid: str, value: bytes | None) -> None:
        if value is not None:
            assert _owner_of(value) == sid, "a read returned another session's data"
        with self.lock:
            assert value in self.allowed[sid], (sid, value, self.allowed[sid])


def test_sigkill_and_restart_lose_no_acknowledged_write(server_factory: Any, prefix: str) -> None:
    server = server_factory("--appendonly", "yes", "--appendfsync", "always")
    options = RedisOptions(redis_uri=server.url, prefix=prefix, max_sessions_per_key=0, **FAST)
    store = RedisSessionStore(options)
    tag = store.route("alice")  # the salt is written (and persisted) before the fault
    model = Model()

    def fault() -> None:
        time.sleep(0.8)
        server.kill()
        model.outcomes["server killed"] += 1
        time.sleep(1.0)
        server.start()
        model.outcomes["server restarted"] += 1

    killer = threading.Thread(target=fault)
    killer.start()
    rng = random.Random(7)
    index = 0
    deadline = time.monotonic() + 3.5
    while time.monotonic() < deadline or killer.is_alive():
        sid = f"{tag}.s{index}"
        ok, _ = model.call("create", lambda sid=sid: store.create("alice", sid, _data(sid, 0), 600))
        model.created(sid, ok)
        target = f"{tag}.s{rng.randrange(index + 1)}"
        version = index + 1
        ok, result = model.call(
            "update",
            lambda t=target, v=version: store.update(t, _data(t, v), None),
        )
        model.updated(target, version, ok, result)
        probe = f"{tag}.s{rng.randrange(index + 1)}"
        ok, value = model.call("get", lambda p=probe: store.get(p))
        if ok:
            model.read(probe, value)
        index += 1
    killer.join()
    for sid in model.allowed:  # after the restart, from the AOF
        model.read(sid, store.get(sid))
    store.close()
    failed = sum(n for name, n in model.outcomes.items() if not name.endswith(" ok"))
    assert model.outcomes["server restarted"] == 1
    assert failed > 2, model.outcomes  # the outage was seen
    kinds = {
        f"{op} {kind}"
        for op in ("create", "update", "get")
        for kind in ("ok", "BackendUnavailable")
    }
    assert set(model.outcomes) <= {"server killed", "server restarted", *kinds}, model.outcomes
    print(f"\nredis SIGKILL + restart (AOF always), {index} rounds: {dict(model.outcomes)}")


def _freeze(server: Any, rounds: int, model: Model) -> None:
    assert server.proc is not None
    for _ in range(rounds):
        time.sleep(0.4)
        os.kill(server.proc.pid, signal.SIGSTOP)
        model.outcomes["server frozen"] += 1
        time.sleep(1.2)  # longer than socket_timeout: calls time out mid-flight
        os.kill(server.proc.pid, signal.SIGCONT)


def test_sigstop_never_crosses_replies_between_threads(server_factory: Any, prefix: str) -> None:
    server = server_factory()
    options = RedisOptions(redis_uri=server.url, prefix=prefix, max_sessions_per_key=0, **FAST)
    store = RedisSessionStore(options)
    tag = store.route("alice")
    model = Model()
    seeded = [f"{tag}.seed{i}" for i in range(40)]
    for sid in seeded:
        store.create("alice", sid, _data(sid, 0), 600)
        model.created(sid, True)
    stop = threading.Event()

    def reader(seed: int) -> None:
        rng = random.Random(seed)
        while not stop.is_set():
            sid = rng.choice(seeded)
            ok, value = model.call("get", lambda s=sid: store.get(s))
            if ok:
                model.read(sid, value)

    def writer() -> None:
        index = 0
        while not stop.is_set():
            sid = f"{tag}.w{index}"
            ok, _ = model.call("create", lambda s=sid: store.create("alice", s, _data(s, 0), 600))
            model.created(sid, ok)
            index += 1

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(4)]
    threads.append(threading.Thread(target=writer))
    for thread in threads:
        thread.start()
    _freeze(server, 2, model)
    time.sleep(0.4)
    stop.set()
    for thread in threads:
        thread.join()
    time.sleep(0.2)  # writes queued in the frozen server have run by now
    for sid in model.allowed:
        model.read(sid, store.get(sid))
    store.close()
    assert model.outcomes["get BackendUnavailable"] > 0, model.outcomes
    assert model.outcomes["get ok"] > 0, model.outcomes
    print(f"\nredis SIGSTOP x2, 4 reader threads + 1 writer: {dict(model.outcomes)}")


async def test_sigstop_never_crosses_replies_between_tasks(
    server_factory: Any, prefix: str
) -> None:
    """Coalesced reads share pipelines: a frozen server must not mix their replies up."""
    server = server_factory()
    options = RedisOptions(redis_uri=server.url, prefix=prefix, max_sessions_per_key=0, **FAST)
    store = AsyncRedisSessionStore(options)
    tag = await store.route("alice")
    model = Model()
    seeded = [f"{tag}.seed{i}" for i in range(200)]
    for sid in seeded:
        await store.create("alice", sid, _data(sid, 0), 600)
        model.created(sid, True)
    stop = asyncio.Event()

    async def reader(seed: int) -> None:
        rng = random.Random(seed)
        while not stop.is_set():
            sid = rng.choice(seeded)
            try:
                value = await store.get(sid)
            except BackendUnavailable:
                model.outcomes["get BackendUnavailable"] += 1
                continue
            model.outcomes["get ok"] += 1
            model.read(sid, value)

    async def writer() -> None:
        index = 0
        while not stop.is_set():
            sid = f"{tag}.w{index}"
            try:
                await store.create("alice", sid, _data(sid, 0), 600)
                model.created(sid, True)
                model.outcomes["create ok"] += 1
            except BackendUnavailable:
                model.created(sid, False)
                model.outcomes["create BackendUnavailable"] += 1
            index += 1

    tasks = [asyncio.create_task(reader(i)) for i in range(50)]
    tasks.append(asyncio.create_task(writer()))
    await asyncio.to_thread(_freeze, server, 2, model)
    await asyncio.sleep(0.4)
    stop.set()
    await asyncio.gather(*tasks)
    await asyncio.sleep(0.2)
    for sid in model.allowed:
        model.read(sid, await store.get(sid))
    await store.close()
    assert model.outcomes["get BackendUnavailable"] > 0, model.outcomes
    assert model.outcomes["get ok"] > 0, model.outcomes
    print(f"\nredis SIGSTOP x2, 50 reader tasks + 1 writer (asyncio): {dict(model.outcomes)}")
