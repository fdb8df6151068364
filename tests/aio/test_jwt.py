"""``jam.aio.Jam`` JWT methods: create/verify/revoke over memory, sqlite and a real Redis."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

import jam
from jam.aio import Jam
from jam.exceptions import (
    BackendError,
    InvalidSignature,
    JamConfigError,
    MalformedToken,
    TokenInBlackList,
    TokenLifeTimeExpired,
    TokenNotInWhiteList,
)

MakeAJam = Callable[..., Jam]
Table = Callable[..., dict[str, Any]]


async def test_round_trip_without_a_list(make_ajam: MakeAJam, jwt_table: Table) -> None:
    auth = make_ajam(jwt=jwt_table())
    payload = auth.jwt_make_payload(exp=60, data={"sub": "42"})
    token = await auth.jwt_create_token(payload)
    assert await auth.jwt_verify_token(token) == payload
    assert await auth.jwt_verify_token(token.encode("ascii")) == payload
    assert auth.jwt_list is None


async def test_black_list_revoke_then_verify_fails(
    make_ajam: MakeAJam, jwt_table: Table, backend: dict[str, Any]
) -> None:
    auth = make_ajam(jwt=jwt_table(list={"type": "black", **backend}))
    token = await auth.jwt_create_token(auth.jwt_make_payload(60, {"sub": "1"}))
    other = await auth.jwt_create_token(auth.jwt_make_payload(60, {"sub": "2"}))
    assert (await auth.jwt_verify_token(token))["sub"] == "1"
    await auth.jwt_revoke_token(token)
    with pytest.raises(TokenInBlackList):
        await auth.jwt_verify_token(token)
    with pytest.raises(TokenInBlackList):  # bytes map to the same id
        await auth.jwt_verify_token(token.encode("ascii"))
    assert (await auth.jwt_verify_token(token, check_list=False))["sub"] == "1"
    assert (await auth.jwt_verify_token(other))["sub"] == "2"


async def test_black_list_stores_the_jti_with_the_remaining_lifetime(
    make_ajam: MakeAJam, jwt_table: Table, backend: dict[str, Any]
) -> None:
    auth = make_ajam(jwt=jwt_table(list={"type": "black", **backend}))
    payload = auth.jwt_make_payload(60, {"sub": "1"})
    await auth.jwt_revoke_token(await auth.jwt_create_token(payload))
    tokens = auth.jwt_list
    assert tokens is not None
    assert await tokens.contains("jti:" + payload["jti"])


async def test_white_list_accepts_only_tokens_it_issued(
    make_ajam: MakeAJam, jwt_table: Table, backend: dict[str, Any]
) -> None:
    auth = make_ajam(jwt=jwt_table(list={"type": "white", **backend}))
    issued = await auth.jwt_create_token(auth.jwt_make_payload(60, {"sub": "1"}))
    assert (await auth.jwt_verify_token(issued))["sub"] == "1"
    with jam.Jam(config={"jwt": jwt_table()}) as outsider:  # same key, never listed
        stranger = outsider.jwt_create_token(outsider.jwt_make_payload(60, {"sub": "2"}))
    with pytest.raises(TokenNotInWhiteList):
        await auth.jwt_verify_token(stranger)
    assert (await auth.jwt_verify_token(stranger, check_list=False))["sub"] == "2"
    await auth.jwt_revoke_token(issued)
    with pytest.raises(TokenNotInWhiteList):
        await auth.jwt_verify_token(issued)


async def test_an_expired_token_fails_a_list_check_even_without_check_exp(
    make_ajam: MakeAJam, jwt_table: Table, backend: dict[str, Any]
) -> None:
    # The list no longer remembers revocations of tokens this old (revocation_grace = 0).
    auth = make_ajam(jwt=jwt_table(list={"type": "black", **backend}))
    now = int(time.time())
    token = await auth.jwt_create_token({"sub": "1", "jti": "old", "exp": now - 10})
    with pytest.raises(TokenLifeTimeExpired):
        await auth.jwt_verify_token(token)
    with pytest.raises(TokenLifeTimeExpired, match="revocation_grace"):
        await auth.jwt_verify_token(token, check_exp=False)
    assert (await auth.jwt_verify_token(token, check_exp=False, check_list=False))["sub"] == "1"
    await auth.jwt_revoke_token(token)  # nothing to store: no list check accepts it again
    tokens = auth.jwt_list
    assert tokens is not None
    assert not await tokens.contains("jti:old")


@pytest.mark.redis
async def test_black_list_on_redis(
    make_ajam: MakeAJam, jwt_table: Table, redis_url: str, redis_prefix: str
) -> None:
    table = {"type": "black", "backend": "redis", "redis_uri": redis_url, "prefix": redis_prefix}
    auth = make_ajam(jwt=jwt_table(list=table))
    token = await auth.jwt_create_token(auth.jwt_make_payload(60, {"sub": "1"}))
    assert (await auth.jwt_verify_token(token))["sub"] == "1"
    await auth.jwt_revoke_token(token)
    with pytest.raises(TokenInBlackList):
        await auth.jwt_verify_token(token)
    # A second facade on the same prefix (another worker) sees the revocation.
    peer = make_ajam(jwt=jwt_table(list=table))
    with pytest.raises(TokenInBlackList):
        await peer.jwt_verify_token(token)


@pytest.mark.redis
async def test_white_list_on_redis(
    make_ajam: MakeAJam, jwt_table: Table, redis_url: str, redis_prefix: str
) -> None:
    table = {"type": "white", "backend": "redis", "redis_uri": redis_url, "prefix": redis_prefix}
    auth = make_ajam(jwt=jwt_table(list=table))
    token = await auth.jwt_create_token(auth.jwt_make_payload(60, {"sub": "1"}))
    assert (await auth.jwt_verify_token(token))["sub"] == "1"
    await auth.jwt_revoke_token(token)
    with pytest.raises(TokenNotInWhiteList):
        await auth.jwt_verify_token(token)


async def test_unreachable_list_is_a_backend_error_never_a_pass(
    make_ajam: MakeAJam, jwt_table: Table
) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    table = {"type": "black", "backend": "redis", "redis_uri": f"redis://127.0.0.1:{port}/0"}
    auth = make_ajam(jwt=jwt_table(list=table))
    token = await auth.jwt_create_token(auth.jwt_make_payload(60, {"sub": "1"}))
    with pytest.raises(BackendError):
        await auth.jwt_verify_token(token)
    with pytest.raises(BackendError):
        await auth.jwt_revoke_token(token)


async def test_forged_and_malformed_tokens_raise_typed_errors(
    make_ajam: MakeAJam, jwt_table: Table, backend: dict[str, Any]
) -> None:
    auth = make_ajam(jwt=jwt_table(list={"type": "black", **backend}))
    token = await auth.jwt_create_token(auth.jwt_make_payload(60, {"sub": "1"}))
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    with pytest.raises(InvalidSignature):
        await auth.jwt_verify_token(forged)
    with pytest.raises(InvalidSignature):
        await auth.jwt_revoke_token(forged)
    for junk in ("", "a.b", "a.b.c", "é.é.é", b"\xff.\xff.\xff", "x" * 100_000):
        with pytest.raises(MalformedToken):
            await auth.jwt_verify_token(junk)


async def test_sync_and_async_facades_agree_on_tokens(
    make_ajam: MakeAJam, jwt_table: Table
) -> None:
    auth = make_ajam(jwt=jwt_table(issuer="https://api.example", audience="app"))
    with jam.Jam(config={"jwt": jwt_table(issuer="https://api.example", audience="app")}) as sync:
        from_sync = sync.jwt_create_token(sync.jwt_make_payload(60, {"sub": "sync"}))
        from_async = await auth.jwt_create_token(auth.jwt_make_payload(60, {"sub": "async"}))
        assert (await auth.jwt_verify_token(from_sync))["sub"] == "sync"
        assert sync.jwt_verify_token(from_async)["sub"] == "async"
        assert sync.jwt_verify_token(from_async) == await auth.jwt_verify_token(from_async)


async def test_a_shared_sqlite_list_is_shared_by_both_facades(
    make_ajam: MakeAJam, jwt_table: Table, tmp_path: Any
) -> None:
    table = jwt_table(list={"type": "black", "backend": "sqlite", "path": str(tmp_path / "l.db")})
    auth = make_ajam(jwt=table)
    with jam.Jam(config={"jwt": table}) as sync:
        token = sync.jwt_create_token(sync.jwt_make_payload(60, {"sub": "1"}))
        await auth.jwt_revoke_token(token)
        with pytest.raises(TokenInBlackList):
            sync.jwt_verify_token(token)
        other = await auth.jwt_create_token(auth.jwt_make_payload(60, {"sub": "2"}))
        sync.jwt_revoke_token(other)
        with pytest.raises(TokenInBlackList):
            await auth.jwt_verify_token(other)


async def test_deprecated_aliases_warn_and_work(make_ajam: MakeAJam, jwt_table: Table) -> None:
    auth = make_ajam(jwt=jwt_table())
    with pytest.warns(DeprecationWarning, match="jwt_make_payload"):
        payload = auth.make_payload(exp=60, sub="42")
    assert payload["sub"] == "42"
    with pytest.warns(DeprecationWarning, match="jwt_create_token"):
        token = await auth.gen_jwt_token(payload)
    with pytest.warns(DeprecationWarning, match="jwt_verify_token"):
        assert await auth.verify_jwt_token(token) == payload


async def test_missing_tables_are_config_errors(make_ajam: MakeAJam, jwt_table: Table) -> None:
    bare = make_ajam()
    with pytest.raises(JamConfigError, match=r"jam\.jwt"):
        bare.jwt_make_payload(60, {})
    with pytest.raises(JamConfigError, match=r"jam\.jwt"):
        await bare.jwt_create_token({})
    with pytest.raises(JamConfigError, match=r"jam\.jwt"):
        await bare.jwt_verify_token("a.b.c")
    with pytest.raises(JamConfigError, match=r"jam\.jwt"):
        await bare.jwt_revoke_token("a.b.c")
    with pytest.raises(JamConfigError, match=r"jam\.jwt"):
        bare.jwt_list  # noqa: B018  (the property raises)
    unlisted = make_ajam(jwt=jwt_table())
    token = await unlisted.jwt_create_token(unlisted.jwt_make_payload(60, {}))
    with pytest.raises(JamConfigError, match=r"jam\.jwt\.list"):
        await unlisted.jwt_revoke_token(token)


SYNC_ONLY_LIST = """
from jam.builtin._memory_lists import MemoryTokenList
from jam.plugins import TokenListRecord, hookimpl

@hookimpl
def jam_register_token_lists():
    return [TokenListRecord(name="synconly", options=None, factory=MemoryTokenList)]
"""


def test_a_list_without_an_asyncio_flavour_is_refused_at_build(
    fake_dist: Callable[..., Any], jwt_table: Table
) -> None:
    fake_dist(
        "jam-auth-synconly",
        modules={"jam_synconly": SYNC_ONLY_LIST},
        entry_points={"synconly": "jam_synconly"},
    )
    table = jwt_table(list={"type": "black", "backend": "synconly"})
    with jam.Jam(config={"jwt": table}) as sync:  # the sync facade is fine with it
        assert sync.jwt_list is not None
    with pytest.raises(JamConfigError, match="'synconly' has no asyncio implementation"):
        Jam(config={"jwt": table})
