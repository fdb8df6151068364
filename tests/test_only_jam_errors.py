"""Only JamError escapes: odd input that used to leak ``UnicodeEncodeError``, ``RecursionError``
or ``TypeError`` now ends in Jam's own typed errors, the same on every backend.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

import jam
from jam.exceptions import InvalidPayload, JamError, SessionDataError

LONE = "\ud800"


def deep(levels: int) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for _ in range(levels):
        value = {"x": value}
    return value


@pytest.fixture(params=["memory", "sqlite"])
def sessions(request: pytest.FixtureRequest, tmp_path: Any) -> jam.Jam:
    table: dict[str, Any] = {"backend": request.param}
    if request.param == "sqlite":
        table["path"] = str(tmp_path / "s.db")
    auth = jam.Jam(config={"session": table})
    yield auth
    auth.close()


@pytest.mark.parametrize(
    "data",
    [
        {"name": LONE},
        {LONE: 1},
        {"nested": [{"x": LONE}]},
        {1: "a", "1": "b"},
        {"nested": {2: "x"}},
        {"list": [{None: 1}]},
        deep(100_000),
    ],
    ids=[
        "surrogate-value",
        "surrogate-key",
        "nested-surrogate",
        "1-and-'1'",
        "nested-int-key",
        "none-key",
        "100k-deep",
    ],
)
def test_unusable_session_data_is_a_session_data_error(sessions: jam.Jam, data: Any) -> None:
    with pytest.raises(SessionDataError):
        sessions.session_create("alice", data)
    sid = sessions.session_create("alice", {"ok": True})
    with pytest.raises(SessionDataError):
        sessions.session_update(sid, data)
    assert sessions.session_get(sid) == {"ok": True}  # nothing was written


@pytest.mark.parametrize("key", [LONE, f"alice{LONE}", "x" * 1025, "", 42, None])
def test_unusable_session_keys_are_refused_before_any_store(sessions: jam.Jam, key: Any) -> None:
    with pytest.raises(SessionDataError):
        sessions.session_create(key, {})
    with pytest.raises(SessionDataError):
        sessions.session_clear(key)
    with pytest.raises(SessionDataError):
        sessions.session_list(key)


@pytest.mark.parametrize("sid", [LONE * 43, f"{LONE}.{'a' * 43}", "\x00" * 43])
def test_odd_session_ids_are_unknown_ids(sessions: jam.Jam, sid: str) -> None:
    assert sessions.session_get(sid) is None
    sessions.session_delete(sid)
    with pytest.raises(jam.SessionNotFound):
        sessions.session_rework(sid)


def test_jwt_inputs_raise_only_typed_errors(tmp_path: Any) -> None:
    table = {"type": "black", "backend": "sqlite", "path": str(tmp_path / "l.db")}
    auth = jam.Jam(
        config={"jwt": {"secret_key": "an-hs256-test-secret-of-32-bytes+!", "list": table}}
    )
    with pytest.raises(InvalidPayload):
        auth.jwt_make_payload(60, None)  # type: ignore[arg-type]
    with pytest.raises(InvalidPayload):
        auth.jwt_make_payload(60, [("sub", "1")])  # type: ignore[arg-type]
    with pytest.raises(InvalidPayload):
        auth.jwt_create_token({"sub": LONE, "exp": int(time.time()) + 60})
    with pytest.raises(InvalidPayload):
        auth.jwt_create_token(deep(100_000))
    # A jti that JSON decodes to a lone surrogate is hashed, never stored raw.
    import base64
    import hashlib
    import hmac

    def b64(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    header = b64(b'{"alg":"HS256","typ":"JWT"}')
    payload = b64(b'{"jti":"\\ud800","exp":%d}' % (int(time.time()) + 60))
    signature = b64(
        hmac.digest(
            b"an-hs256-test-secret-of-32-bytes+!", f"{header}.{payload}".encode(), hashlib.sha256
        )
    )
    token = f"{header}.{payload}.{signature}"
    assert auth.jwt_verify_token(token)["jti"] == LONE
    auth.jwt_revoke_token(token)
    with pytest.raises(jam.TokenInBlackList):
        auth.jwt_verify_token(token)
    assert auth.jwt.token_id(token).startswith("jws:")
    auth.close()


async def test_the_asyncio_facade_raises_the_same_errors(tmp_path: Any) -> None:
    import jam.aio

    config = {"session": {"backend": "sqlite", "path": str(tmp_path / "s.db")}}
    async with jam.aio.Jam(config=config) as auth:
        for data in ({1: "a", "1": "b"}, {"v": LONE}, deep(100_000)):
            with pytest.raises(SessionDataError):
                await auth.session_create("alice", data)
        with pytest.raises(SessionDataError):
            await auth.session_create(LONE, {})
        with pytest.raises(JamError):
            await auth.session_list(LONE)
