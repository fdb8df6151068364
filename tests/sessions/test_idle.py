"""Absolute and idle timeouts: exactly what extends a session's life."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import pytest

from jam.builtin._memory_sessions import MemorySessionStore
from jam.config import SessionSettings
from jam.exceptions import JamConfigError, SessionNotFound
from jam.sessions import SessionEngine, build_codec

if TYPE_CHECKING:
    from collections.abc import Callable

    from jam import Jam


def test_get_extends_idle_timeout(make_jam: Callable[..., Jam]) -> None:
    jam = make_jam(idle_ttl=1, default_ttl=60)
    sid = jam.session_create("alice", {"a": 1})
    time.sleep(0.6)
    assert jam.session_get(sid) == {"a": 1}  # pushes the end to now + 1 s
    time.sleep(0.6)  # 1.2 s after create, 0.6 s after the last get
    assert jam.session_get(sid) == {"a": 1}
    time.sleep(1.1)
    assert jam.session_get(sid) is None


def test_update_extends_idle_timeout(make_jam: Callable[..., Jam]) -> None:
    jam = make_jam(idle_ttl=1, default_ttl=60)
    sid = jam.session_create("alice", {"a": 1})
    time.sleep(0.6)
    jam.session_update(sid, {"a": 2})
    time.sleep(0.6)
    assert jam.session_list("alice") == [sid]  # list does not extend
    time.sleep(0.5)
    assert jam.session_get(sid) is None
    with pytest.raises(SessionNotFound):
        jam.session_update(sid, {})


def test_idle_never_extends_past_absolute_lifetime(make_jam: Callable[..., Jam]) -> None:
    jam = make_jam(idle_ttl=1, default_ttl=2)
    sid = jam.session_create("alice", {"a": 1})
    for _ in range(3):
        time.sleep(0.5)
        assert jam.session_get(sid) == {"a": 1}
    jam.session_update(sid, {"a": 2})
    time.sleep(0.6)  # 2.1 s after create, 0.6 s after the last touch
    assert jam.session_get(sid) is None
    assert jam.session_list("alice") == []


def test_get_under_idle_timeout_is_one_store_call(
    make_jam: Callable[..., Jam], spy_on: Callable[[Jam], Any]
) -> None:
    jam = make_jam(idle_ttl=60)
    spy = spy_on(jam)
    sid = jam.session_create("alice", {})
    jam.session_get(sid)
    assert spy.calls == ["create", "get_and_touch"]


def test_idle_timeout_needs_a_store_that_can_touch() -> None:
    settings = SessionSettings(backend="memory", idle_ttl=60)

    class NoTouch:
        """Delegates the core protocol only."""

        def __init__(self) -> None:
            self._s = MemorySessionStore()
            for name in ("create", "get", "update", "delete", "clear", "rework", "list", "close"):
                setattr(self, name, getattr(self._s, name))

    with pytest.raises(JamConfigError, match="idle_ttl"):
        SessionEngine(NoTouch(), build_codec(settings), 3600, 60, "notouch")  # type: ignore[arg-type]
