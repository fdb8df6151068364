"""Positive paths and the answers of guards and dependencies: what a Litestar handler sees."""

from __future__ import annotations

from typing import Any

import pytest
from litestar import Litestar, Request, get, websocket
from litestar.connection import WebSocket
from litestar.di import NamedDependency

import jam
import jam.aio
from jam_litestar import JamPlugin, JamUser, TokenSource, requires_scopes, user_of


async def bearer(auth: jam.aio.Jam, **claims: Any) -> dict[str, str]:
    token = await auth.jwt_create_token(auth.jwt_make_payload(600, {"sub": "alice", **claims}))
    return {"Authorization": f"Bearer {token}"}


async def test_valid_bearer_token_gives_the_handler_identity_and_scopes(
    kit: Any, auth: jam.aio.Jam
) -> None:
    token = (await bearer(auth, scope="read admin write"))["Authorization"].split()[1]
    async with kit.client(kit.build_app(auth)) as http:
        me = await http.get("/me", headers={"Authorization": f"Bearer {token}"})
        admin = await http.get("/admin", headers={"Authorization": f"bearer {token}"})
        dependency = await http.get("/dependency", headers={"Authorization": f"Bearer {token}"})
        public = await http.get("/public", headers={"Authorization": f"BEARER {token}"})
    assert me.status_code == 200
    assert me.json()["sub"] == "alice"
    assert me.json()["scopes"] == ["admin", "read", "write"]
    assert me.json()["source"] == "jwt"
    assert me.json()["claims"]["sub"] == "alice"
    assert admin.status_code == 200 and admin.json()["sub"] == "alice"
    assert dependency.json() == me.json()
    assert public.json() == {"sub": "alice", "authenticated": True}


async def test_scp_list_claim_gives_scopes(kit: Any, auth: jam.aio.Jam) -> None:
    async with kit.client(kit.build_app(auth)) as http:
        me = await http.get("/me", headers=await bearer(auth, scp=["admin", 7, "a b"]))
    assert me.json()["scopes"] == ["admin"]


async def test_token_in_the_configured_cookie_authenticates(kit: Any, auth: jam.aio.Jam) -> None:
    token = (await bearer(auth, scope="read"))["Authorization"].split()[1]
    app = kit.build_app(auth, tokens=TokenSource(cookie_name="access"))
    async with kit.client(app) as http:
        me = await http.get("/me", headers={"Cookie": f"theme=dark; access={token}"})
    assert me.json()["sub"] == "alice" and me.json()["scopes"] == ["read"]


async def test_cookie_only_tokens_ignore_the_authorization_header(
    kit: Any, auth: jam.aio.Jam
) -> None:
    app = kit.build_app(auth, tokens=TokenSource(cookie_name="access", header=False))
    async with kit.client(app) as http:
        assert (await http.get("/me", headers=await bearer(auth))).status_code == 401


async def test_live_session_gives_the_handler_identity_scopes_and_data(
    kit: Any, auth: jam.aio.Jam
) -> None:
    sid = await auth.session_create(
        "alice", {"sub": "alice", "scopes": ["admin", "write"], "data": {"theme": "dark"}}
    )
    async with kit.client(kit.build_app(auth)) as http:
        me = await http.get("/me", headers={"Cookie": f"jam_session={sid}"})
        admin = await http.get("/admin", headers={"Cookie": f"jam_session={sid}"})
    assert me.json() == {
        "sub": "alice",
        "scopes": ["admin", "write"],
        "source": "session",
        "claims": {"theme": "dark"},
    }
    assert admin.status_code == 200


async def test_bearer_token_decides_over_a_session_cookie(kit: Any, auth: jam.aio.Jam) -> None:
    sid = await auth.session_create("bob", {"sub": "bob"})
    async with kit.client(kit.build_app(auth)) as http:
        both = await http.get(
            "/me", headers={**(await bearer(auth)), "Cookie": f"jam_session={sid}"}
        )
        basic = await http.get(
            "/me", headers={"Authorization": "Basic dTpw", "Cookie": f"jam_session={sid}"}
        )
    assert both.json()["sub"] == "alice"
    assert basic.json()["sub"] == "bob"  # Basic is no bearer credential: the cookie is next


async def test_missing_scope_is_403_insufficient_scope(kit: Any, auth: jam.aio.Jam) -> None:
    async with kit.client(kit.build_app(auth)) as http:
        partial = await http.get("/admin", headers=await bearer(auth, scope="admin read"))
        none = await http.get("/admin", headers=await bearer(auth))
        upper = await http.get("/admin", headers=await bearer(auth, scope="ADMIN WRITE"))
        anonymous = await http.get("/admin")
    for refused in (partial, none, upper):
        assert refused.status_code == 403
        assert refused.headers["www-authenticate"] == (
            'Bearer error="insufficient_scope", scope="admin write"'
        )
        assert refused.json()["detail"] == "Insufficient scope"
    assert anonymous.status_code == 401


def test_requires_scopes_refuses_bad_declarations() -> None:
    with pytest.raises(ValueError, match="at least one"):
        requires_scopes()
    for bad in ("", "two words"):
        with pytest.raises(ValueError, match="invalid scope"):
            requires_scopes(bad)


async def test_websocket_connections_are_authenticated_too(kit: Any, auth: jam.aio.Jam) -> None:
    @websocket("/ws")
    async def echo(socket: WebSocket[Any, Any, Any]) -> None:
        await socket.accept()
        user = user_of(socket)
        await socket.send_json({"sub": user.identity if isinstance(user, JamUser) else None})
        await socket.close()

    app = Litestar([echo], plugins=[JamPlugin(auth)])
    from litestar.testing import TestClient

    headers = await bearer(auth)
    with TestClient(app=app) as http:  # the sync client: websockets need its portal
        with http.websocket_connect("/ws", headers=headers) as ws:
            known = ws.receive_json()
        with http.websocket_connect("/ws", headers={"Authorization": "Bearer x.y.z"}) as ws:
            forged = ws.receive_json()
    assert known == {"sub": "alice"}
    assert forged == {"sub": None}


async def test_credentials_option_turns_bearer_tokens_off(kit: Any, auth: jam.aio.Jam) -> None:
    async with kit.client(kit.build_app(auth, credentials=["session"])) as http:
        assert (await http.get("/me", headers=await bearer(auth))).status_code == 401


async def test_options_are_checked(kit: Any, auth: jam.aio.Jam) -> None:
    with pytest.raises(ValueError, match="unknown credential"):
        JamPlugin(auth, credentials=["oauth"])  # type: ignore[list-item]
    async with jam.aio.Jam(config={"jwt": kit.jwt_table()}) as jwt_only:
        with pytest.raises(ValueError, match=r"\[session\]"):
            JamPlugin(jwt_only, credentials=["session"])
    with pytest.raises(ValueError, match="cookie name"):
        TokenSource(header=False)


def test_the_synchronous_facade_is_refused(kit: Any) -> None:
    with jam.Jam(config={"jwt": kit.jwt_table()}) as sync, pytest.raises(TypeError, match="aio"):
        JamPlugin(sync)


async def test_handlers_without_the_plugin_get_a_configuration_error() -> None:
    @get("/me")
    async def me(request: Request[Any, Any, Any]) -> str:
        return repr(user_of(request))

    from litestar.testing import AsyncTestClient

    async with AsyncTestClient(app=Litestar([me])) as http:
        answer = await http.get("/me")
    assert answer.status_code == 500


async def test_dependency_in_a_handler_without_a_guard(kit: Any, auth: jam.aio.Jam) -> None:
    @get("/whoami")
    async def whoami(jam_user: NamedDependency[JamUser]) -> str:
        return jam_user.identity

    app = Litestar([whoami], plugins=[JamPlugin(auth)])
    async with kit.client(app) as http:
        assert (await http.get("/whoami", headers=await bearer(auth))).text == "alice"
        refused = await http.get("/whoami")
    assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
