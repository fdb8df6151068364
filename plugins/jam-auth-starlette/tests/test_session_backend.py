"""SessionBackend: which session cookies authenticate, and which leave the request anonymous."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

import jam.aio
from jam.sessions import generate_session_secret
from jam_starlette import ChainBackend, JWTBackend, SessionBackend


async def assert_anonymous(kit: Any, app: Any, cookie: str, status: int = 401) -> None:
    async with kit.client(app) as http:
        refused = await http.get("/me", headers={"Cookie": cookie})
        public = await http.get("/public", headers={"Cookie": cookie})
    assert refused.status_code == status, refused.text
    assert public.json() == {"sub": None, "authenticated": False, "auth_scopes": []}


async def test_live_session_gives_the_handler_identity_scopes_and_data(
    kit: Any, session_auth: jam.aio.Jam
) -> None:
    sid = await session_auth.session_create(
        "alice", {"sub": "alice", "scopes": ["admin", "write"], "data": {"theme": "dark"}}
    )
    app = kit.build_app(session_auth, SessionBackend(session_auth))
    async with kit.client(app) as http:
        me = await http.get("/me", headers={"Cookie": f"jam_session={sid}"})
        admin = await http.get("/admin", headers={"Cookie": f"jam_session={sid}"})
    assert me.status_code == 200
    assert me.json() == {
        "sub": "alice",
        "scopes": ["admin", "write"],
        "source": "session",
        "claims": {"theme": "dark"},
    }
    assert admin.status_code == 200


async def test_no_cookie_is_anonymous(kit: Any, session_auth: jam.aio.Jam) -> None:
    app = kit.build_app(session_auth, SessionBackend(session_auth))
    await assert_anonymous(kit, app, "theme=dark")


async def test_unknown_session_id_is_anonymous(kit: Any, session_auth: jam.aio.Jam) -> None:
    app = kit.build_app(session_auth, SessionBackend(session_auth))
    await assert_anonymous(kit, app, "jam_session=" + "A" * 43)
    await assert_anonymous(kit, app, "jam_session=not-a-session-id")
    await assert_anonymous(kit, app, "jam_session=" + "x" * 5000)


async def test_expired_session_is_anonymous(kit: Any) -> None:
    async with jam.aio.Jam(config={"session": {"backend": "memory", "default_ttl": 1}}) as auth:
        sid = await auth.session_create("alice", {"sub": "alice"})
        app = kit.build_app(auth, SessionBackend(auth))
        async with kit.client(app) as http:
            assert (await http.get("/me", headers={"Cookie": f"jam_session={sid}"})).is_success
        await asyncio.sleep(1.2)
        await assert_anonymous(kit, app, f"jam_session={sid}")


async def test_deleted_and_cleared_sessions_are_anonymous(
    kit: Any, session_auth: jam.aio.Jam
) -> None:
    one = await session_auth.session_create("alice", {"sub": "alice"})
    two = await session_auth.session_create("alice", {"sub": "alice"})
    app = kit.build_app(session_auth, SessionBackend(session_auth))
    await session_auth.session_delete(one)
    await assert_anonymous(kit, app, f"jam_session={one}")
    await session_auth.session_clear("alice")
    await assert_anonymous(kit, app, f"jam_session={two}")


async def test_tampered_cookie_is_anonymous(kit: Any) -> None:
    config = {
        "session": {
            "backend": "memory",
            "is_session_crypt": True,
            "session_aes_secret": generate_session_secret(),
        }
    }
    async with jam.aio.Jam(config=config) as auth:
        sid = await auth.session_create("alice", {"sub": "alice"})
        app = kit.build_app(auth, SessionBackend(auth))
        async with kit.client(app) as http:
            assert (await http.get("/me", headers={"Cookie": f"jam_session={sid}"})).is_success
        for position in (0, 40, len(sid) - 1):
            swapped = "B" if sid[position] == "A" else "A"
            tampered = sid[:position] + swapped + sid[position + 1 :]
            await assert_anonymous(kit, app, f"jam_session={tampered}")
        await assert_anonymous(kit, app, f"jam_session={sid[:-1]}")
        await assert_anonymous(kit, app, f"jam_session={sid}A")


async def test_session_id_under_another_cookie_name_is_anonymous(
    kit: Any, session_auth: jam.aio.Jam
) -> None:
    sid = await session_auth.session_create("alice", {"sub": "alice"})
    app = kit.build_app(session_auth, SessionBackend(session_auth))
    await assert_anonymous(kit, app, f"session={sid}")
    await assert_anonymous(kit, app, f"jam_session_old={sid}; Jam_Session={sid}")


async def test_session_cookie_sent_twice_is_anonymous(kit: Any, session_auth: jam.aio.Jam) -> None:
    sid = await session_auth.session_create("alice", {"sub": "alice"})
    app = kit.build_app(session_auth, SessionBackend(session_auth))
    await assert_anonymous(kit, app, f"jam_session={sid}; jam_session={sid}")
    async with kit.client(app) as http:
        split = [("Cookie", f"jam_session={sid}"), ("Cookie", f"jam_session={sid}")]
        assert (await http.get("/me", headers=split)).status_code == 401


async def test_session_id_as_bearer_token_is_anonymous(kit: Any, jwt_auth: jam.aio.Jam) -> None:
    sid = await jwt_auth.session_create("alice", {"sub": "alice"})
    app = kit.build_app(jwt_auth, SessionBackend(jwt_auth))
    async with kit.client(app) as http:
        me = await http.get("/me", headers={"Authorization": f"Bearer {sid}"})
    assert me.status_code == 401


async def test_jwt_in_the_session_cookie_is_anonymous(kit: Any, jwt_auth: jam.aio.Jam) -> None:
    token = await jwt_auth.jwt_create_token(jwt_auth.jwt_make_payload(600, {"sub": "alice"}))
    app = kit.build_app(jwt_auth, SessionBackend(jwt_auth))
    await assert_anonymous(kit, app, f"jam_session={token}")


async def test_session_that_is_not_a_login_is_anonymous(
    kit: Any, session_auth: jam.aio.Jam
) -> None:
    app = kit.build_app(session_auth, SessionBackend(session_auth))
    for data in ({"owner": "alice", "data": {}}, {"sub": 42}, {"sub": ""}, {"role": "admin"}):
        sid = await session_auth.session_create("alice", data)
        await assert_anonymous(kit, app, f"jam_session={sid}")


async def test_backend_works_without_the_middleware(kit: Any, session_auth: jam.aio.Jam) -> None:
    sid = await session_auth.session_create("alice", {"sub": "alice", "scopes": "read"})
    app = kit.build_app(session_auth, SessionBackend(session_auth), sessions=False)
    async with kit.client(app) as http:
        me = await http.get("/me", headers={"Cookie": f"jam_session={sid}"})
    assert me.json()["sub"] == "alice" and me.json()["scopes"] == ["read"]
    await assert_anonymous(kit, app, "jam_session=" + "A" * 43)


async def test_sqlite_sessions(kit: Any, tmp_path: Any) -> None:
    config = {"session": {"backend": "sqlite", "path": str(tmp_path / "s.db")}}
    async with jam.aio.Jam(config=config) as auth:
        sid = await auth.session_create("alice", {"sub": "alice"})
        app = kit.build_app(auth, SessionBackend(auth))
        async with kit.client(app) as http:
            me = await http.get("/me", headers={"Cookie": f"jam_session={sid}"})
        assert me.json()["sub"] == "alice"
        await auth.session_delete(sid)
        await assert_anonymous(kit, app, f"jam_session={sid}")


@pytest.mark.redis
async def test_redis_sessions_authenticate_and_end(
    kit: Any, redis_url: str, redis_prefix: str
) -> None:
    config = {"session": {"backend": "redis", "redis_uri": redis_url, "prefix": redis_prefix}}
    async with jam.aio.Jam(config=config) as auth:
        app = kit.build_app(auth, SessionBackend(auth))
        async with kit.client(app) as http:
            login = await http.post("/login", params={"user": "alice", "scopes": "admin write"})
            assert login.is_success
            me = await http.get("/me")
            admin = await http.get("/admin")
        assert me.json()["sub"] == "alice" and me.json()["source"] == "session"
        assert admin.is_success
        sid = http.cookies["jam_session"]
        assert await auth.session_list("alice") == [sid]
        await assert_anonymous(kit, app, "jam_session=" + "A" * 43)
        assert await auth.session_clear("alice") == 1
        await assert_anonymous(kit, app, f"jam_session={sid}")


async def test_unreachable_redis_store_is_503_never_authenticated(kit: Any) -> None:
    url = f"redis://127.0.0.1:{kit.free_port()}/0"
    async with jam.aio.Jam(config={"session": {"backend": "redis", "redis_uri": url}}) as auth:
        app = kit.build_app(auth, SessionBackend(auth))
        await assert_anonymous(kit, app, "jam_session=" + "A" * 43, status=503)
        async with kit.client(app) as http:
            me = await http.get("/me", headers={"Cookie": "jam_session=" + "A" * 43})
        assert me.headers["retry-after"] == "5"


async def test_chain_first_credential_decides(kit: Any, jwt_auth: jam.aio.Jam) -> None:
    sid = await jwt_auth.session_create("bob", {"sub": "bob"})
    token = await jwt_auth.jwt_create_token(jwt_auth.jwt_make_payload(600, {"sub": "alice"}))
    backend = ChainBackend(JWTBackend(jwt_auth), SessionBackend(jwt_auth))
    app = kit.build_app(jwt_auth, backend)
    async with kit.client(app) as http:
        by_token = await http.get("/me", headers={"Authorization": f"Bearer {token}"})
        by_cookie = await http.get("/me", headers={"Cookie": f"jam_session={sid}"})
        both = await http.get(
            "/me", headers={"Authorization": f"Bearer {token}", "Cookie": f"jam_session={sid}"}
        )
        bad_token_good_cookie = await http.get(
            "/me", headers={"Authorization": "Bearer x.y.z", "Cookie": f"jam_session={sid}"}
        )
        basic_and_cookie = await http.get(
            "/me", headers={"Authorization": "Basic dTpw", "Cookie": f"jam_session={sid}"}
        )
    assert by_token.json()["sub"] == "alice"
    assert by_cookie.json()["sub"] == "bob"
    assert both.json()["sub"] == "alice"
    assert bad_token_good_cookie.status_code == 401
    assert 'error="invalid_token"' in bad_token_good_cookie.headers["www-authenticate"]
    assert basic_and_cookie.json()["sub"] == "bob"


def test_chain_refuses_nothing_and_foreign_backends() -> None:
    with pytest.raises(ValueError, match="at least one"):
        ChainBackend()
    with pytest.raises(TypeError, match="Jam backends"):
        ChainBackend(object())  # type: ignore[arg-type]
