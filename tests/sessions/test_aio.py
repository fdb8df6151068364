"""The asyncio facade ``jam.aio.Jam`` over the memory and sqlite stores."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

import pytest

from jam.aio import Jam
from jam.exceptions import JamConfigError, SessionDataError, SessionNotFound
from jam.sessions import AsyncSessionEngine, generate_session_secret

if TYPE_CHECKING:
    from pathlib import Path


def _configs(tmp_path: Path) -> list[dict[str, Any]]:
    return [
        {"backend": "memory"},
        {"backend": "sqlite", "path": str(tmp_path / "jam.db")},
        {
            "backend": "memory",
            "is_session_crypt": True,
            "session_aes_secret": generate_session_secret(),
            "idle_ttl": 60,
        },
        {
            "backend": "sqlite",
            "path": str(tmp_path / "c.db"),
            "is_session_crypt": True,
            "session_aes_secret": generate_session_secret(),
            "idle_ttl": 60,
        },
    ]


@pytest.mark.parametrize("index", range(4))
async def test_async_facade_full_cycle(tmp_path: Path, index: int) -> None:
    async with Jam(config={"session": _configs(tmp_path)[index]}) as jam:
        assert isinstance(jam.sessions, AsyncSessionEngine)
        sid = await jam.session_create("alice", {"a": 1})
        assert await jam.session_get(sid) == {"a": 1}
        await jam.session_update(sid, {"a": 2})
        new = await jam.session_rework(sid)
        assert await jam.session_get(sid) is None
        assert await jam.session_get(new) == {"a": 2}
        assert await jam.session_list("alice") == [new]
        with pytest.raises(SessionNotFound):
            await jam.session_update(sid, {})
        with pytest.raises(SessionDataError):
            await jam.session_create("alice", {"x": object()})
        await jam.session_delete(new)
        assert await jam.session_clear("alice") == 0


async def test_concurrent_reworks_have_one_winner(tmp_path: Path) -> None:
    async with Jam(
        config={"session": {"backend": "sqlite", "path": str(tmp_path / "j.db")}}
    ) as jam:
        sid = await jam.session_create("alice", {})
        results = await asyncio.gather(
            *(jam.session_rework(sid) for _ in range(8)), return_exceptions=True
        )
        winners = [r for r in results if isinstance(r, str)]
        assert len(winners) == 1
        assert all(isinstance(r, SessionNotFound) for r in results if r not in winners)


async def test_aclose_is_idempotent_and_aliases_warn() -> None:
    jam = Jam(config={"session": {"backend": "memory"}})
    with pytest.warns(DeprecationWarning, match="session_create"):
        sid = await jam.create_session("alice", {})
    with pytest.warns(DeprecationWarning, match="session_get"):
        assert await jam.get_session(sid) == {}
    await jam.aclose()
    await jam.aclose()


async def test_missing_session_table_is_a_config_error() -> None:
    jam = Jam(config={})
    with pytest.raises(JamConfigError, match=r"jam\.session"):
        await jam.session_get("x")
