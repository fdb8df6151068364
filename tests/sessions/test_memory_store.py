"""The built-in memory session store and token list pass the contract suites."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
import pytest_asyncio

from jam.builtin._memory_lists import AsyncMemoryTokenList, MemoryTokenList
from jam.builtin._memory_sessions import AsyncMemorySessionStore, MemorySessionStore
from jam.testing import (
    AsyncSessionStoreContract,
    AsyncTokenListContract,
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
