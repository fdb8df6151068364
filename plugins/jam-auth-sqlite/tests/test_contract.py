"""The sqlite session store and token list pass Jam's contract suites, sync and async."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
import pytest_asyncio

from jam.testing import (
    LIMIT,
    AsyncSessionStoreContract,
    AsyncTokenListContract,
    SessionLimitContract,
    SessionStoreContract,
    TokenListContract,
)
from jam_sqlite import SQLiteOptions
from jam_sqlite._lists import AsyncSQLiteTokenList, SQLiteTokenList
from jam_sqlite._sessions import AsyncSQLiteSessionStore, SQLiteSessionStore

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator
    from pathlib import Path


class TestSQLiteSessionStore(SessionStoreContract):
    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[SQLiteSessionStore]:
        store = SQLiteSessionStore(SQLiteOptions(path=tmp_path / "jam.db"))
        yield store
        store.close()


class TestAsyncSQLiteSessionStore(AsyncSessionStoreContract):
    @pytest_asyncio.fixture
    async def async_store(self, tmp_path: Path) -> AsyncIterator[AsyncSQLiteSessionStore]:
        store = AsyncSQLiteSessionStore(SQLiteOptions(path=tmp_path / "jam.db"))
        yield store
        await store.close()


class TestSQLiteTokenList(TokenListContract):
    @pytest.fixture
    def token_list(self, tmp_path: Path) -> Iterator[SQLiteTokenList]:
        tokens = SQLiteTokenList(SQLiteOptions(path=tmp_path / "jam.db"))
        yield tokens
        tokens.close()


class TestAsyncSQLiteTokenList(AsyncTokenListContract):
    @pytest_asyncio.fixture
    async def async_token_list(self, tmp_path: Path) -> AsyncIterator[AsyncSQLiteTokenList]:
        tokens = AsyncSQLiteTokenList(SQLiteOptions(path=tmp_path / "jam.db"))
        yield tokens
        await tokens.close()


class TestSQLiteSessionLimit(SessionLimitContract):
    @pytest.fixture
    def limited_store(self, tmp_path: Path) -> Iterator[SQLiteSessionStore]:
        options = SQLiteOptions(path=tmp_path / "jam.db", max_sessions_per_key=LIMIT)
        store = SQLiteSessionStore(options)
        yield store
        store.close()


def test_sessions_and_token_lists_share_one_file(tmp_path: Path) -> None:
    """The embedded default keeps both in one database file without interfering."""
    options = SQLiteOptions(path=tmp_path / "jam.db")
    store, tokens = SQLiteSessionStore(options), SQLiteTokenList(options)
    try:
        store.create("alice", "sid-1", b"data", 60)
        tokens.add("sid-1", 60)
        assert store.get("sid-1") == b"data"
        assert tokens.contains("sid-1")
        assert store.clear("alice") == 1
        assert tokens.contains("sid-1")  # clearing sessions leaves the list alone
        assert sorted(
            p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm"))
        ) == ["jam.db"]
    finally:
        store.close()
        tokens.close()
