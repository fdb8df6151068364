"""Contract suite for synchronous session stores (`jam.protocols.SessionStore`).

Subclass `SessionStoreContract` in a test module and provide a
``store`` fixture that yields a fresh, empty store; pytest then runs every
test method against it. Modelled on SQLAlchemy's dialect suite.
"""

# The suites are pytest tests run by plugin authors: assert is how they report failure.
# ruff: noqa: S101

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

import pytest

from jam.exceptions import BackendError
from jam.protocols import SessionStore
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
    from collections.abc import Callable

__all__ = ["SessionStoreContract"]

THREADS = 8
"""Threads used by the concurrency tests."""


def _in_threads(count: int, work: Callable[[int], object]) -> list[object]:
    """Run ``work(i)`` in ``count`` threads started together; re-raise the first error."""
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count
    errors: list[BaseException] = []

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = work(index)
        except BaseException as err:
            errors.append(err)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results


class SessionStoreContract:
    """Behaviour every `SessionStore` must have.

    Needs a pytest fixture named ``store`` that yields a fresh, empty store
    (and closes it afterwards).

    Example:
        ```python
        import pytest
        from jam.testing import SessionStoreContract

        class TestMyStore(SessionStoreContract):
            @pytest.fixture
            def store(self):
                store = MyStore(MyOptions())
                yield store
                store.close()
        ```
    """

    # -- shape -------------------------------------------------------------------------------

    def test_store_implements_the_protocol(self, store: SessionStore) -> None:
        """The store has every method of the protocol."""
        assert isinstance(store, SessionStore)

    # -- create / get ------------------------------------------------------------------------

    def test_get_returns_what_create_stored(self, store: SessionStore) -> None:
        """Bytes come back exactly as they went in."""
        sid = new_session_id()
        store.create("alice", sid, b'{"role":"admin"}', LONG_TTL)
        assert store.get(sid) == b'{"role":"admin"}'

    def test_binary_data_round_trips(self, store: SessionStore) -> None:
        """Every byte value (NULs included) survives, as ciphertext needs."""
        sid = new_session_id()
        payload = binary_payload(64 * 1024)
        store.create("alice", sid, payload, LONG_TTL)
        assert store.get(sid) == payload

    def test_get_unknown_id_returns_none(self, store: SessionStore) -> None:
        """An id that was never created is ``None``, not an error."""
        assert store.get(new_session_id()) is None

    def test_create_without_ttl_keeps_session(self, store: SessionStore) -> None:
        """``ttl=None`` stores a session that does not expire."""
        sid = new_session_id()
        store.create("alice", sid, b"x", None)
        assert store.get(sid) == b"x"
        assert store.list("alice") == [sid]

    # -- update ------------------------------------------------------------------------------

    def test_update_replaces_data(self, store: SessionStore) -> None:
        """``update`` overwrites the bytes and reports success."""
        sid = new_session_id()
        store.create("alice", sid, b"old", LONG_TTL)
        assert store.update(sid, b"new", None) is True
        assert store.get(sid) == b"new"

    def test_update_missing_id_returns_false_and_creates_nothing(self, store: SessionStore) -> None:
        """Updating an unknown id writes nothing."""
        sid = new_session_id()
        assert store.update(sid, b"x", LONG_TTL) is False
        assert store.get(sid) is None

    def test_update_keeps_owner(self, store: SessionStore) -> None:
        """An updated session is still listed under its key."""
        sid = new_session_id()
        store.create("alice", sid, b"old", LONG_TTL)
        store.update(sid, b"new", LONG_TTL)
        assert store.list("alice") == [sid]

    # -- delete ------------------------------------------------------------------------------

    def test_delete_reports_whether_it_deleted(self, store: SessionStore) -> None:
        """First delete is True, the second False; the id is gone."""
        sid = new_session_id()
        store.create("alice", sid, b"x", LONG_TTL)
        assert store.delete(sid) is True
        assert store.get(sid) is None
        assert store.delete(sid) is False

    def test_delete_removes_id_from_list(self, store: SessionStore) -> None:
        """A deleted session is no longer listed under its key."""
        keep, gone = new_session_id(), new_session_id()
        store.create("alice", keep, b"x", LONG_TTL)
        store.create("alice", gone, b"x", LONG_TTL)
        store.delete(gone)
        assert store.list("alice") == [keep]

    # -- clear / list ------------------------------------------------------------------------

    def test_clear_counts_and_deletes_every_session_of_key(self, store: SessionStore) -> None:
        """``clear`` returns how many it deleted and leaves none behind."""
        sids = [new_session_id() for _ in range(5)]
        for sid in sids:
            store.create("alice", sid, b"x", LONG_TTL)
        assert store.clear("alice") == 5
        assert all(store.get(sid) is None for sid in sids)
        assert store.list("alice") == []
        assert store.clear("alice") == 0

    def test_clear_unknown_key_returns_zero(self, store: SessionStore) -> None:
        """Clearing a key without sessions is not an error."""
        assert store.clear("nobody") == 0

    def test_clear_leaves_other_keys_alone(self, store: SessionStore) -> None:
        """Keys are isolated: clearing one never touches another."""
        mine, theirs = new_session_id(), new_session_id()
        store.create("alice", mine, b"a", LONG_TTL)
        store.create("bob", theirs, b"b", LONG_TTL)
        assert store.clear("alice") == 1
        assert store.get(theirs) == b"b"
        assert store.list("bob") == [theirs]

    def test_list_returns_every_live_id_of_key(self, store: SessionStore) -> None:
        """``list`` has each id once, in any order, and only that key's ids."""
        alice = {new_session_id() for _ in range(3)}
        for sid in alice:
            store.create("alice", sid, b"x", LONG_TTL)
        store.create("bob", new_session_id(), b"x", LONG_TTL)
        listed = store.list("alice")
        assert sorted(listed) == sorted(alice)
        assert store.list("carol") == []

    def test_awkward_keys_are_kept_apart(self, store: SessionStore) -> None:
        """Braces, wildcards, quotes and non-ASCII keys are stored verbatim and isolated."""
        ids = {key: new_session_id() for key in AWKWARD_KEYS}
        for key, sid in ids.items():
            store.create(key, sid, key.encode(), LONG_TTL)
        for key, sid in ids.items():
            assert store.list(key) == [sid]
            assert store.get(sid) == key.encode()
        first = AWKWARD_KEYS[0]
        assert store.clear(first) == 1
        assert all(store.list(key) == [ids[key]] for key in AWKWARD_KEYS[1:])

    # -- odd keys and ids --------------------------------------------------------------------

    def test_odd_keys_are_kept_apart(self, store: SessionStore) -> None:
        """Empty, long, NUL, newline, glob, separator and non-ASCII keys: verbatim, isolated."""
        ids = {key: new_session_id() for key in ODD_KEYS}
        for key, sid in ids.items():
            store.create(key, sid, key.encode(), LONG_TTL)
        for key, sid in ids.items():
            assert store.list(key) == [sid], repr(key[:20])
            assert store.get(sid) == key.encode()
        for key in ODD_KEYS[::2]:
            assert store.clear(key) == 1, repr(key[:20])
        for key in ODD_KEYS[1::2]:
            assert store.list(key) == [ids[key]], repr(key[:20])

    def test_odd_ids_round_trip(self, store: SessionStore) -> None:
        """Ids with separators, wildcards, NUL, newline, non-ASCII (or none) work like any id."""
        for sid in ODD_IDS:
            store.create("alice", sid, sid.encode() + b"!", LONG_TTL)
        assert sorted(store.list("alice")) == sorted(ODD_IDS)
        assert all(store.get(sid) == sid.encode() + b"!" for sid in ODD_IDS)
        first, second, *rest = ODD_IDS
        assert store.update(first, b"updated", None) is True
        assert store.get(first) == b"updated"
        assert store.delete(second) is True
        assert store.get(second) is None
        assert store.rework(rest[0], second, None) is True
        assert store.get(second) == rest[0].encode() + b"!"
        assert store.get(rest[0]) is None
        assert store.clear("alice") == len(ODD_IDS) - 1

    @pytest.mark.parametrize("bad", NOT_TEXT, ids=["lone-high", "lone-low"])
    def test_text_that_is_not_utf8_is_refused(self, store: SessionStore, bad: str) -> None:
        """A key or id with a lone surrogate: BackendError from every method, nothing written."""
        sid = new_session_id()
        store.create("alice", sid, b"x", LONG_TTL)
        calls: list[Callable[[], object]] = [
            lambda: store.create(bad, new_session_id(), b"x", LONG_TTL),
            lambda: store.create("alice", bad, b"x", LONG_TTL),
            lambda: store.get(bad),
            lambda: store.update(bad, b"y", LONG_TTL),
            lambda: store.delete(bad),
            lambda: store.rework(bad, new_session_id(), None),
            lambda: store.rework(sid, bad, None),
            lambda: store.clear(bad),
            lambda: store.list(bad),
        ]
        for index, call in enumerate(calls):
            with pytest.raises(BackendError):
                call()
            assert store.list("alice") == [sid], f"call {index} changed the store"
        assert store.get(sid) == b"x"

    # -- rework ------------------------------------------------------------------------------

    def test_rework_moves_key_and_data_to_new_id(self, store: SessionStore) -> None:
        """After rework the old id is gone and the new one has the same key and data."""
        old, new = new_session_id(), new_session_id()
        store.create("alice", old, b"data", LONG_TTL)
        assert store.rework(old, new, None) is True
        assert store.get(old) is None
        assert store.get(new) == b"data"
        assert store.list("alice") == [new]

    def test_rework_missing_id_returns_false_and_creates_nothing(self, store: SessionStore) -> None:
        """Reworking an unknown id changes nothing."""
        old, new = new_session_id(), new_session_id()
        assert store.rework(old, new, LONG_TTL) is False
        assert store.get(new) is None

    def test_rework_race_has_exactly_one_winner(self, store: SessionStore) -> None:
        """Threads reworking one id at once: one succeeds, one new id exists."""
        old = new_session_id()
        store.create("alice", old, b"data", LONG_TTL)
        news = [new_session_id() for _ in range(THREADS)]
        results = _in_threads(THREADS, lambda i: store.rework(old, news[i], None))
        assert results.count(True) == 1
        winner = news[results.index(True)]
        assert store.get(winner) == b"data"
        assert [sid for sid in news if store.get(sid) is not None] == [winner]
        assert store.list("alice") == [winner]

    # -- concurrency -------------------------------------------------------------------------

    def test_concurrent_creates_are_all_kept(self, store: SessionStore) -> None:
        """Threads creating sessions of one key lose none of them."""
        per_thread = 20
        ids = [[new_session_id() for _ in range(per_thread)] for _ in range(THREADS)]

        def create_all(index: int) -> None:
            for sid in ids[index]:
                store.create("alice", sid, b"x", LONG_TTL)

        _in_threads(THREADS, create_all)
        expected = sorted(sid for batch in ids for sid in batch)
        assert sorted(store.list("alice")) == expected
        assert store.clear("alice") == THREADS * per_thread

    # -- expiry ------------------------------------------------------------------------------

    def test_expired_session_is_gone_everywhere(self, store: SessionStore) -> None:
        """After its ttl a session is unreadable, unlisted, and not updatable or reworkable."""
        expired, live = new_session_id(), new_session_id()
        store.create("alice", expired, b"x", SHORT_TTL)
        store.create("alice", live, b"y", LONG_TTL)
        time.sleep(EXPIRY_SLEEP)
        assert store.get(expired) is None
        assert store.list("alice") == [live]
        assert store.update(expired, b"z", LONG_TTL) is False
        assert store.rework(expired, new_session_id(), LONG_TTL) is False
        assert store.get(expired) is None
        assert store.clear("alice") == 1

    def test_update_ttl_resets_expiry_and_none_keeps_it(self, store: SessionStore) -> None:
        """``update(..., ttl)`` pushes expiry out; ``update(..., None)`` leaves it."""
        extended, kept = new_session_id(), new_session_id()
        store.create("alice", extended, b"x", SHORT_TTL)
        store.create("alice", kept, b"x", SHORT_TTL)
        assert store.update(extended, b"y", LONG_TTL) is True
        assert store.update(kept, b"y", None) is True
        time.sleep(EXPIRY_SLEEP)
        assert store.get(extended) == b"y"
        assert store.get(kept) is None

    def test_rework_ttl_sets_new_lifetime_and_none_keeps_it(self, store: SessionStore) -> None:
        """``rework(..., ttl)`` gives the new id that lifetime; ``None`` keeps the old one."""
        old_a, new_a = new_session_id(), new_session_id()
        old_b, new_b = new_session_id(), new_session_id()
        store.create("alice", old_a, b"a", SHORT_TTL)
        store.create("alice", old_b, b"b", SHORT_TTL)
        assert store.rework(old_a, new_a, LONG_TTL) is True
        assert store.rework(old_b, new_b, None) is True
        time.sleep(EXPIRY_SLEEP)
        assert store.get(new_a) == b"a"
        assert store.get(new_b) is None

    # -- lifecycle ---------------------------------------------------------------------------

    def test_close_is_idempotent(self, store: SessionStore) -> None:
        """Closing twice is not an error."""
        store.close()
        store.close()
