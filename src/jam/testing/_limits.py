"""Contract suite for ``max_sessions_per_key``: one bound, the same eviction on every backend.

Subclass `SessionLimitContract` and provide a ``limited_store``
fixture yielding a fresh store built with ``max_sessions_per_key =``
`LIMIT`. The first-party backends (memory, sqlite, redis) run it; a
third-party store that offers the option should too.
"""

# The suites are pytest tests run by plugin authors: assert is how they report failure.
# ruff: noqa: S101

from __future__ import annotations

import time

import pytest

from jam.protocols import SessionStore, SupportsGetAndTouch
from jam.testing._support import EXPIRY_SLEEP, LONG_TTL, SHORT_TTL, new_session_id

__all__ = ["LIMIT", "SessionLimitContract"]

LIMIT = 3
"""The ``max_sessions_per_key`` the ``limited_store`` fixture must be built with."""


class SessionLimitContract:
    """How a store bounds the sessions of one key.

    A ``create`` that leaves a key with more than `LIMIT` live sessions
    deletes the key's sessions that expire soonest (the oldest, when all
    share one lifetime), never the session it creates, in the same atomic
    step; sessions without expiry go last. ``clear`` still deletes every
    session of the key.

    Example:
        ```python
        class TestMyStoreLimit(SessionLimitContract):
            @pytest.fixture
            def limited_store(self):
                store = MyStore(MyOptions(max_sessions_per_key=LIMIT))
                yield store
                store.close()
        ```
    """

    def test_create_past_the_limit_evicts_the_soonest_to_expire(
        self, limited_store: SessionStore
    ) -> None:
        """The fourth session pushes out the one that would have expired first."""
        ids = [new_session_id() for _ in range(LIMIT + 1)]
        for index, sid in enumerate(ids):
            limited_store.create("alice", sid, b"x", LONG_TTL + 100 * index)
        assert sorted(limited_store.list("alice")) == sorted(ids[1:])
        assert limited_store.get(ids[0]) is None
        assert all(limited_store.get(sid) == b"x" for sid in ids[1:])

    def test_the_new_session_is_never_evicted(self, limited_store: SessionStore) -> None:
        """A new session that expires before the others still survives its own create."""
        older = [new_session_id() for _ in range(LIMIT)]
        for index, sid in enumerate(older):
            limited_store.create("alice", sid, b"old", LONG_TTL + 100 * index)
        newest = new_session_id()
        limited_store.create("alice", newest, b"new", 60)
        assert limited_store.get(newest) == b"new"
        assert sorted(limited_store.list("alice")) == sorted([newest, *older[1:]])

    def test_a_touched_session_is_evicted_later(self, limited_store: SessionStore) -> None:
        """Under ``idle_ttl`` the expiry moves with use: the least recently used goes first."""
        if not isinstance(limited_store, SupportsGetAndTouch):
            pytest.skip("the store has no get_and_touch")
        ids = [new_session_id() for _ in range(LIMIT + 2)]
        for index, sid in enumerate(ids[: LIMIT + 1]):  # the last one evicts ids[0]
            limited_store.create("alice", sid, b"x", LONG_TTL + 100 * index)
        assert limited_store.get_and_touch(ids[1], LONG_TTL + 1000) == b"x"
        limited_store.create("alice", ids[-1], b"x", LONG_TTL + 500)
        assert sorted(limited_store.list("alice")) == sorted([ids[1], *ids[3:]])

    def test_sessions_without_expiry_go_last(self, limited_store: SessionStore) -> None:
        """``ttl=None`` sessions outlive every expiring one in the eviction order."""
        forever = new_session_id()
        limited_store.create("alice", forever, b"x", None)
        ids = [new_session_id() for _ in range(LIMIT)]
        for sid in ids:
            limited_store.create("alice", sid, b"x", LONG_TTL)
        assert forever in limited_store.list("alice")
        assert len(limited_store.list("alice")) == LIMIT

    def test_other_keys_are_untouched(self, limited_store: SessionStore) -> None:
        """The bound is per key: one key at its limit evicts nothing of another."""
        bob = [new_session_id() for _ in range(LIMIT)]
        for sid in bob:
            limited_store.create("bob", sid, b"b", LONG_TTL)
        for _ in range(LIMIT * 2):
            limited_store.create("alice", new_session_id(), b"a", LONG_TTL)
        assert sorted(limited_store.list("bob")) == sorted(bob)
        assert len(limited_store.list("alice")) == LIMIT

    def test_expired_sessions_do_not_count(self, limited_store: SessionStore) -> None:
        """Expired sessions take no room: a full set of live ones is kept."""
        for _ in range(LIMIT):
            limited_store.create("alice", new_session_id(), b"old", SHORT_TTL)
        time.sleep(EXPIRY_SLEEP)
        fresh = [new_session_id() for _ in range(LIMIT)]
        for sid in fresh:
            limited_store.create("alice", sid, b"new", LONG_TTL)
        assert sorted(limited_store.list("alice")) == sorted(fresh)

    def test_clear_deletes_every_session(self, limited_store: SessionStore) -> None:
        """``clear`` empties the key whatever the bound evicted before."""
        for _ in range(LIMIT * 3):
            limited_store.create("alice", new_session_id(), b"x", LONG_TTL)
        assert limited_store.clear("alice") == LIMIT
        assert limited_store.list("alice") == []
