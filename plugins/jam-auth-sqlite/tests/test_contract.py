"""The sqlite session store and token list pass Jam's contract suites, sync and async."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
import pytest_asyncio

from jam.testing import (
    AsyncSessionStoreContract,
    AsyncTokenListContract,
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
