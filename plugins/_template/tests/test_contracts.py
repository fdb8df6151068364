"""The template's four capabilities pass Jam's contract suites (``jam.testing``).

Each suite is a class to subclass; the fixture you provide yields a fresh
object (or returns your record), and pytest runs every inherited test.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_asyncio

from jam.oauth2 import HTTPResponse
from jam.plugins import AlgorithmRecord, OAuth2ProviderRecord
from jam.testing import (
    AsyncSessionStoreContract,
    AsyncTokenListContract,
    OAuth2ProviderContract,
    SessionStoreContract,
    SigningAlgorithmContract,
    TokenListContract,
)
from jam_template import plugin
from jam_template._options import TemplateOptions
from jam_template._store import AsyncTemplateSessionStore, TemplateSessionStore
from jam_template._tokens import AsyncTemplateTokenList, TemplateTokenList


class TestAlgorithm(SigningAlgorithmContract):
    @pytest.fixture
    def algorithm_record(self) -> AlgorithmRecord:
        (record,) = plugin.jam_register_algorithms()
        return record


class TestSessionStore(SessionStoreContract):
    @pytest.fixture
    def store(self) -> Iterator[TemplateSessionStore]:
        store = TemplateSessionStore(TemplateOptions(purge_every=7))
        yield store
        store.close()


class TestAsyncSessionStore(AsyncSessionStoreContract):
    @pytest_asyncio.fixture
    async def async_store(self) -> AsyncIterator[AsyncTemplateSessionStore]:
        store = AsyncTemplateSessionStore(TemplateOptions(purge_every=7))
        yield store
        await store.close()


class TestTokenList(TokenListContract):
    @pytest.fixture
    def token_list(self) -> Iterator[TemplateTokenList]:
        tokens = TemplateTokenList(TemplateOptions(purge_every=7))
        yield tokens
        tokens.close()


class TestAsyncTokenList(AsyncTokenListContract):
    @pytest_asyncio.fixture
    async def async_token_list(self) -> AsyncIterator[AsyncTemplateTokenList]:
        tokens = AsyncTemplateTokenList(TemplateOptions(purge_every=7))
        yield tokens
        await tokens.close()


class TestProvider(OAuth2ProviderContract):
    @pytest.fixture
    def provider_record(self) -> OAuth2ProviderRecord:
        (record,) = plugin.jam_register_oauth2_providers()
        return record

    @pytest.fixture
    def userinfo_answers(self) -> list[HTTPResponse]:
        body = b'{"id": 42, "login": "alice", "mail": "alice@example.org", "mail_verified": true}'
        return [HTTPResponse(200, "application/json", body)]

    @pytest.fixture
    def expected_sub(self) -> str:
        return "42"


def test_the_suites_test_what_the_plugin_registers() -> None:
    # The classes above are what Jam builds from this plugin's records: a renamed
    # class or factory makes this fail instead of leaving a suite testing a stray.
    (stores,) = plugin.jam_register_session_stores()
    (tokens,) = plugin.jam_register_token_lists()
    assert stores.factory is not None and stores.async_factory is not None
    assert tokens.factory is not None and tokens.async_factory is not None
    options = TemplateOptions(purge_every=7)
    made = (
        stores.factory(options),
        stores.async_factory(options),
        tokens.factory(options),
        tokens.async_factory(options),
    )
    assert tuple(type(each) for each in made) == (
        TemplateSessionStore,
        AsyncTemplateSessionStore,
        TemplateTokenList,
        AsyncTemplateTokenList,
    )
