"""Contract suites for token lists (`jam.protocols.TokenList` and its async twin).

Subclass `TokenListContract` with a ``token_list`` fixture, or
`AsyncTokenListContract` with an ``async_token_list`` fixture; each
fixture yields a fresh, empty list.
"""

# The suites are pytest tests run by plugin authors: assert is how they report failure.
# ruff: noqa: S101

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from jam.exceptions import BackendError
from jam.protocols import AsyncTokenList, TokenList
from jam.testing._support import (
    EXPIRY_SLEEP,
    LONG_TTL,
    NOT_TEXT,
    ODD_KEYS,
    SHORT_TTL,
    new_token_id,
)

__all__ = ["AsyncTokenListContract", "TokenListContract"]

RACERS = 8
"""Threads or tasks racing in the ``add_if_absent`` tests."""


class TokenListContract:
    """Behaviour every `TokenList` must have.

    Example:
        ```python
        class TestMyList(TokenListContract):
            @pytest.fixture
            def token_list(self):
                tokens = MyList(MyOptions())
                yield tokens
                tokens.close()
        ```
    """

    def test_list_implements_the_protocol(self, token_list: TokenList) -> None:
        """The list has every method of the protocol."""
        assert isinstance(token_list, TokenList)

    def test_add_then_contains(self, token_list: TokenList) -> None:
        """An added id is contained; others are not."""
        token = new_token_id()
        token_list.add(token, LONG_TTL)
        assert token_list.contains(token) is True
        assert token_list.contains(new_token_id()) is False

    def test_add_without_ttl_is_kept(self, token_list: TokenList) -> None:
        """``ttl=None`` keeps the id until removed."""
        token = new_token_id()
        token_list.add(token, None)
        assert token_list.contains(token) is True

    def test_remove_forgets_and_tolerates_missing(self, token_list: TokenList) -> None:
        """``remove`` forgets an id; removing a missing id is not an error."""
        token = new_token_id()
        token_list.add(token, LONG_TTL)
        token_list.remove(token)
        assert token_list.contains(token) is False
        token_list.remove(token)
        token_list.remove(new_token_id())

    def test_add_if_absent_only_first_wins(self, token_list: TokenList) -> None:
        """The first ``add_if_absent`` is True, repeats are False until removed."""
        token = new_token_id()
        assert token_list.add_if_absent(token, LONG_TTL) is True
        assert token_list.add_if_absent(token, LONG_TTL) is False
        assert token_list.contains(token) is True
        token_list.remove(token)
        assert token_list.add_if_absent(token, LONG_TTL) is True

    def test_add_if_absent_refuses_id_added_by_add(self, token_list: TokenList) -> None:
        """``add`` and ``add_if_absent`` see the same entries."""
        token = new_token_id()
        token_list.add(token, LONG_TTL)
        assert token_list.add_if_absent(token, LONG_TTL) is False

    def test_add_if_absent_race_has_exactly_one_winner(self, token_list: TokenList) -> None:
        """Threads racing on one id: exactly one gets True."""
        token = new_token_id()
        barrier = threading.Barrier(RACERS)
        results: list[bool] = []
        lock = threading.Lock()

        def race() -> None:
            barrier.wait()
            won = token_list.add_if_absent(token, LONG_TTL)
            with lock:
                results.append(won)

        threads = [threading.Thread(target=race) for _ in range(RACERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(results) == [False] * (RACERS - 1) + [True]

    def test_entries_expire(self, token_list: TokenList) -> None:
        """After its ttl an id is gone and ``add_if_absent`` can take it again."""
        short, long_ = new_token_id(), new_token_id()
        token_list.add(short, SHORT_TTL)
        token_list.add(long_, LONG_TTL)
        time.sleep(EXPIRY_SLEEP)
        assert token_list.contains(short) is False
        assert token_list.contains(long_) is True
        assert token_list.add_if_absent(short, LONG_TTL) is True

    def test_add_again_replaces_ttl(self, token_list: TokenList) -> None:
        """Re-adding an id sets its new lifetime."""
        token = new_token_id()
        token_list.add(token, SHORT_TTL)
        token_list.add(token, LONG_TTL)
        time.sleep(EXPIRY_SLEEP)
        assert token_list.contains(token) is True

    def test_odd_ids_are_kept_apart(self, token_list: TokenList) -> None:
        """Empty, long, NUL, newline, glob, separator and non-ASCII ids: verbatim, isolated."""
        for token in ODD_KEYS[::2]:
            token_list.add(token, LONG_TTL)
        for index, token in enumerate(ODD_KEYS):
            assert token_list.contains(token) is (index % 2 == 0), repr(token[:20])
        for token in ODD_KEYS[1::2]:
            assert token_list.add_if_absent(token, LONG_TTL) is True, repr(token[:20])
        for token in ODD_KEYS[::2]:
            token_list.remove(token)
        for index, token in enumerate(ODD_KEYS):
            assert token_list.contains(token) is (index % 2 == 1), repr(token[:20])

    @pytest.mark.parametrize("bad", NOT_TEXT, ids=["lone-high", "lone-low"])
    def test_text_that_is_not_utf8_is_refused(self, token_list: TokenList, bad: str) -> None:
        """An id with a lone surrogate: BackendError from every method, nothing written."""
        for call in (
            lambda: token_list.add(bad, LONG_TTL),
            lambda: token_list.add_if_absent(bad, LONG_TTL),
            lambda: token_list.contains(bad),
            lambda: token_list.remove(bad),
        ):
            with pytest.raises(BackendError):
                call()
        assert token_list.add_if_absent(bad.encode("utf-8", "replace").decode(), LONG_TTL) is True

    def test_close_is_idempotent(self, token_list: TokenList) -> None:
        """Closing twice is not an error."""
        token_list.close()
        token_list.close()


@pytest.mark.asyncio
class AsyncTokenListContract:
    """Behaviour every `AsyncTokenList` must have.

    Example:
        ```python
        class TestMyAsyncList(AsyncTokenListContract):
            @pytest_asyncio.fixture
            async def async_token_list(self):
                tokens = MyAsyncList(MyOptions())
                yield tokens
                await tokens.close()
        ```
    """

    async def test_list_implements_the_protocol(self, async_token_list: AsyncTokenList) -> None:
        """The list has every method of the protocol."""
        assert isinstance(async_token_list, AsyncTokenList)

    async def test_add_contains_remove(self, async_token_list: AsyncTokenList) -> None:
        """Add, check, remove; removing twice or a missing id is not an error."""
        token = new_token_id()
        await async_token_list.add(token, LONG_TTL)
        assert await async_token_list.contains(token) is True
        assert await async_token_list.contains(new_token_id()) is False
        await async_token_list.remove(token)
        assert await async_token_list.contains(token) is False
        await async_token_list.remove(token)

    async def test_add_without_ttl_is_kept(self, async_token_list: AsyncTokenList) -> None:
        """``ttl=None`` keeps the id until removed."""
        token = new_token_id()
        await async_token_list.add(token, None)
        assert await async_token_list.contains(token) is True

    async def test_add_if_absent_only_first_wins(self, async_token_list: AsyncTokenList) -> None:
        """The first ``add_if_absent`` is True, repeats are False until removed."""
        token = new_token_id()
        assert await async_token_list.add_if_absent(token, LONG_TTL) is True
        assert await async_token_list.add_if_absent(token, LONG_TTL) is False
        await async_token_list.remove(token)
        assert await async_token_list.add_if_absent(token, LONG_TTL) is True
        other = new_token_id()
        await async_token_list.add(other, LONG_TTL)
        assert await async_token_list.add_if_absent(other, LONG_TTL) is False

    async def test_add_if_absent_race_has_exactly_one_winner(
        self, async_token_list: AsyncTokenList
    ) -> None:
        """Tasks racing on one id with ``asyncio.gather``: exactly one gets True."""
        token = new_token_id()
        results = await asyncio.gather(
            *(async_token_list.add_if_absent(token, LONG_TTL) for _ in range(RACERS * 2))
        )
        assert sorted(results) == [False] * (RACERS * 2 - 1) + [True]

    async def test_entries_expire_and_readd_replaces_ttl(
        self, async_token_list: AsyncTokenList
    ) -> None:
        """A short-lived id expires; re-adding with a longer ttl keeps it."""
        short, readded = new_token_id(), new_token_id()
        await async_token_list.add(short, SHORT_TTL)
        await async_token_list.add(readded, SHORT_TTL)
        await async_token_list.add(readded, LONG_TTL)
        await asyncio.sleep(EXPIRY_SLEEP)
        assert await async_token_list.contains(short) is False
        assert await async_token_list.contains(readded) is True
        assert await async_token_list.add_if_absent(short, LONG_TTL) is True

    async def test_odd_ids_are_kept_apart(self, async_token_list: AsyncTokenList) -> None:
        """Empty, long, NUL, newline, glob, separator and non-ASCII ids: verbatim, isolated."""
        for token in ODD_KEYS[::2]:
            await async_token_list.add(token, LONG_TTL)
        for index, token in enumerate(ODD_KEYS):
            assert await async_token_list.contains(token) is (index % 2 == 0), repr(token[:20])
        for token in ODD_KEYS[1::2]:
            assert await async_token_list.add_if_absent(token, LONG_TTL) is True
        for token in ODD_KEYS[::2]:
            await async_token_list.remove(token)
        for index, token in enumerate(ODD_KEYS):
            assert await async_token_list.contains(token) is (index % 2 == 1), repr(token[:20])

    @pytest.mark.parametrize("bad", NOT_TEXT, ids=["lone-high", "lone-low"])
    async def test_text_that_is_not_utf8_is_refused(
        self, async_token_list: AsyncTokenList, bad: str
    ) -> None:
        """An id with a lone surrogate: BackendError from every method, nothing written."""
        for call in (
            lambda: async_token_list.add(bad, LONG_TTL),
            lambda: async_token_list.add_if_absent(bad, LONG_TTL),
            lambda: async_token_list.contains(bad),
            lambda: async_token_list.remove(bad),
        ):
            with pytest.raises(BackendError):
                await call()
        replaced = bad.encode("utf-8", "replace").decode()
        assert await async_token_list.add_if_absent(replaced, LONG_TTL) is True

    async def test_close_is_idempotent(self, async_token_list: AsyncTokenList) -> None:
        """Closing twice is not an error."""
        await async_token_list.close()
        await async_token_list.close()
