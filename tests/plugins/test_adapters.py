"""``jam.plugins.inline_async`` and ``threaded_async``: asyncio classes made from sync stores."""

from __future__ import annotations

import asyncio
import inspect
import threading
import time
from typing import Any

import pytest

from jam.builtin._memory_lists import AsyncMemoryTokenList, MemoryTokenList
from jam.builtin._memory_sessions import AsyncMemorySessionStore, MemorySessionStore
from jam.exceptions import BackendError, JamPluginRegistrationError
from jam.plugins import inline_async, threaded_async
from jam.plugins._adapters import AsyncAdapter, method_names
from jam.protocols import (
    AsyncSessionStore,
    AsyncSupportsGetAndTouch,
    AsyncSupportsRoutedIds,
    AsyncTokenList,
)
from jam_sqlite import SQLiteOptions
from jam_sqlite._lists import AsyncSQLiteTokenList, SQLiteTokenList
from jam_sqlite._sessions import AsyncSQLiteSessionStore, SQLiteSessionStore

PAIRS = [
    (MemorySessionStore, AsyncMemorySessionStore),
    (MemoryTokenList, AsyncMemoryTokenList),
    (SQLiteSessionStore, AsyncSQLiteSessionStore),
    (SQLiteTokenList, AsyncSQLiteTokenList),
]


class Recorder(MemoryTokenList):
    """A token list that records the thread of each call and can be slowed down."""

    def __init__(self, delay: float = 0.0, *, label: str = "x") -> None:
        super().__init__()
        self.delay = delay
        self.label = label
        self.threads: list[str] = []
        self.running = 0
        self.most_at_once = 0
        self.done: list[str] = []
        self.closed = False
        self._count = threading.Lock()

    def contains(self, token_id: str) -> bool:
        with self._count:
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        self.threads.append(threading.current_thread().name)
        time.sleep(self.delay)
        with self._count:
            self.running -= 1
        self.done.append(token_id)
        return super().contains(token_id)

    def add(self, token_id: str, ttl: int | None = 60, *, note: str = "") -> None:
        super().add(token_id + note, ttl)

    def stats(self, verbose: bool = False) -> str:
        """An extra public method: adapted too."""
        return f"{self.label}:{verbose}"

    def close(self) -> None:
        self.closed = True
        super().close()


AsyncRecorder = threaded_async(Recorder, workers=2, name="jam-test-pool")
InlineRecorder = inline_async(Recorder)


@pytest.mark.parametrize(("sync", "made"), PAIRS, ids=lambda c: c.__name__)
def test_made_methods_mirror_the_sync_class(sync: type, made: type) -> None:
    assert made.__name__ == f"Async{sync.__name__}"
    assert issubclass(made, AsyncAdapter)
    for name in method_names(sync):
        method = getattr(made, name)
        original = getattr(sync, name)
        assert inspect.iscoroutinefunction(method), name
        assert inspect.signature(method) == inspect.signature(original), name
        assert method.__doc__ == f"See :meth:`{sync.__name__}.{name}`."
        assert method.__qualname__ == f"{made.__name__}.{name}"
    assert inspect.signature(made.__init__) == inspect.signature(sync.__init__)


def test_methods_come_from_the_protocols_plus_public_extras() -> None:
    assert method_names(MemorySessionStore) == [
        "create",
        "get",
        "update",
        "delete",
        "clear",
        "rework",
        "list",
        "close",
        "get_and_touch",
    ]
    assert method_names(MemoryTokenList) == ["add", "add_if_absent", "contains", "remove", "close"]
    assert "purge" in method_names(SQLiteSessionStore)
    assert method_names(Recorder)[-1] == "stats"


def test_made_classes_implement_the_async_protocols(tmp_path: Any) -> None:
    store = AsyncMemorySessionStore()
    assert isinstance(store, AsyncSessionStore)
    assert isinstance(store, AsyncSupportsGetAndTouch)
    assert not isinstance(store, AsyncSupportsRoutedIds)
    assert isinstance(AsyncMemoryTokenList(), AsyncTokenList)
    sqlite = AsyncSQLiteSessionStore(SQLiteOptions(path=tmp_path / "jam.db"))
    assert isinstance(sqlite, AsyncSupportsGetAndTouch)
    assert isinstance(sqlite.sync, SQLiteSessionStore)


def test_a_routing_store_gets_an_async_route() -> None:
    class Routed(MemorySessionStore):
        def route(self, session_key: str) -> str:
            return "tag"

    made = inline_async(Routed)
    assert inspect.iscoroutinefunction(made.route)
    assert isinstance(made(), AsyncSupportsRoutedIds)


async def test_inline_calls_run_on_the_loop_thread_with_every_argument_form() -> None:
    tokens = InlineRecorder(label="inline")
    await tokens.add("a")  # default ttl
    await tokens.add("b", ttl=None, note="-n")  # keyword and keyword-only
    assert await tokens.contains("a") is True
    assert await tokens.contains("b-n") is True
    assert tokens.sync.threads == [threading.current_thread().name] * 2
    assert await tokens.stats(verbose=True) == "inline:True"
    await tokens.close()
    assert tokens.sync.closed is True


def test_the_made_class_lives_beside_the_sync_class() -> None:
    assert InlineRecorder.__module__ == Recorder.__module__
    assert AsyncRecorder.__qualname__ == "AsyncRecorder"
    assert AsyncRecorder.contains.__module__ == Recorder.__module__


def test_constructor_arguments_go_to_the_sync_class() -> None:
    tokens = InlineRecorder(0.5, label="given")
    assert tokens.sync.delay == 0.5
    assert tokens.sync.label == "given"
    assert repr(tokens).startswith("AsyncRecorder(")


async def test_threaded_calls_never_run_on_the_loop_and_use_a_bounded_pool() -> None:
    tokens = AsyncRecorder(0.05)
    await tokens.add("t", ttl=60)
    results = await asyncio.gather(*(tokens.contains("t") for _ in range(8)))
    assert results == [True] * 8
    loop_thread = threading.current_thread().name
    assert loop_thread not in tokens.sync.threads
    assert all(name.startswith("jam-test-pool") for name in tokens.sync.threads)
    assert tokens.sync.most_at_once == 2  # workers=2: never more at once
    await tokens.close()


async def test_threaded_close_lets_queued_calls_finish_then_refuses() -> None:
    tokens = AsyncRecorder(0.05)
    pending = [asyncio.ensure_future(tokens.contains(f"id-{i}")) for i in range(6)]
    await asyncio.sleep(0)  # the calls are queued on the pool
    await asyncio.gather(tokens.close(), tokens.close())  # concurrent closes both wait
    assert sorted(tokens.sync.done) == sorted(f"id-{i}" for i in range(6))
    assert tokens.sync.closed is True
    assert await asyncio.gather(*pending) == [False] * 6  # each queued call got its answer
    with pytest.raises(BackendError, match="closed"):
        await tokens.contains("late")
    await tokens.close()  # idempotent


async def test_threaded_errors_reach_the_caller_unchanged(tmp_path: Any) -> None:
    store = AsyncSQLiteSessionStore(SQLiteOptions(path=tmp_path / "jam.db"))
    await store.close()
    with pytest.raises(BackendError, match="closed"):
        await store.get("sid")


def test_a_class_that_is_no_store_is_refused() -> None:
    class Half:
        def get(self, session_id: str) -> bytes | None:
            return None

    with pytest.raises(JamPluginRegistrationError, match=r"SessionStore lacks create.*TokenList"):
        inline_async(Half)
    with pytest.raises(JamPluginRegistrationError, match="not a session store"):
        threaded_async(Half)


@pytest.mark.parametrize("workers", [0, -1, True, 2.5])
def test_threaded_workers_must_be_a_positive_integer(workers: Any) -> None:
    with pytest.raises(JamPluginRegistrationError, match="workers"):
        threaded_async(MemoryTokenList, workers=workers)


async def test_a_made_class_can_be_subclassed() -> None:
    class Counting(AsyncMemorySessionStore):  # type: ignore[misc, valid-type]
        async def get(self, session_id: str) -> bytes | None:
            self.reads = getattr(self, "reads", 0) + 1
            return await super().get(session_id)

    store = Counting()
    await store.create("alice", "sid", b"x", 60)
    assert await store.get("sid") == b"x"
    assert store.reads == 1
