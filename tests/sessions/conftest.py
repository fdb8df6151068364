"""Fixtures for the session kernel tests: Jam objects over the memory store, a spy store."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from jam import Jam
from jam.builtin._memory_sessions import MemorySessionStore
from jam.sessions import generate_session_secret

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator


class SpyStore(MemorySessionStore):
    """A real memory store that also records which methods were called."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[str] = []

    def __getattribute__(self, name: str) -> Any:
        if name in {
            "create",
            "get",
            "get_and_touch",
            "update",
            "delete",
            "clear",
            "rework",
            "list",
        }:
            object.__getattribute__(self, "calls").append(name)
        return object.__getattribute__(self, name)


@pytest.fixture
def make_jam() -> Iterator[Callable[..., Jam]]:
    """Build ``Jam`` objects with a memory store and the given session keys."""
    built: list[Jam] = []

    def make(**session: Any) -> Jam:
        jam = Jam(config={"session": {"backend": "memory", **session}})
        built.append(jam)
        return jam

    yield make
    for jam in built:
        jam.close()


@pytest.fixture
def secret() -> str:
    return generate_session_secret()


def _spy_on(jam: Jam) -> SpyStore:
    engine = jam.sessions
    assert engine is not None
    spy = SpyStore()
    engine.store = spy
    return spy


@pytest.fixture
def spy_on() -> Callable[[Jam], SpyStore]:
    """Return a function that swaps a Jam's session store for a spy."""
    return _spy_on
