"""A Jam whose construction fails part-way closes the backends it had already opened."""

from __future__ import annotations

import asyncio

import pytest

import jam
import jam.aio

SPY_LIST = """
from jam.plugins import TokenListRecord, hookimpl

OPENED = []
CLOSED = []

class Spy:
    def __init__(self, options):
        OPENED.append(self)
    def add(self, token_id, ttl): pass
    def add_if_absent(self, token_id, ttl): return True
    def contains(self, token_id): return False
    def remove(self, token_id): pass
    def close(self):
        CLOSED.append(self)

class AsyncSpy(Spy):
    async def add(self, token_id, ttl): pass
    async def add_if_absent(self, token_id, ttl): return True
    async def contains(self, token_id): return False
    async def remove(self, token_id): pass
    async def close(self):
        CLOSED.append(self)

@hookimpl
def jam_register_token_lists():
    return [TokenListRecord(name="spy", options=None, factory=Spy, async_factory=AsyncSpy)]
"""

CONFIG = {
    "otp": {"replay_protection": True, "replay_backend": "spy"},
    "session": {"backend": "no-such-store"},
}
"""The sync facade builds OTP before sessions: the spy list is open when sessions fail."""

ASYNC_CONFIG = {
    "jwt": {
        "secret_key": "cleanup-secret-Zq8Lw3Rt6Yp1Xc5Vb",
        "list": {"type": "black", "backend": "spy"},
    },
    "otp": {"replay_protection": True, "replay_backend": "no-such-store"},
}
"""The asyncio facade builds the JWT list before OTP: the spy is open when OTP fails."""


@pytest.fixture
def spy(fake_dist):
    fake_dist("jam-auth-spy", modules={"jam_spy": SPY_LIST}, entry_points={"spy": "jam_spy"})
    import jam_spy  # type: ignore[import-not-found]

    return jam_spy


def test_sync_facade_closes_opened_backends_when_build_fails(spy) -> None:
    with pytest.raises(jam.JamPluginNotFoundError, match="no-such-store"):
        jam.Jam(config=CONFIG)
    assert len(spy.OPENED) == 1
    assert spy.CLOSED == spy.OPENED


def test_async_facade_closes_opened_backends_when_build_fails(spy) -> None:
    with pytest.raises(jam.JamPluginNotFoundError, match="no-such-store"):
        jam.aio.Jam(config=ASYNC_CONFIG)
    assert len(spy.OPENED) == 1
    assert spy.CLOSED == spy.OPENED


async def test_async_facade_built_inside_a_loop_also_cleans_up(spy) -> None:
    with pytest.raises(jam.JamPluginNotFoundError):
        jam.aio.Jam(config=ASYNC_CONFIG)
    for _ in range(5):
        if spy.CLOSED:
            break
        await asyncio.sleep(0)
    assert spy.CLOSED == spy.OPENED
