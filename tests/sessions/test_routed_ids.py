"""Routed ids (``<tag>.<id>``) for stores that offer ``route``: plain and signed."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from typing import Any

import pytest

from jam.builtin._memory_sessions import AsyncMemorySessionStore, MemorySessionStore
from jam.config import SessionSettings
from jam.exceptions import BackendError, SessionNotFound
from jam.sessions import (
    AsyncSessionEngine,
    AsyncSupportsRoutedIds,
    SessionEngine,
    SupportsRoutedIds,
    build_codec,
    generate_session_secret,
)

PLAIN = re.compile(r"^[A-Za-z0-9_-]{43}$")
SIGNED = re.compile(r"^[A-Za-z0-9_-]{86}$")
ROUTED_PLAIN = re.compile(r"^([A-Za-z0-9_-]{6})\.[A-Za-z0-9_-]{43}$")
ROUTED_SIGNED = re.compile(r"^([A-Za-z0-9_-]{6})\.[A-Za-z0-9_-]{86}$")


def _tag(session_key: str) -> str:
    digest = hmac.new(b"test-route-key", session_key.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:6]).decode()[:6]


class RoutedStore(MemorySessionStore):
    """A memory store that routes ids and records the calls the engine makes."""

    def __init__(self, tag: Any = None) -> None:
        super().__init__()
        self.calls: list[str] = []
        self.fixed_tag = tag

    def route(self, session_key: str) -> str:
        return self.fixed_tag if self.fixed_tag is not None else _tag(session_key)

    def get(self, session_id: str) -> bytes | None:
        self.calls.append("get")
        return super().get(session_id)


class AsyncRoutedStore(AsyncMemorySessionStore):
    async def route(self, session_key: str) -> str:
        return _tag(session_key)


def _settings(crypt: bool) -> SessionSettings:
    if not crypt:
        return SessionSettings(backend="memory")
    return SessionSettings(
        backend="memory", is_session_crypt=True, session_aes_secret=generate_session_secret()
    )


def _engine(store: Any, crypt: bool) -> SessionEngine:
    return SessionEngine(store, build_codec(_settings(crypt)), 3600, None, "test")


@pytest.mark.parametrize(("crypt", "shape"), [(False, PLAIN), (True, SIGNED)])
def test_stores_without_routing_keep_todays_ids(crypt: bool, shape: re.Pattern[str]) -> None:
    store = MemorySessionStore()
    assert not isinstance(store, SupportsRoutedIds)
    engine = _engine(store, crypt)
    sid = engine.create("alice", {})
    assert shape.match(sid) and not engine.routed
    assert shape.match(engine.rework(sid))
    # a routed-looking id can never come from such a store: refused without a lookup
    assert not engine.codec.ids.valid(f"{_tag('alice')}.{sid}")


@pytest.mark.parametrize(("crypt", "shape"), [(False, ROUTED_PLAIN), (True, ROUTED_SIGNED)])
def test_routed_ids_start_with_the_owners_tag(crypt: bool, shape: re.Pattern[str]) -> None:
    store = RoutedStore()
    engine = _engine(store, crypt)
    assert engine.routed
    sid = engine.create("alice@example.org", {"n": 1})
    match = shape.match(sid)
    assert match is not None and match[1] == _tag("alice@example.org")
    assert "alice" not in sid
    new = engine.rework(sid)
    assert shape.match(new) and new.split(".")[0] == match[1] and new != sid
    assert engine.get(sid) is None and engine.get(new) == {"n": 1}
    engine.update(new, {"n": 2})
    assert engine.list("alice@example.org") == [new]
    assert engine.clear("alice@example.org") == 1
    assert engine.create("bob", {}).split(".")[0] == _tag("bob")


@pytest.mark.parametrize("crypt", [False, True])
def test_untagged_ids_stay_valid_with_a_routing_store(crypt: bool) -> None:
    settings = _settings(crypt)
    store = RoutedStore()
    before = SessionEngine(MemorySessionStore(), build_codec(settings), 3600)
    legacy = before.create("alice", {"old": True})
    store.create("alice", legacy, before.store.get(legacy) or b"", 3600)  # type: ignore[attr-defined]
    engine = SessionEngine(store, build_codec(settings), 3600)
    assert engine.get(legacy) == {"old": True}
    renewed = engine.rework(legacy)
    assert "." not in renewed and engine.get(renewed) == {"old": True}


def test_forged_routed_signed_ids_are_refused_without_a_store_call() -> None:
    store = RoutedStore()
    engine = _engine(store, crypt=True)
    sid = engine.create("alice", {"secret": 1})
    tag, rest = sid.split(".")
    other = _tag("mallory")
    assert other != tag
    forged = [
        f"{other}.{rest}",  # alice's session moved to another tag
        f"{tag[:-1]}{'A' if tag[-1] != 'A' else 'B'}.{rest}",  # one character of the tag
        rest,  # the tag stripped: the untagged MAC uses another label
        f"{tag}.{rest[:-1]}{'A' if rest[-1] != 'A' else 'B'}",  # the MAC altered
        f"{tag}x.{rest}",
        f".{rest}",
        f"{tag}..{rest}",
        f"{tag}.{rest}=",
        f"{'A' * 17}.{rest}",
        f"{tag}.{rest}" * 50,
    ]
    store.calls.clear()
    for candidate in forged:
        assert engine.get(candidate) is None, candidate
        with pytest.raises(SessionNotFound):
            engine.update(candidate, {})
        with pytest.raises(SessionNotFound):
            engine.rework(candidate)
    assert store.calls == []
    assert engine.get(sid) == {"secret": 1}
    assert store.calls == ["get"]


def test_forged_routed_plain_ids_are_shape_checked() -> None:
    store = RoutedStore()
    engine = _engine(store, crypt=False)
    sid = engine.create("alice", {})
    tag, rest = sid.split(".")
    store.calls.clear()
    for bad in (f"{tag}.{rest}x", f"{tag}!.{rest}", f".{rest}", f"{'A' * 17}.{rest}", f"{tag}.."):
        assert engine.get(bad) is None
    assert store.calls == []


@pytest.mark.parametrize("bad", ["", "has.dot", "A" * 17, "spa ce", 42, None])
def test_a_bad_routing_tag_is_a_backend_error(bad: object) -> None:
    store = RoutedStore(tag=bad if bad is not None else 0)
    engine = _engine(store, crypt=False)
    with pytest.raises(BackendError, match="routing tag"):
        engine.create("alice", {})
    assert engine.list("alice") == []


def test_a_failing_route_is_a_backend_error() -> None:
    class Broken(RoutedStore):
        def route(self, session_key: str) -> str:
            raise OSError("salt unreachable")

    engine = _engine(Broken(), crypt=False)
    with pytest.raises(BackendError, match="failed during create"):
        engine.create("alice", {})


async def test_async_engine_awaits_route() -> None:
    store = AsyncRoutedStore()
    assert isinstance(store, AsyncSupportsRoutedIds)
    engine = AsyncSessionEngine(store, build_codec(_settings(True)), 3600)
    sid = await engine.create("alice", {"a": 1})
    assert ROUTED_SIGNED.match(sid) and sid.startswith(_tag("alice") + ".")
    new = await engine.rework(sid)
    assert new.startswith(_tag("alice") + ".")
    assert await engine.get(new) == {"a": 1}
    assert await engine.list("alice") == [new]
