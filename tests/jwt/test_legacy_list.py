"""jamlib's ``auth.jwt.list.add/check/delete(token)`` keep working, sync and asyncio (deprecated).

jamlib had no revoke method on its facade: its users put tokens on the list
by the token itself. ``add`` puts a token on the list (revokes it on a black
list, admits it on a white list), ``delete`` takes it off, ``check`` says
whether it is on. Unlike jamlib, a token whose signature does not verify is
refused.
"""

from __future__ import annotations

import time

import pytest

import jam
import jam.aio
from jam.exceptions import InvalidSignature, JamConfigError, TokenInBlackList, TokenNotInWhiteList

SECRET = "a-legacy-list-test-secret-of-32+bytes"


def table(kind: str) -> dict[str, object]:
    return {"jwt": {"secret_key": SECRET, "list": {"type": kind}}}


def test_black_list_add_check_delete() -> None:
    auth = jam.Jam(config=table("black"))
    token = auth.jwt_create_token(auth.jwt_make_payload(60, {"sub": "1"}))
    with pytest.warns(DeprecationWarning, match="jwt_revoke_token"):
        auth.jwt.list.add(token)
    with pytest.warns(DeprecationWarning, match="check"):
        assert auth.jwt.list.check(token) is True
    with pytest.raises(TokenInBlackList):
        auth.jwt_verify_token(token)
    with pytest.warns(DeprecationWarning, match="delete"):
        auth.jwt.list.delete(token)
    with pytest.warns(DeprecationWarning, match="auth.jwt.list"):
        assert auth.jwt.list.check(token) is False
    assert auth.jwt_verify_token(token)["sub"] == "1"


def test_white_list_add_admits_and_delete_revokes() -> None:
    auth = jam.Jam(config=table("white"))
    other = jam.Jam(config={"jwt": {"secret_key": SECRET}})
    token = other.jwt_create_token({"sub": "2", "exp": int(time.time()) + 60})
    with pytest.raises(TokenNotInWhiteList):
        auth.jwt_verify_token(token)
    with pytest.warns(DeprecationWarning, match="auth.jwt.list"):
        auth.jwt.list.add(token)
    assert auth.jwt_verify_token(token)["sub"] == "2"
    with pytest.warns(DeprecationWarning, match="auth.jwt.list"):
        auth.jwt.list.delete(token)
    with pytest.raises(TokenNotInWhiteList):
        auth.jwt_verify_token(token)


def test_a_forged_token_is_never_admitted() -> None:
    auth = jam.Jam(config=table("white"))
    forger = jam.Jam(config={"jwt": {"secret_key": "another-secret-of-32-bytes-or-more!!"}})
    forged = forger.jwt_create_token({"sub": "admin", "exp": int(time.time()) + 60})
    with pytest.warns(DeprecationWarning, match="auth.jwt.list"), pytest.raises(InvalidSignature):
        auth.jwt.list.add(forged)


def test_without_a_list_the_methods_say_what_is_missing() -> None:
    auth = jam.Jam(config={"jwt": {"secret_key": SECRET}})
    token = auth.jwt_create_token(auth.jwt_make_payload(60, {}))
    with (
        pytest.warns(DeprecationWarning, match="auth.jwt.list"),
        pytest.raises(JamConfigError, match=r"jam\.jwt\.list"),
    ):
        auth.jwt.list.add(token)


async def test_the_asyncio_engine_returns_awaitables() -> None:
    async with jam.aio.Jam(config=table("black")) as auth:
        token = await auth.jwt_create_token(auth.jwt_make_payload(60, {"sub": "1"}))
        with pytest.warns(DeprecationWarning, match="auth.jwt.list"):
            added = auth.jwt.list.add(token)
        with pytest.raises(TypeError, match="await it"):
            bool(added)
        await added
        with pytest.warns(DeprecationWarning, match="auth.jwt.list"):
            assert await auth.jwt.list.check(token) is True
        with pytest.raises(TokenInBlackList):
            await auth.jwt_verify_token(token)
