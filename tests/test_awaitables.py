"""No awaitable passes for a result: every asyncio I/O method refuses ``bool()``.

jamlib's asyncio facade returned a plain bool from ``otp_verify_code``; code
written for it (``if auth.otp_verify_code(secret, code):``) that runs on
``jam.aio.Jam`` without ``await`` would test a coroutine for truth and accept
every code. Every coroutine method of an asyncio engine, and so of the
facade, returns a :class:`jam._awaitables.Pending` instead, which raises.
"""

from __future__ import annotations

import asyncio
import gc
import inspect
import warnings
from typing import Any

import pytest

from jam._awaitables import Pending, ReadyDict, ReadyStr
from jam.aio import Jam
from jam.jwt import AsyncJWTEngine
from jam.oauth2 import AsyncOAuth2Engine
from jam.otp import AsyncOTPEngine
from jam.sessions import AsyncSessionEngine

SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
CONFIG: dict[str, Any] = {
    "jwt": {"secret_key": "an-hs256-test-secret-of-32-bytes+!", "list": {"type": "black"}},
    "session": {"backend": "memory"},
    "otp": {"replay_protection": True},
}


@pytest.mark.parametrize(
    "engine", [AsyncJWTEngine, AsyncSessionEngine, AsyncOTPEngine, AsyncOAuth2Engine]
)
def test_every_public_coroutine_of_an_asyncio_engine_is_guarded(engine: type) -> None:
    for name, member in inspect.getmembers(engine, inspect.isfunction):
        if name.startswith("_"):
            continue
        assert not inspect.iscoroutinefunction(member), f"{engine.__name__}.{name} is bare"
        wrapped = getattr(member, "__wrapped__", None)
        if wrapped is not None:
            assert inspect.iscoroutinefunction(wrapped), name


async def test_a_forgotten_await_raises_instead_of_accepting() -> None:
    async with Jam(config=CONFIG) as auth:
        wrong = "000000" if auth.otp_code(SECRET) != "000000" else "111111"
        pending = auth.otp_verify_code(SECRET, wrong)
        with pytest.raises(TypeError, match="await"):  # noqa: PT012  (the jamlib-style slip)
            if pending:
                pytest.fail("a wrong code was accepted")
        assert await pending is False

        forged = "eyJhbGciOiJIUzI1NiJ9.e30.AAAA"
        for slip in (
            auth.jwt_verify_token(forged),
            auth.session_get("no-such-session"),
            auth.otp_verify_counter(SECRET, wrong),
            auth.otp_check_code(SECRET, wrong),
        ):
            assert isinstance(slip, Pending)
            with pytest.raises(TypeError, match="await it"):
                bool(slip)
            with pytest.raises(TypeError):
                assert slip
            slip.close()
        with pytest.warns(DeprecationWarning, match="otp_verify_code"):
            alias = auth.verify_otp_code(SECRET, wrong)
        with pytest.raises(TypeError, match="await it"):
            bool(alias)
        alias.close()


async def test_a_pending_call_is_a_real_coroutine() -> None:
    async with Jam(config=CONFIG) as auth:
        sid = await asyncio.create_task(auth.session_create("alice", {"n": 1}))
        first, second = await asyncio.gather(auth.session_get(sid), auth.session_list("alice"))
        assert first == {"n": 1}
        assert second == [sid]
        pending = auth.session_get(sid)
        assert repr(pending) == "<Pending AsyncSessionEngine.get(): await it>"  # no id shown
        pending.close()


def test_a_never_awaited_call_still_warns() -> None:
    auth = Jam(config={"session": {"backend": "memory"}})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        auth.session_get("x" * 43)
        gc.collect()
    assert any("never awaited" in str(w.message) for w in caught)
    asyncio.run(auth.aclose())


async def test_jamlib_coroutines_that_compute_are_awaitable_and_plain() -> None:
    async with Jam(config=CONFIG) as auth:
        payload = auth.jwt_make_payload(60, {"sub": "1"})
        assert isinstance(payload, ReadyDict)
        assert (await payload)["sub"] == "1" == payload["sub"]
        awaited = await auth.jwt_make_payload(60, {"sub": "2"})
        assert awaited["sub"] == "2"
        with pytest.warns(DeprecationWarning, match="otp_code"):
            code = await auth.get_otp_code(SECRET, 59)
        assert isinstance(code, ReadyStr)
        assert code == auth.otp_code(SECRET, 59)
        assert await auth.otp_verify_code(SECRET, code, 59)  # a ReadyStr is a code too
