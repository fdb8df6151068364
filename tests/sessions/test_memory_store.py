"""The built-in memory session store and token list pass the contract suites."""

from __future__ import annotations

import time
import tracemalloc
from typing import TYPE_CHECKING

import pytest
import pytest_asyncio

from jam.builtin._memory_lists import AsyncMemoryTokenList, MemoryTokenList
from jam.builtin._memory_sessions import (
    AsyncMemorySessionStore,
    MemorySessionOptions,
    MemorySessionStore,
)
from jam.testing import (
    LIMIT,
    AsyncSessionStoreContract,
    AsyncTokenListContract,
    SessionLimitContract,
    SessionStoreContract,
    TokenListContract,
)

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator


class TestMemorySessionStore(SessionStoreContract):
    @pytest.fixture
    def store(self) -> Iterator[MemorySessionStore]:
        store = MemorySessionStore()
        yield store
        store.close()


class TestAsyncMemorySessionStore(AsyncSessionStoreContract):
    @pytest_asyncio.fixture
    async def async_store(self) -> AsyncIterator[AsyncMemorySessionStore]:
        store = AsyncMemorySessionStore()
        yield store
        await store.close()


class TestMemoryTokenList(TokenListContract):
    @pytest.fixture
    def token_list(self) -> Iterator[MemoryTokenList]:
        tokens = MemoryTokenList()
        yield tokens
        tokens.close()


class TestAsyncMemoryTokenList(AsyncTokenListContract):
    @pytest_asyncio.fixture
    async def async_token_list(self) -> AsyncIterator[AsyncMemoryTokenList]:
        tokens = AsyncMemoryTokenList()
        yield tokens
        await tokens.close()


def test_expired_sessions_are_purged_from_memory() -> None:
    store = MemorySessionStore()
    store.create("alice", "a", b"x", 0)
    store.create("alice", "b", b"x", 3600)
    assert store.list("alice") == ["b"]
    assert "a" not in store._entries


class TestMemorySessionLimit(SessionLimitContract):
    @pytest.fixture
    def limited_store(self) -> Iterator[MemorySessionStore]:
        store = MemorySessionStore(MemorySessionOptions(max_sessions_per_key=LIMIT))
        yield store
        store.close()


def test_reads_with_an_idle_timeout_do_not_grow_the_heap() -> None:
    """get_and_touch moves the expiry later without pushing a heap item (was: one per read)."""
    store = MemorySessionStore()
    store.create("alice", "sid", b"x", 60)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(100_000):
            assert store.get_and_touch("sid", 60) == b"x"
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(store._expiries) == 1
    assert grown < 100_000  # bytes; 100,000 heap items took about 9 MB


def test_updates_that_extend_the_expiry_do_not_grow_the_heap() -> None:
    store = MemorySessionStore()
    store.create("alice", "sid", b"x", 60)
    for ttl in range(61, 10_061):
        assert store.update("sid", b"y", ttl) is True
    assert len(store._expiries) == 1


def test_a_touched_session_outlives_its_first_deadline() -> None:
    """The heap item of the first deadline pops, sees the later expiry and is pushed again."""
    store = MemorySessionStore()
    store.create("alice", "sid", b"x", 1)
    assert store.get_and_touch("sid", 60) == b"x"
    time.sleep(1.1)
    store.create("bob", "other", b"y", 60)  # a create purges what is due
    assert store.get("sid") == b"x"
    assert store.list("alice") == ["sid"]
    assert sorted(sid for _, sid in store._expiries) == ["other", "sid"]


def test_a_shortened_expiry_is_still_purged() -> None:
    store = MemorySessionStore()
    store.create("alice", "sid", b"x", 60)
    assert store.get_and_touch("sid", 1) == b"x"
    time.sleep(1.1)
    store.create("bob", "other", b"y", 60)
    assert "sid" not in store._entries
    assert store.list("alice") == []


def test_stale_heap_items_are_bounded_by_deletes() -> None:
    """Deleted and reworked sessions leave heap items that a rebuild clears."""
    store = MemorySessionStore()
    for i in range(5_000):
        store.create("alice", f"s{i}", b"x", 60)
        store.delete(f"s{i}")
    assert len(store._expiries) <= 2 * len(store._entries) + 1025


def test_eviction_heap_of_a_busy_key_stays_bounded() -> None:
    """A key at the bound keeps a heap for eviction; deletes and touches do not grow it."""
    store = MemorySessionStore(MemorySessionOptions(max_sessions_per_key=10))
    for i in range(11):
        store.create("alice", f"s{i}", b"x", 3600 + i)  # the 11th builds the heap, evicts s0
    for i in range(11, 5011):
        store.create("alice", f"s{i}", b"x", 3600 + i)
        store.delete(f"s{i - 3}")
        store.get_and_touch(f"s{i - 1}", 7200)
    assert 0 < len(store.list("alice")) <= 10
    assert len(store._by_key.get("alice", [])) <= 2 * 10 + 64
