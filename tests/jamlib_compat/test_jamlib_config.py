"""jamlib 2.5's configuration keys, end to end: each one reaches the setting it named.

Flat tables (``auth_type``) and the nested layout, as dicts and as TOML, for the
keys jamlib documented: ``auth_type``, ``alg``, ``secret_key``, ``expire``,
``list`` with ``in_list_life_time``, ``sessions_type``/``session_type``,
``session_ttl``, ``sessions_path``, ``redis_uri``, ``is_session_crypt``,
``session_aes_secret``, ``json_path``, plus ``allow_weak_secret`` (Jam's).
"""

from __future__ import annotations

import base64
import logging
import os
from pathlib import Path
from typing import Any

import pytest

import jam
import jam.aio
from jam.exceptions import EmptySecretKey, InvalidKey

SECRET = "a-jwt-secret-of-at-least-32-bytes!!"


def fernet_style_key() -> str:
    """What jamlib's ``generate_aes_key()`` returned: 32 random bytes, base64url, padded."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode("ascii")


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_flat_jwt_keys_reach_the_jwt_settings() -> None:
    auth = jam.Jam(
        config={
            "auth_type": "jwt",
            "alg": "HS512",
            "secret_key": SECRET * 2,
            "expire": 120,
            "list": {"type": "black", "backend": "memory", "in_list_life_time": 900},
        }
    )
    settings = auth.config.jwt
    assert settings is not None and settings.token_list is not None
    assert (settings.alg, settings.expire) == ("HS512", 120)
    assert settings.token_list.entry_ttl == 900
    payload = auth.jwt_make_payload(None, {"sub": "1"})
    assert payload["exp"] - payload["iat"] == 120


@pytest.mark.parametrize("as_bytes", [False, True], ids=["text", "bytes"])
@pytest.mark.parametrize("auth_type", ["session", "sessions"])
def test_flat_session_keys_reach_the_session_settings(auth_type: str, as_bytes: bool) -> None:
    key = fernet_style_key()
    auth = jam.Jam(
        config={
            "auth_type": auth_type,
            "sessions_type": "memory",
            "session_ttl": 600,
            "is_session_crypt": True,
            "session_aes_secret": key.encode() if as_bytes else key,  # jamlib passed bytes
        }
    )
    settings = auth.config.session
    assert settings is not None
    assert (settings.backend, settings.default_ttl, settings.is_session_crypt) == (
        "memory",
        600,
        True,
    )
    assert settings.session_secrets == [base64.urlsafe_b64decode(key)]
    sid = auth.session_create("alice", {"n": 1})
    assert auth.session_get(sid) == {"n": 1}


def test_jamlib_redis_session_keys_reach_the_store(redis_url: str, redis_prefix: str) -> None:
    with jam.Jam(
        config={
            "auth_type": "session",
            "sessions_type": "redis",
            "redis_uri": redis_url,
            "sessions_path": redis_prefix,
            "session_ttl": 60,
        }
    ) as auth:
        sid = auth.session_create("alice", {"n": 1})
        assert auth.session_get(sid) == {"n": 1}
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        keys = list(client.scan_iter(match=f"*{redis_prefix}*"))
        assert keys, "the session was not stored under jamlib's sessions_path"
        ttl = max(client.ttl(name) for name in keys)
        assert 0 < ttl <= 60
    finally:
        client.close()


def test_allow_weak_secret_is_settable_in_the_flat_layout(caplog: pytest.LogCaptureFixture) -> None:
    flat = {"auth_type": "jwt", "alg": "HS256", "secret_key": "SECRET"}
    with pytest.raises(InvalidKey, match="allow_weak_secret"):
        jam.Jam(config=flat)
    with caplog.at_level(logging.WARNING, logger="jam"):
        auth = jam.Jam(config={**flat, "allow_weak_secret": True})
    token = auth.jwt_create_token(auth.jwt_make_payload(60, {"sub": "1"}))
    assert auth.jwt_verify_token(token)["sub"] == "1"
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings and all("SECRET" not in r.getMessage() for r in warnings)


def test_a_flat_jamlib_toml_file_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text(
        """
[tool.jam]
auth_type = "jwt"
alg = "HS256"
secret_key = "$JAM_JWT_SECRET_KEY"
expire = 3600

[tool.jam.list]
type = "black"
backend = "json"
json_path = "var/blacklist.json"
"""
    )
    monkeypatch.setenv("JAM_JWT_SECRET_KEY", SECRET)
    with pytest.warns(DeprecationWarning, match="SQLite"):
        auth = jam.Jam()
    with auth:
        token = auth.jwt_create_token(auth.jwt_make_payload(None, {"sub": "1"}))
        auth.jwt_revoke_token(token)
    assert (tmp_path / "var" / "blacklist.db").is_file()


async def test_the_flat_layout_on_the_asyncio_facade() -> None:
    async with jam.aio.Jam(config={"auth_type": "jwt", "secret_key": SECRET, "expire": 60}) as auth:
        payload = auth.jwt_make_payload(None, {"sub": "1"})
        token = await auth.jwt_create_token(payload)
        assert (await auth.jwt_verify_token(token))["exp"] - payload["iat"] == 60


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"auth_type": "oauth3"}, "auth_type"),
        ({"auth_type": "jwt", "secret_key": SECRET, "jwt": {"alg": "HS256"}}, "one layout"),
        ({"auth_type": "session", "sessions_type": "custom"}, "custom"),
        ({"session": {"sessions_type": "memory", "id_factory": "uuid"}}, "id_factory"),
    ],
)
def test_what_jam_does_not_take_from_jamlib_is_refused_by_name(
    config: dict[str, Any], message: str
) -> None:
    with pytest.raises(jam.JamError, match=message):
        jam.Jam(config=config)


def test_jamlib_env_default_is_not_read_implicitly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JAM_JWT_SECRET_KEY", SECRET)
    with pytest.raises(EmptySecretKey):
        jam.Jam(config={"jwt": {"alg": "HS256"}})
    assert jam.Jam(config={"jwt": {"secret_key": "$JAM_JWT_SECRET_KEY"}}).jwt is not None
