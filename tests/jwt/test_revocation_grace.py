"""Revocation outlives ``exp`` for callers who skip the expiry check (``revocation_grace``).

The rule (docs/jwt.md, "Revocation and check_exp=False"): list entries live
until ``exp + leeway + revocation_grace``; a token checked against a list
that expired longer ago than that is refused even with ``check_exp=False``,
because the list cannot say any more whether it was revoked. Run on every
first-party backend: memory, sqlite and a real Redis.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest

import jam
from jam.exceptions import TokenInBlackList, TokenLifeTimeExpired, TokenNotInWhiteList

SECRET = "a-revocation-grace-test-secret-of-32+bytes"

BACKENDS = ("memory", "sqlite", "redis")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Any) -> dict[str, Any]:
    if request.param == "sqlite":
        return {"backend": "sqlite", "path": str(tmp_path / "lists.db")}
    if request.param == "redis":
        redis = pytest.importorskip("redis")
        url = "redis://127.0.0.1:6379/0"
        try:
            redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        except redis.RedisError:
            pytest.skip("no redis-server on 127.0.0.1:6379")
        return {"backend": "redis", "redis_uri": url, "prefix": f"jam-grace-{uuid.uuid4().hex}"}
    return {"backend": "memory"}


def make(kind: str, backend: dict[str, Any], **list_keys: Any) -> jam.Jam:
    table = {"type": kind, **backend, **list_keys}
    return jam.Jam(config={"jwt": {"alg": "HS256", "secret_key": SECRET, "list": table}})


def expired_token(auth: jam.Jam, ago: int, jti: str | None = "expired") -> str:
    claims: dict[str, Any] = {"sub": "1", "exp": int(time.time()) - ago}
    if jti is not None:
        claims["jti"] = jti
    return auth.jwt_create_token(claims)


def test_a_revoked_expired_token_stays_revoked_within_the_grace(backend: dict[str, Any]) -> None:
    with make("black", backend, revocation_grace=3600) as auth:
        token = expired_token(auth, ago=60)
        assert auth.jwt_verify_token(token, check_exp=False)["sub"] == "1"
        auth.jwt_revoke_token(token)  # expired, but within the grace: an entry is stored
        with pytest.raises(TokenInBlackList):
            auth.jwt_verify_token(token, check_exp=False)
        assert auth.jwt.is_listed(token)


def test_without_a_grace_an_expired_token_fails_every_list_check(
    backend: dict[str, Any],
) -> None:
    with make("black", backend) as auth:
        for jti in ("expired", None):  # with and without a jti
            token = expired_token(auth, ago=5, jti=jti)
            with pytest.raises(TokenLifeTimeExpired, match="revocation_grace"):
                auth.jwt_verify_token(token, check_exp=False)
            auth.jwt_revoke_token(token)
            with pytest.raises(TokenLifeTimeExpired):
                auth.jwt_verify_token(token, check_exp=False)
            # Skipping the list too is the caller's explicit choice.
            assert auth.jwt_verify_token(token, check_exp=False, check_list=False)["sub"] == "1"


def test_past_the_grace_the_list_cannot_vouch_any_more(backend: dict[str, Any]) -> None:
    with make("black", backend, revocation_grace=60) as auth:
        token = expired_token(auth, ago=120)
        with pytest.raises(TokenLifeTimeExpired, match="revocation_grace"):
            auth.jwt_verify_token(token, check_exp=False)


def test_a_white_list_keeps_admitted_tokens_for_the_grace(backend: dict[str, Any]) -> None:
    with make("white", backend, revocation_grace=3600) as auth:
        token = expired_token(auth, ago=60)  # created (admitted) already expired
        assert auth.jwt_verify_token(token, check_exp=False)["sub"] == "1"
        auth.jwt_revoke_token(token)
        with pytest.raises(TokenNotInWhiteList):
            auth.jwt_verify_token(token, check_exp=False)


def test_entries_live_until_exp_plus_leeway_plus_grace() -> None:
    auth = make("black", {"backend": "memory"}, revocation_grace=100)
    rules = auth.jwt.listing.rules
    now = time.time()
    assert rules.ttl({"exp": now + 50}, now) == 150
    assert rules.ttl({"exp": now - 50}, now) == 50
    assert rules.ttl({"exp": now - 150}, now) == 0
    auth.close()
