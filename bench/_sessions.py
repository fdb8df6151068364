"""Sessions: create/get/update/rework/clear on every store, sync and asyncio.

Jam sync rows go through ``jam.Jam``; async rows through ``jam.aio.Jam`` when it
exists, else through the :class:`jam.sessions.AsyncSessionEngine` that the
async facade wraps. The floor (Redis rows only) is one bare redis-py round
trip doing the same storage work: SET with EX for create/update, GET for get,
RENAME for rework and one DEL of 100 keys for clear. Round trips per Jam call
are counted by wrapping redis-py's ``send_packed_command``.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from typing import Any

from bench._timing import Params, Result, loop, measure_group

BACKENDS = ("memory", "sqlite", "redis")
CONCURRENT = 1000
OPS = ("create", "get", "update", "rework", "clear x100")


def _config(backend: str, tmp: str, redis_url: str, prefix: str) -> dict[str, Any]:
    table: dict[str, Any] = {"backend": backend, "default_ttl": 3600}
    if backend == "sqlite":
        table["path"] = os.path.join(tmp, "sessions.db")
    if backend == "redis":
        table["redis_uri"] = redis_url
        table["prefix"] = prefix
    return {"session": table}


def _sync_cases(api: Any, data: dict[str, Any]) -> dict[str, Callable[[int], Any]]:
    """Cases over an object with create/get/update/rework/clear (facade or engine)."""
    create, get, update, rework, clear = api
    sid = [create("user-1", data)]
    rework_id = [create("user-1", data)]

    def do_rework(n: int) -> None:
        current = rework_id[0]
        for _ in range(n):
            current = rework(current)
        rework_id[0] = current

    def do_clear(n: int) -> float:
        spent = 0.0
        for _ in range(n):
            for _ in range(100):
                create("user-clear", data)
            start = time.perf_counter()
            clear("user-clear")
            spent += time.perf_counter() - start
        return spent

    return {
        # Its own key: the sessions the other cases read are never evicted by the
        # max_sessions_per_key bound, and this key sits at the bound (each create also
        # evicts the key's oldest session: the steady state of a busy key).
        "create": loop(lambda: create("user-create", data)),
        "get": loop(lambda: get(sid[0])),
        "update": loop(lambda: update(sid[0], data)),
        "rework": do_rework,
        "clear x100": do_clear,
    }


def _async_cases(
    engine: Any, data: dict[str, Any], runner: asyncio.AbstractEventLoop
) -> dict[str, Callable[[int], Any]]:
    run = runner.run_until_complete
    sid = run(engine.create("user-1", data))
    rework_id = [run(engine.create("user-1", data))]

    def sequential(make: Callable[[], Any]) -> Callable[[int], None]:
        def case(n: int) -> None:
            async def many() -> None:
                for _ in range(n):
                    await make()

            run(many())

        return case

    def do_rework(n: int) -> None:
        async def many() -> None:
            for _ in range(n):
                rework_id[0] = await engine.rework(rework_id[0])

        run(many())

    def do_clear(n: int) -> float:
        async def many() -> float:
            spent = 0.0
            for _ in range(n):
                for _ in range(100):
                    await engine.create("user-clear", data)
                start = time.perf_counter()
                await engine.clear("user-clear")
                spent += time.perf_counter() - start
            return spent

        return run(many())

    return {
        "create": sequential(lambda: engine.create("user-create", data)),  # see _sync_cases
        "get": sequential(lambda: engine.get(sid)),
        "update": sequential(lambda: engine.update(sid, data)),
        "rework": do_rework,
        "clear x100": do_clear,
    }


def _floor_cases(
    redis_url: str, payload: bytes, runner: asyncio.AbstractEventLoop | None
) -> dict[str, Callable[[int], Any]]:
    import redis

    prefix = f"bench-floor-{uuid.uuid4().hex[:8]}:"
    if runner is None:
        client: Any = redis.Redis.from_url(redis_url)
        client.set(prefix + "s", payload, ex=3600)
        counter = [0]

        def rename(n: int) -> None:
            for _ in range(n):
                old, counter[0] = counter[0], counter[0] + 1
                client.rename(f"{prefix}r{old}", f"{prefix}r{counter[0]}")

        client.set(prefix + "r0", payload, ex=3600)
        keys = [f"{prefix}c{i}" for i in range(100)]

        def clear(n: int) -> float:
            spent = 0.0
            for _ in range(n):
                client.mset(dict.fromkeys(keys, payload))
                start = time.perf_counter()
                client.delete(*keys)
                spent += time.perf_counter() - start
            return spent

        return {
            "create": loop(lambda: client.set(prefix + uuid.uuid4().hex, payload, ex=3600)),
            "get": loop(lambda: client.get(prefix + "s")),
            "update": loop(lambda: client.set(prefix + "s", payload, ex=3600)),
            "rework": rename,
            "clear x100": clear,
        }
    import redis.asyncio as aredis

    aclient: Any = aredis.Redis.from_url(redis_url)
    run = runner.run_until_complete
    run(aclient.set(prefix + "s", payload, ex=3600))

    def sequential(make: Callable[[], Any]) -> Callable[[int], None]:
        def case(n: int) -> None:
            async def many() -> None:
                for _ in range(n):
                    await make()

            run(many())

        return case

    return {
        "create": sequential(lambda: aclient.set(prefix + uuid.uuid4().hex, payload, ex=3600)),
        "get": sequential(lambda: aclient.get(prefix + "s")),
        "update": sequential(lambda: aclient.set(prefix + "s", payload, ex=3600)),
    }


class RoundTrips:
    """Count redis-py ``send_packed_command`` calls (one per round trip; pipelines send once)."""

    def __init__(self) -> None:
        """Patch the sync connection class (restored by :meth:`restore`)."""
        from redis.connection import AbstractConnection

        self._cls = AbstractConnection
        self._original = AbstractConnection.send_packed_command
        self.count = 0
        original = self._original
        counter = self

        def counting(conn: Any, command: Any, check_health: bool = True) -> None:
            counter.count += 1
            original(conn, command, check_health)

        AbstractConnection.send_packed_command = counting  # type: ignore[method-assign]

    def measure(self, call: Callable[[], Any]) -> int:
        """Round trips made by ``call``."""
        before = self.count
        call()
        return self.count - before

    def restore(self) -> None:
        """Undo the patch."""
        self._cls.send_packed_command = self._original  # type: ignore[method-assign]


def _round_trips(auth: Any, data: dict[str, Any]) -> dict[str, int]:
    counter = RoundTrips()
    try:
        sid = auth.session_create("user-rt", data)
        trips = {
            "redis create": counter.measure(lambda: auth.session_create("user-rt", data)),
            "redis get": counter.measure(lambda: auth.session_get(sid)),
            "redis update": counter.measure(lambda: auth.session_update(sid, data)),
            "redis rework": counter.measure(lambda: auth.session_rework(sid)),
        }
        for _ in range(100):
            auth.session_create("user-rt-clear", data)
        trips["redis clear x100"] = counter.measure(lambda: auth.session_clear("user-rt-clear"))
        auth.session_clear("user-rt")
        return trips
    finally:
        counter.restore()


def _concurrency(
    sync_auth: Any,
    engine: Any,
    runner: asyncio.AbstractEventLoop,
    data: dict[str, Any],
    repeats: int,
) -> dict[str, Any]:
    """1,000 concurrent gets on the async engine vs 1,000 sequential sync gets."""
    sid = sync_auth.session_create("user-conc", data)

    async def burst() -> None:
        await asyncio.gather(*(engine.get(sid) for _ in range(CONCURRENT)))

    runner.run_until_complete(burst())  # warm the pool up
    sync_samples, async_samples = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(CONCURRENT):
            sync_auth.session_get(sid)
        sync_samples.append(CONCURRENT / (time.perf_counter() - start))
        start = time.perf_counter()
        runner.run_until_complete(burst())
        async_samples.append(CONCURRENT / (time.perf_counter() - start))
    sync_ops = statistics.median(sync_samples)
    async_ops = statistics.median(async_samples)
    return {
        "sync_ops": sync_ops,
        "async_ops": async_ops,
        "ratio": async_ops / sync_ops,
        "concurrent": CONCURRENT,
        "floor": _raw_concurrency(runner, repeats),
    }


def _raw_concurrency(runner: asyncio.AbstractEventLoop, repeats: int) -> dict[str, float]:
    """The same experiment with bare redis-py: what the client library itself allows."""
    import redis
    import redis.asyncio as aredis

    url = _REDIS_URL[0]
    client = redis.Redis.from_url(url)
    aclient = aredis.Redis.from_url(url, max_connections=CONCURRENT)
    key = f"bench-floor-{uuid.uuid4().hex[:8]}"
    client.set(key, b"x" * 64, ex=600)

    async def burst() -> None:
        await asyncio.gather(*(aclient.get(key) for _ in range(CONCURRENT)))

    runner.run_until_complete(burst())
    sync_samples, async_samples = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(CONCURRENT):
            client.get(key)
        sync_samples.append(CONCURRENT / (time.perf_counter() - start))
        start = time.perf_counter()
        runner.run_until_complete(burst())
        async_samples.append(CONCURRENT / (time.perf_counter() - start))
    runner.run_until_complete(aclient.aclose())
    client.close()
    sync_ops, async_ops = statistics.median(sync_samples), statistics.median(async_samples)
    return {"sync_ops": sync_ops, "async_ops": async_ops, "ratio": async_ops / sync_ops}


_REDIS_URL = ["redis://127.0.0.1:6379/13"]


def _async_engine(config: dict[str, Any]) -> tuple[Any, str]:
    from jam.aio import Jam as AsyncJam

    auth = AsyncJam(config=config)
    engine = type(
        "Facade",
        (),
        {
            "create": staticmethod(auth.session_create),
            "get": staticmethod(auth.session_get),
            "update": staticmethod(auth.session_update),
            "rework": staticmethod(auth.session_rework),
            "clear": staticmethod(auth.session_clear),
            "close": staticmethod(auth.aclose),
        },
    )()
    return engine, "jam.aio.Jam"


def bench_sessions(  # noqa: PLR0912, PLR0915  (one linear walk over backends x ops)
    params: Params, redis_url: str, data: dict[str, Any]
) -> tuple[list[Result], dict[str, Any]]:
    """Measure every session operation; return results and round-trip/concurrency facts."""
    import json

    import jam

    _REDIS_URL[0] = redis_url
    results: list[Result] = []
    extra: dict[str, Any] = {"round_trips": {}, "backends": []}
    payload = json.dumps(data).encode()
    runner = asyncio.new_event_loop()
    with tempfile.TemporaryDirectory(prefix="jam-bench-") as tmp:
        for backend in BACKENDS:
            prefix = f"jam-bench-{uuid.uuid4().hex[:8]}"
            config = _config(backend, tmp, redis_url, prefix)
            sync_cases: dict[str, Any] = {}
            async_cases: dict[str, Any] = {}
            errors: dict[str, str] = {}
            async_note = ""
            auth = engine = None
            try:
                auth = jam.Jam(config=config)
                sync_cases = _sync_cases(
                    (
                        auth.session_create,
                        auth.session_get,
                        auth.session_update,
                        auth.session_rework,
                        auth.session_clear,
                    ),
                    data,
                )
                extra["backends"].append(f"{backend}-sessions")
            except Exception as err:
                errors["jam"] = f"setup failed: {type(err).__name__}: {err}"[:300]
            try:
                engine, async_note = _async_engine(config)
                async_cases = _async_cases(engine, data, runner)
            except Exception as err:
                errors["jam (async)"] = f"setup failed: {type(err).__name__}: {err}"[:300]
            floors = async_floors = {}
            if backend == "redis":
                floors = _floor_cases(redis_url, payload, None)
                async_floors = _floor_cases(redis_url, payload, runner)
                if auth is not None:
                    try:
                        extra["round_trips"].update(_round_trips(auth, data))
                    except Exception as err:
                        extra["round_trips"]["error"] = f"{type(err).__name__}: {err}"[:300]
            for op in OPS:
                name = f"{backend} session {op}"
                cases = {"jam": sync_cases[op]} if op in sync_cases else {}
                if op in floors:
                    cases["floor"] = floors[op]
                results += measure_group("sessions", name, cases, params)
                results += (
                    [Result("sessions", name, "jam", error=errors["jam"])]
                    if "jam" in errors
                    else []
                )
                name = f"{backend} session {op} (async)"
                cases = {"jam": async_cases[op]} if op in async_cases else {}
                if op in async_floors:
                    cases["floor"] = async_floors[op]
                results += measure_group("sessions", name, cases, params, {"jam": async_note})
                if "jam (async)" in errors:
                    results.append(Result("sessions", name, "jam", error=errors["jam (async)"]))
            if backend == "redis" and auth is not None and engine is not None:
                try:
                    extra["concurrency"] = _concurrency(
                        auth, engine, runner, data, max(3, params.repeats)
                    )
                except Exception as err:
                    extra["concurrency"] = {"error": f"{type(err).__name__}: {err}"[:300]}
            if auth is not None:
                auth.close()
            if engine is not None:
                with contextlib.suppress(Exception):  # closing is best effort here
                    runner.run_until_complete(engine.close())
    runner.close()
    return results, extra
