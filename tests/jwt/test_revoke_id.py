"""``jwt_revoke_id(jti, exp)``: revoke a token an application knows only by its id."""

from __future__ import annotations

import time
from typing import Any

import pytest

import jam
import jam.aio
from jam.exceptions import InvalidPayload, JamConfigError, TokenInBlackList, TokenNotInWhiteList

SECRET = "a-revoke-by-id-test-secret-of-32-bytes"


def made(kind: str) -> jam.Jam:
    return jam.Jam(config={"jwt": {"secret_key": SECRET, "list": {"type": kind}}})


def test_revoking_the_jti_revokes_the_token_on_a_black_list() -> None:
    auth = made("black")
    payload = auth.jwt_make_payload(60, {"sub": "1"})
    token = auth.jwt_create_token(payload)
    auth.jwt_revoke_id(payload["jti"], payload["exp"])
    with pytest.raises(TokenInBlackList):
        auth.jwt_verify_token(token)
    assert auth.jwt.is_listed(token)


def test_the_entry_lives_as_long_as_the_token_would() -> None:
    auth = made("black")
    added: list[tuple[str, Any]] = []
    backend = auth.jwt_list
    original = backend.add
    backend.add = lambda token_id, ttl: (added.append((token_id, ttl)), original(token_id, ttl))[1]  # type: ignore[method-assign]
    auth.jwt_revoke_id("abc", time.time() + 100)
    auth.jwt_revoke_id("old", time.time() - 100)  # already expired: nothing to store
    auth.jwt_revoke_id("forever")  # exp unknown: entry_ttl (None: until removed)
    assert [(i, t is None or 99 <= t <= 101) for i, t in added] == [
        ("jti:abc", True),
        ("jti:forever", True),
    ]


def test_a_white_list_removes_the_id() -> None:
    auth = made("white")
    payload = auth.jwt_make_payload(60, {"sub": "1"})
    token = auth.jwt_create_token(payload)
    assert auth.jwt_verify_token(token)["sub"] == "1"
    auth.jwt_revoke_id(payload["jti"])
    with pytest.raises(TokenNotInWhiteList):
        auth.jwt_verify_token(token)


@pytest.mark.parametrize("jti", ["", "x" * 257, "caf\u00e9", "a\nb", None, 42])
def test_ids_a_list_never_keys_on_are_refused(jti: Any) -> None:
    with pytest.raises(InvalidPayload):
        made("black").jwt_revoke_id(jti)


def test_exp_must_be_a_number() -> None:
    with pytest.raises(InvalidPayload):
        made("black").jwt_revoke_id("abc", True)  # type: ignore[arg-type]


def test_without_a_list_it_says_what_is_missing() -> None:
    auth = jam.Jam(config={"jwt": {"secret_key": SECRET}})
    with pytest.raises(JamConfigError, match=r"jam\.jwt\.list"):
        auth.jwt_revoke_id("abc")


async def test_the_asyncio_facade_awaits_it() -> None:
    config = {"jwt": {"secret_key": SECRET, "list": {"type": "black"}}}
    async with jam.aio.Jam(config=config) as auth:
        payload = auth.jwt_make_payload(60, {"sub": "1"})
        token = await auth.jwt_create_token(payload)
        pending = auth.jwt_revoke_id(payload["jti"], payload["exp"])
        with pytest.raises(TypeError, match="await it"):
            bool(pending)
        await pending
        with pytest.raises(TokenInBlackList):
            await auth.jwt_verify_token(token)
