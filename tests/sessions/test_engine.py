"""Session engine behaviour through the ``Jam`` facade (memory store)."""

from __future__ import annotations

import re
import time
import warnings
from typing import TYPE_CHECKING, Any

import pytest

from jam.builtin._memory_sessions import MemorySessionStore
from jam.exceptions import (
    BackendError,
    BackendUnavailable,
    SessionDataError,
    SessionNotFound,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from jam import Jam

URLSAFE_43 = re.compile(r"^[A-Za-z0-9_-]{43}$")


def test_create_get_roundtrip(make_jam: Callable[..., Jam]) -> None:
    jam = make_jam()
    sid = jam.session_create("alice@example.org", {"role": "admin", "n": [1, 2]})
    assert jam.session_get(sid) == {"role": "admin", "n": [1, 2]}


def test_ids_are_opaque_random_and_url_safe(make_jam: Callable[..., Jam]) -> None:
    jam = make_jam()
    ids = {jam.session_create("alice@example.org", {}) for _ in range(200)}
    assert len(ids) == 200
    for sid in ids:
        assert URLSAFE_43.match(sid)
        assert "alice" not in sid


def test_update_replaces_data(make_jam: Callable[..., Jam]) -> None:
    jam = make_jam()
    sid = jam.session_create("alice", {"a": 1})
    jam.session_update(sid, {"b": 2})
    assert jam.session_get(sid) == {"b": 2}


@pytest.mark.parametrize("bad_id", ["", "x" * 43, "no!" * 20, "A" * 5000])
def test_update_unknown_or_malformed_id_raises_session_not_found(
    make_jam: Callable[..., Jam], bad_id: str
) -> None:
    jam = make_jam()
    with pytest.raises(SessionNotFound):
        jam.session_update(bad_id, {})
    with pytest.raises(KeyError):  # SessionNotFound is also a KeyError, as in jamlib
        jam.session_update(bad_id, {})


def test_delete_is_idempotent(make_jam: Callable[..., Jam]) -> None:
    jam = make_jam()
    sid = jam.session_create("alice", {})
    jam.session_delete(sid)
    jam.session_delete(sid)
    jam.session_delete("garbage")
    assert jam.session_get(sid) is None


def test_clear_counts_and_keeps_other_keys(make_jam: Callable[..., Jam]) -> None:
    jam = make_jam()
    mine = [jam.session_create("alice", {}) for _ in range(3)]
    theirs = jam.session_create("bob", {})
    assert jam.session_clear("alice") == 3
    assert all(jam.session_get(sid) is None for sid in mine)
    assert jam.session_get(theirs) == {}
    assert jam.session_list("bob") == [theirs]


def test_rework_invalidates_old_id(make_jam: Callable[..., Jam]) -> None:
    jam = make_jam()
    old = jam.session_create("alice", {"step": 1})
    new = jam.session_rework(old)
    assert new != old
    assert jam.session_get(old) is None
    assert jam.session_get(new) == {"step": 1}
    assert jam.session_list("alice") == [new]
    with pytest.raises(SessionNotFound):
        jam.session_rework(old)


def test_rework_of_malformed_id_raises(make_jam: Callable[..., Jam]) -> None:
    with pytest.raises(SessionNotFound):
        make_jam().session_rework("../../etc/passwd")


def test_unserialisable_data_writes_nothing(make_jam: Callable[..., Jam]) -> None:
    jam = make_jam()
    for bad in ({"when": object()}, {"x": {1, 2}}, {"nan": float("nan")}, ["not", "a", "dict"]):
        with pytest.raises(SessionDataError):
            jam.session_create("alice", bad)  # type: ignore[arg-type]
    assert jam.session_list("alice") == []
    sid = jam.session_create("alice", {"ok": True})
    with pytest.raises(SessionDataError, match="JSON"):
        jam.session_update(sid, {"bad": b"bytes"})
    assert jam.session_get(sid) == {"ok": True}


@pytest.mark.parametrize("key", ["", None, "k" * 2000])
def test_unusable_session_key_is_refused(make_jam: Callable[..., Jam], key: object) -> None:
    with pytest.raises(SessionDataError):
        make_jam().session_create(key, {})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "bad_id",
    ["", "short", "x" * 42, "x" * 44, "é" * 43, "a/b+c=" * 7 + "a", 42, None, "A" * 10**6],
)
def test_get_on_impossible_id_returns_none_without_store_call(
    make_jam: Callable[..., Jam], spy_on: Callable[[Jam], Any], bad_id: object
) -> None:
    jam = make_jam()
    spy = spy_on(jam)
    assert jam.session_get(bad_id) is None  # type: ignore[arg-type]
    jam.session_delete(bad_id)  # type: ignore[arg-type]
    assert spy.calls == []


def test_one_store_call_per_operation(
    make_jam: Callable[..., Jam], spy_on: Callable[[Jam], Any]
) -> None:
    jam = make_jam()
    spy = spy_on(jam)
    sid = jam.session_create("alice", {})
    jam.session_get(sid)
    jam.session_update(sid, {"a": 1})
    sid = jam.session_rework(sid)
    jam.session_list("alice")
    jam.session_delete(sid)
    jam.session_clear("alice")
    assert spy.calls == ["create", "get", "update", "rework", "list", "delete", "clear"]


def test_absolute_ttl_is_not_extended_by_get_or_update(make_jam: Callable[..., Jam]) -> None:
    jam = make_jam(default_ttl=1)
    sid = jam.session_create("alice", {"a": 1})
    time.sleep(0.6)
    assert jam.session_get(sid) == {"a": 1}
    jam.session_update(sid, {"a": 2})
    time.sleep(0.55)
    assert jam.session_get(sid) is None
    with pytest.raises(SessionNotFound):
        jam.session_update(sid, {})


def test_session_ttl_alias_sets_default_ttl(make_jam: Callable[..., Jam]) -> None:
    jam = make_jam(session_ttl=7)
    assert jam.config.session is not None
    assert jam.config.session.default_ttl == 7


def test_store_failure_is_a_backend_error(make_jam: Callable[..., Jam]) -> None:
    class DownStore(MemorySessionStore):
        def create(self, *args: object) -> None:
            raise ConnectionError("connection refused")

        def get(self, session_id: str) -> bytes | None:
            raise BackendUnavailable("redis is down")

    jam = make_jam()
    assert jam.sessions is not None
    jam.sessions.store = DownStore()
    with pytest.raises(BackendError, match="ConnectionError") as caught:
        jam.session_create("alice", {"secret": "s3cr3t"})
    assert "s3cr3t" not in str(caught.value)
    assert isinstance(caught.value.__cause__, ConnectionError)
    with pytest.raises(BackendUnavailable):
        jam.session_get("A" * 43)


def test_deprecated_aliases_warn_and_work(make_jam: Callable[..., Jam]) -> None:
    jam = make_jam()
    with pytest.warns(DeprecationWarning, match="session_create"):
        sid = jam.create_session("alice", {"a": 1})
    with pytest.warns(DeprecationWarning, match="session_get"):
        assert jam.get_session(sid) == {"a": 1}
    with pytest.warns(DeprecationWarning, match="session_update"):
        jam.update_session(sid, {"a": 2})
    with pytest.warns(DeprecationWarning, match="session_rework"):
        sid = jam.rework_session(sid)
    with pytest.warns(DeprecationWarning, match="session_delete"):
        jam.delete_session(sid)
    with pytest.warns(DeprecationWarning, match="session_clear"):
        assert jam.clear_sessions("alice") == 0


def test_new_names_do_not_warn(make_jam: Callable[..., Jam]) -> None:
    jam = make_jam()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        jam.session_get(jam.session_create("alice", {}))
