"""``jam.aio.Jam`` as a whole: which methods are coroutines, closing, and a free event loop."""

from __future__ import annotations

import asyncio
import inspect
import itertools
import time
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import jam
from jam.aio import Jam
from jam.exceptions import BackendError, JamConfigError
from jam.jwt import AsyncJWTEngine

Table = Callable[..., dict[str, Any]]

COROUTINES = {
    "session_create", "session_get", "session_update", "session_delete", "session_clear",
    "session_rework", "session_list", "create_session", "get_session", "update_session",
    "delete_session", "clear_sessions", "rework_session",
    "jwt_create_token", "jwt_verify_token", "jwt_revoke_token", "jwt_revoke_id", "gen_jwt_token",
    "verify_jwt_token",
    "otp_verify_code", "otp_verify_counter", "otp_check_code", "verify_otp_code",
    "oauth2_get_authorized_url", "oauth2_fetch_token", "oauth2_refresh_token",
    "oauth2_client_credentials_flow", "oauth2_begin", "oauth2_complete", "oauth2_userinfo",
    "oauth2_revoke_token", "oauth2_verify_id_token", "oauth2_device_begin",
    "oauth2_device_poll", "oauth2_device_wait",
    "aclose", "__aenter__", "__aexit__",
}  # fmt: skip
"""Everything that may touch a backend under some configuration."""

LIFECYCLE = {"aclose", "__aenter__", "__aexit__"}
"""Coroutine functions proper."""

READY = {"jwt_make_payload", "make_payload", "get_otp_code", "get_otp_uri"}
"""Pure, but coroutines in jamlib's asyncio facade: their values may also be awaited."""

PLAIN = {
    "jwt_make_payload", "make_payload", "otp_code", "otp_uri", "otp_generate_secret",
    "get_otp_code", "get_otp_uri", "close",
}  # fmt: skip
"""Pure CPU work: plain methods."""


def _everything(tmp_path: Path, secret: str) -> dict[str, Any]:
    """Sessions, a JWT black list and OTP replay protection, each in its own sqlite file."""
    return {
        "session": {"backend": "sqlite", "path": str(tmp_path / "sessions.db")},
        "jwt": {
            "alg": "HS256",
            "secret_key": secret,
            "list": {"type": "black", "backend": "sqlite", "path": str(tmp_path / "list.db")},
        },
        "otp": {
            "replay_protection": True,
            "replay_backend": "sqlite",
            "path": str(tmp_path / "otp.db"),
        },
    }


def test_a_method_returns_an_awaitable_exactly_when_it_may_touch_a_backend() -> None:
    public = {
        name
        for name in dir(Jam)
        if callable(inspect.getattr_static(Jam, name))
        and (not name.startswith("_") or name in {"__aenter__", "__aexit__"})
    }
    assert public == COROUTINES | PLAIN
    for name in LIFECYCLE:
        assert inspect.iscoroutinefunction(getattr(Jam, name)), name
    for name in (COROUTINES - LIFECYCLE) | READY:
        overloads = typing.get_overloads(inspect.unwrap(getattr(Jam, name)))
        returns = {str(inspect.signature(o).return_annotation) for o in overloads}
        expected = "Ready" if name in READY else "Awaitable["
        assert len(returns) == 2 and any(expected in r for r in returns), (name, returns)
    for name in PLAIN - READY:
        assert not inspect.iscoroutinefunction(getattr(Jam, name)), name
        assert not typing.get_overloads(inspect.unwrap(getattr(Jam, name))), name


def test_the_async_facade_offers_every_method_of_the_sync_one() -> None:
    def methods(cls: type) -> set[str]:
        return {name for name in dir(cls) if not name.startswith("_")}

    assert methods(jam.Jam) <= methods(Jam) | {"__enter__"}
    assert methods(Jam) - methods(jam.Jam) == {"aclose"}


async def test_aclose_closes_every_backend(tmp_path: Path, jwt_table: Table) -> None:
    auth = Jam(config=_everything(tmp_path, jwt_table()["secret_key"]))
    sid = await auth.session_create("alice", {})
    token = await auth.jwt_create_token(auth.jwt_make_payload(60, {}))
    secret = auth.otp_generate_secret()
    await auth.aclose()
    with pytest.raises(BackendError, match="closed"):
        await auth.session_get(sid)
    with pytest.raises(BackendError, match="closed"):
        await auth.jwt_verify_token(token)
    with pytest.raises(BackendError, match="closed"):
        await auth.otp_verify_code(secret, auth.otp_code(secret))
    # CPU-only work still answers after closing.
    assert (await auth.jwt_verify_token(token, check_list=False))["exp"] > time.time()
    await auth.aclose()  # idempotent
    auth.close()  # nothing left to refuse for


async def test_async_with_closes_every_backend(tmp_path: Path, jwt_table: Table) -> None:
    async with Jam(config=_everything(tmp_path, jwt_table()["secret_key"])) as auth:
        token = await auth.jwt_create_token(auth.jwt_make_payload(60, {}))
    with pytest.raises(BackendError, match="closed"):
        await auth.jwt_revoke_token(token)


async def test_aclose_closes_the_rest_when_one_backend_fails(
    tmp_path: Path, jwt_table: Table, monkeypatch: pytest.MonkeyPatch
) -> None:
    auth = Jam(config=_everything(tmp_path, jwt_table()["secret_key"]))
    tokens = auth.jwt_list
    assert tokens is not None
    sid = await auth.session_create("alice", {})

    class Broken:
        async def close(self) -> None:
            raise BackendError("disk on fire")

    monkeypatch.setattr(auth, "_engines", [Broken(), *auth._engines])
    with pytest.raises(BackendError, match="disk on fire"):
        await auth.aclose()
    with pytest.raises(BackendError, match="closed"):
        await tokens.contains("jti:x")
    with pytest.raises(BackendError, match="closed"):
        await auth.session_get(sid)


async def test_close_refuses_while_async_backends_are_open(
    tmp_path: Path, jwt_table: Table
) -> None:
    auth = Jam(config=_everything(tmp_path, jwt_table()["secret_key"]))
    try:
        with pytest.raises(JamConfigError, match=r"aclose\(\)"):
            auth.close()
        # Refusing closed nothing: the backends still work.
        token = await auth.jwt_create_token(auth.jwt_make_payload(60, {"sub": "1"}))
        assert (await auth.jwt_verify_token(token))["sub"] == "1"
        with pytest.raises(JamConfigError, match="async with"), auth:
            pass
    finally:
        await auth.aclose()
    auth.close()


async def test_close_is_fine_when_nothing_async_was_opened(jwt_table: Table) -> None:
    auth = Jam(config={"jwt": jwt_table(), "otp": {"type": "totp"}})
    auth.close()
    auth.close()


async def test_verifies_on_sqlite_do_not_block_the_event_loop(
    tmp_path: Path, jwt_table: Table
) -> None:
    table = jwt_table(list={"type": "black", "backend": "sqlite", "path": str(tmp_path / "l.db")})
    async with Jam(config={"jwt": table}) as auth:
        assert isinstance(auth.jwt, AsyncJWTEngine)
        assert auth.jwt_list is not None
        assert inspect.iscoroutinefunction(auth.jwt_list.contains)
        token = await auth.jwt_create_token(auth.jwt_make_payload(60, {"sub": "1"}))
        ticks: list[float] = []
        done = asyncio.Event()

        async def ticker() -> None:
            while not done.is_set():
                ticks.append(time.perf_counter())
                await asyncio.sleep(0)

        task = asyncio.create_task(ticker())
        await asyncio.sleep(0)
        start = len(ticks)
        for _ in range(200):
            assert (await auth.jwt_verify_token(token))["sub"] == "1"
        done.set()
        await task
    # Every verify waited on the sqlite thread, letting the ticker run meanwhile.
    assert len(ticks) - start >= 200
    assert max(b - a for a, b in itertools.pairwise(ticks)) < 0.25


async def test_async_engine_verifies_through_the_pure_core(jwt_table: Table) -> None:
    async with Jam(config={"jwt": jwt_table(list={"type": "black"})}) as auth:
        engine = auth.jwt
        assert isinstance(engine, AsyncJWTEngine)
        assert engine.listing is not None  # the list belongs to the driver, not the core
        assert not hasattr(engine.core, "listing")
        token = await auth.jwt_create_token(auth.jwt_make_payload(60, {"sub": "1"}))
        claims, signing_input = engine.core.verified(token.encode("ascii"))
        assert (claims["sub"], signing_input) == ("1", token.rpartition(".")[0])
