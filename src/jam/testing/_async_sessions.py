"""Contract suite for asyncio session stores (`jam.protocols.AsyncSessionStore`).

Subclass `AsyncSessionStoreContract` and provide an ``async_store``
fixture (an async fixture under pytest-asyncio) yielding a fresh, empty
store. Test methods carry ``pytest.mark.asyncio``, so pytest-asyncio must be
installed; they work in its ``strict`` and ``auto`` modes.
"""

# The suites are pytest tests run by plugin authors: assert is how they report failure.
# ruff: noqa: S101

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import pytest

from jam.exceptions import BackendError
from jam.protocols import AsyncSessionStore
from jam.testing._support import (
    AWKWARD_KEYS,
    EXPIRY_SLEEP,
    LONG_TTL,
    NOT_TEXT,
    ODD_IDS,
    ODD_KEYS,
    SHORT_TTL,
    binary_payload,
    new_session_id,
)

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

__all__ = ["AsyncSessionStoreContract"]

TASKS = 16
"""Concurrent tasks used by the concurrency tests."""


@pytest.mark.asyncio
class AsyncSessionStoreContract:
    """Behaviour every `AsyncSessionStore` must have.

    The same semantics as `jam.testing.SessionStoreContract`, awaited;
    races use ``asyncio.gather``.

    Example:
        ```python
        import pytest_asyncio
        from jam.testing import AsyncSessionStoreContract

        class TestMyAsyncStore(AsyncSessionStoreContract):
            @pytest_asyncio.fixture
            async def async_store(self):
                store = MyAsyncStore(MyOptions())
                yield store
                await store.close()
        ```
    """

    async def test_store_implements_the_protocol(self, async_store: AsyncSessionStore) -> None:
        """The store has every method of the protocol."""
        assert isinstance(async_store, AsyncSessionStore)

    async def test_get_returns_what_create_stored(self, async_store: AsyncSessionStore) -> None:
        """Bytes come back exactly as they went in."""
        sid = new_session_id()
        await async_store.create("alice", sid, b'{"role":"admin"}', LONG_TTL)
        assert await async_store.get(sid) == b'{"role":"admin"}'

    async def test_binary_data_round_trips(self, async_store: AsyncSessionStore) -> None:
        """Every byte value (NULs included) survives."""
        sid = new_session_id()
        payload = binary_payload(64 * 1024)
        await async_store.create("alice", sid, payload, LONG_TTL)
        assert await async_store.get(sid) == payload

    async def test_get_unknown_id_returns_none(self, async_store: AsyncSessionStore) -> None:
        """An id that was never created is ``None``."""
        assert await async_store.get(new_session_id()) is None

    async def test_update_replaces_data(self, async_store: AsyncSessionStore) -> None:
        """``update`` overwrites the bytes and reports success."""
        sid = new_session_id()
        await async_store.create("alice", sid, b"old", LONG_TTL)
        assert await async_store.update(sid, b"new", None) is True
        assert await async_store.get(sid) == b"new"

    async def test_update_missing_id_returns_false_and_creates_nothing(
        self, async_store: AsyncSessionStore
    ) -> None:
        """Updating an unknown id writes nothing."""
        sid = new_session_id()
        assert await async_store.update(sid, b"x", LONG_TTL) is False
        assert await async_store.get(sid) is None

    async def test_delete_reports_whether_it_deleted(self, async_store: AsyncSessionStore) -> None:
        """First delete is True, the second False; the id is gone and unlisted."""
        sid, keep = new_session_id(), new_session_id()
        await async_store.create("alice", sid, b"x", LONG_TTL)
        await async_store.create("alice", keep, b"x", LONG_TTL)
        assert await async_store.delete(sid) is True
        assert await async_store.get(sid) is None
        assert await async_store.delete(sid) is False
        assert await async_store.list("alice") == [keep]

    async def test_clear_counts_and_isolates_keys(self, async_store: AsyncSessionStore) -> None:
        """``clear`` deletes and counts one key's sessions only."""
        sids = [new_session_id() for _ in range(4)]
        for sid in sids:
            await async_store.create("alice", sid, b"x", LONG_TTL)
        theirs = new_session_id()
        await async_store.create("bob", theirs, b"b", LONG_TTL)
        assert await async_store.clear("alice") == 4
        assert await async_store.list("alice") == []
        assert await async_store.clear("alice") == 0
        assert await async_store.clear("nobody") == 0
        assert await async_store.get(theirs) == b"b"

    async def test_list_returns_every_live_id_of_key(self, async_store: AsyncSessionStore) -> None:
        """``list`` has each id of the key once, in any order."""
        alice = {new_session_id() for _ in range(3)}
        for sid in alice:
            await async_store.create("alice", sid, b"x", LONG_TTL)
        await async_store.create("bob", new_session_id(), b"x", LONG_TTL)
        assert sorted(await async_store.list("alice")) == sorted(alice)
        assert await async_store.list("carol") == []

    async def test_awkward_keys_are_kept_apart(self, async_store: AsyncSessionStore) -> None:
        """Braces, wildcards, quotes and non-ASCII keys are stored verbatim and isolated."""
        ids = {key: new_session_id() for key in AWKWARD_KEYS}
        for key, sid in ids.items():
            await async_store.create(key, sid, key.encode(), LONG_TTL)
        for key, sid in ids.items():
            assert await async_store.list(key) == [sid]
            assert await async_store.get(sid) == key.encode()
        assert await async_store.clear(AWKWARD_KEYS[0]) == 1
        for key in AWKWARD_KEYS[1:]:
            assert await async_store.list(key) == [ids[key]]

    async def test_odd_keys_are_kept_apart(self, async_store: AsyncSessionStore) -> None:
        """Empty, long, NUL, newline, glob, separator and non-ASCII keys: verbatim, isolated."""
        ids = {key: new_session_id() for key in ODD_KEYS}
        for key, sid in ids.items():
            await async_store.create(key, sid, key.encode(), LONG_TTL)
        for key, sid in ids.items():
            assert await async_store.list(key) == [sid], repr(key[:20])
            assert await async_store.get(sid) == key.encode()
        for key in ODD_KEYS[::2]:
            assert await async_store.clear(key) == 1, repr(key[:20])
        for key in ODD_KEYS[1::2]:
            assert await async_store.list(key) == [ids[key]], repr(key[:20])

    async def test_odd_ids_round_trip(self, async_store: AsyncSessionStore) -> None:
        """Ids with separators, wildcards, NUL, newline, non-ASCII (or none) work like any id."""
        for sid in ODD_IDS:
            await async_store.create("alice", sid, sid.encode() + b"!", LONG_TTL)
        assert sorted(await async_store.list("alice")) == sorted(ODD_IDS)
        for sid in ODD_IDS:
            assert await async_store.get(sid) == sid.encode() + b"!"
        first, second, *rest = ODD_IDS
        assert await async_store.update(first, b"updated", None) is True
        assert await async_store.get(first) == b"updated"
        assert await async_store.delete(second) is True
        assert await async_store.rework(rest[0], second, None) is True
        assert await async_store.get(second) == rest[0].encode() + b"!"
        assert await async_store.get(rest[0]) is None
        assert await async_store.clear("alice") == len(ODD_IDS) - 1

    @pytest.mark.parametrize("bad", NOT_TEXT, ids=["lone-high", "lone-low"])
    async def test_text_that_is_not_utf8_is_refused(
        self, async_store: AsyncSessionStore, bad: str
    ) -> None:
        """A key or id with a lone surrogate: BackendError from every method, nothing written."""
        sid = new_session_id()
        await async_store.create("alice", sid, b"x", LONG_TTL)
        calls: list[Callable[[], Awaitable[object]]] = [
            lambda: async_store.create(bad, new_session_id(), b"x", LONG_TTL),
            lambda: async_store.create("alice", bad, b"x", LONG_TTL),
            lambda: async_store.get(bad),
            lambda: async_store.update(bad, b"y", LONG_TTL),
            lambda: async_store.delete(bad),
            lambda: async_store.rework(bad, new_session_id(), None),
            lambda: async_store.rework(sid, bad, None),
            lambda: async_store.clear(bad),
            lambda: async_store.list(bad),
        ]
        for index, call in enumerate(calls):
            with pytest.raises(BackendError):
                await call()
            assert await async_store.list("alice") == [sid], f"call {index} changed the store"
        assert await async_store.get(sid) == b"x"

    async def test_rework_moves_key_and_data_to_new_id(
        self, async_store: AsyncSessionStore
    ) -> None:
        """After rework the old id is gone and the new one has the same key and data."""
        old, new = new_session_id(), new_session_id()
        await async_store.create("alice", old, b"data", LONG_TTL)
        assert await async_store.rework(old, new, None) is True
        assert await async_store.get(old) is None
        assert await async_store.get(new) == b"data"
        assert await async_store.list("alice") == [new]

    async def test_rework_missing_id_returns_false_and_creates_nothing(
        self, async_store: AsyncSessionStore
    ) -> None:
        """Reworking an unknown id changes nothing."""
        old, new = new_session_id(), new_session_id()
        assert await async_store.rework(old, new, LONG_TTL) is False
        assert await async_store.get(new) is None

    async def test_rework_race_has_exactly_one_winner(self, async_store: AsyncSessionStore) -> None:
        """Tasks reworking one id at once: one succeeds, one new id exists."""
        old = new_session_id()
        await async_store.create("alice", old, b"data", LONG_TTL)
        news = [new_session_id() for _ in range(TASKS)]
        results = await asyncio.gather(*(async_store.rework(old, n, None) for n in news))
        assert results.count(True) == 1
        winner = news[results.index(True)]
        assert await async_store.get(winner) == b"data"
        assert await async_store.list("alice") == [winner]

    async def test_concurrent_creates_are_all_kept(self, async_store: AsyncSessionStore) -> None:
        """Many tasks creating sessions of one key lose none of them."""
        ids = [new_session_id() for _ in range(TASKS * 8)]
        await asyncio.gather(*(async_store.create("alice", sid, b"x", LONG_TTL) for sid in ids))
        assert sorted(await async_store.list("alice")) == sorted(ids)
        assert await async_store.clear("alice") == len(ids)

    async def test_expired_session_is_gone_everywhere(self, async_store: AsyncSessionStore) -> None:
        """After its ttl a session is unreadable, unlisted, and not updatable or reworkable."""
        expired, live = new_session_id(), new_session_id()
        await async_store.create("alice", expired, b"x", SHORT_TTL)
        await async_store.create("alice", live, b"y", LONG_TTL)
        await asyncio.sleep(EXPIRY_SLEEP)
        assert await async_store.get(expired) is None
        assert await async_store.list("alice") == [live]
        assert await async_store.update(expired, b"z", LONG_TTL) is False
        assert await async_store.rework(expired, new_session_id(), LONG_TTL) is False
        assert await async_store.clear("alice") == 1

    async def test_ttl_of_update_and_rework(self, async_store: AsyncSessionStore) -> None:
        """A ttl resets expiry (update and rework); ``None`` keeps the current expiry."""
        updated, kept = new_session_id(), new_session_id()
        old, new = new_session_id(), new_session_id()
        for sid in (updated, kept, old):
            await async_store.create("alice", sid, b"x", SHORT_TTL)
        assert await async_store.update(updated, b"y", LONG_TTL) is True
        assert await async_store.update(kept, b"y", None) is True
        assert await async_store.rework(old, new, LONG_TTL) is True
        await asyncio.sleep(EXPIRY_SLEEP)
        assert await async_store.get(updated) == b"y"
        assert await async_store.get(kept) is None
        assert await async_store.get(new) == b"x"

    async def test_close_is_idempotent(self, async_store: AsyncSessionStore) -> None:
        """Closing twice is not an error."""
        await async_store.close()
        await async_store.close()
