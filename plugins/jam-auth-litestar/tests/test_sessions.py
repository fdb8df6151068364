"""Session cookies: attributes, id rotation on login, the three ways to sign out, backends."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar, get
from litestar.di import NamedDependency
from litestar.response import Stream

import jam.aio
from jam_litestar import CookiePolicy, JamPlugin, SessionHandle


def cookie_of(response: Any) -> str:
    values = response.headers.get_list("set-cookie")
    assert len(values) == 1, values
    return str(values[0])


def attributes(cookie: str) -> set[str]:
    return {part.split("=")[0].strip().lower() for part in cookie.split(";")[1:]}


def sid_in(cookie: str) -> str:
    return cookie.split(";", maxsplit=1)[0].partition("=")[2]


@pytest.fixture
async def sessions() -> AsyncIterator[jam.aio.Jam]:
    async with jam.aio.Jam(config={"session": {"backend": "memory"}}) as auth:
        yield auth


async def test_login_cookie_is_httponly_secure_samesite_lax(
    kit: Any, sessions: jam.aio.Jam
) -> None:
    async with kit.client(kit.build_app(sessions)) as http:
        login = await http.post("/login", params={"user": "alice"})
    cookie = cookie_of(login)
    assert cookie.startswith("jam_session=")
    assert attributes(cookie) == {"path", "httponly", "secure", "samesite"}
    assert "samesite=lax" in cookie.lower() and "path=/" in cookie.lower()
    assert await sessions.session_get(sid_in(cookie)) == {
        "owner": "alice",
        "data": {"theme": "dark"},
        "sub": "alice",
        "scopes": [],
    }


async def test_cookie_policy_is_applied(kit: Any, sessions: jam.aio.Jam) -> None:
    policy = CookiePolicy(name="__Host-sid", samesite="strict", max_age=3600)
    async with kit.client(kit.build_app(sessions, cookie=policy)) as http:
        cookie = cookie_of(await http.post("/login", params={"user": "alice"}))
        me = await http.get("/me")
    assert cookie.startswith("__Host-sid=")
    lowered = cookie.lower()
    assert "max-age=3600" in lowered and "samesite=strict" in lowered and "secure" in lowered
    assert me.json()["sub"] == "alice"


async def test_secure_is_kept_on_plain_http_to_a_public_host(
    kit: Any, sessions: jam.aio.Jam
) -> None:
    app = kit.build_app(sessions, cookie=CookiePolicy(allow_insecure_loopback=True))
    for base in ("http://example.com", "https://127.0.0.1:8000", "http://127.0.0.1.evil.example"):
        async with kit.client(app, base_url=base) as http:
            login = await http.post("/login", params={"user": "alice"})
        assert "secure" in attributes(cookie_of(login)), base


@pytest.mark.parametrize(
    "base", ["http://127.0.0.1:8000", "http://127.9.9.9", "http://dev.localhost:8000"]
)
async def test_secure_is_dropped_only_for_loopback_http_when_allowed(
    kit: Any, sessions: jam.aio.Jam, base: str
) -> None:
    relaxed = kit.build_app(sessions, cookie=CookiePolicy(allow_insecure_loopback=True))
    async with kit.client(relaxed, base_url=base) as http:
        login = await http.post("/login", params={"user": "alice"})
        me = await http.get("/me")
    assert "secure" not in attributes(cookie_of(login))
    assert {"httponly", "samesite"} <= attributes(cookie_of(login))
    assert me.json()["sub"] == "alice"
    async with kit.client(kit.build_app(sessions), base_url=base) as http:
        login = await http.post("/login", params={"user": "alice"})
    assert "secure" in attributes(cookie_of(login))


async def test_login_rotates_the_id_of_a_pre_login_session(kit: Any, sessions: jam.aio.Jam) -> None:
    async with kit.client(kit.build_app(sessions)) as http:
        pending = sid_in(cookie_of(await http.post("/begin", params={"owner": "alice"})))
        assert (await http.get("/me")).status_code == 401  # not a login yet
        assert (await http.get("/session")).json()["owner"] == "alice"
        login = await http.post("/login", params={"user": "alice", "scopes": "read"})
        logged_in = sid_in(cookie_of(login))
        me = await http.get("/me")
    assert logged_in != pending
    assert await sessions.session_get(pending) is None
    assert me.json()["sub"] == "alice" and me.json()["scopes"] == ["read"]
    assert await sessions.session_list("alice") == [logged_in]


async def test_login_over_another_users_session_ends_it(kit: Any, sessions: jam.aio.Jam) -> None:
    async with kit.client(kit.build_app(sessions)) as http:
        planted = sid_in(cookie_of(await http.post("/login", params={"user": "mallory"})))
        await http.post("/login", params={"user": "alice"})
        me = await http.get("/me")
    assert me.json()["sub"] == "alice"
    assert await sessions.session_get(planted) is None
    assert await sessions.session_list("mallory") == []


async def test_login_never_adopts_an_id_the_server_did_not_issue(
    kit: Any, sessions: jam.aio.Jam
) -> None:
    fixed = "A" * 43
    async with kit.client(kit.build_app(sessions)) as http:
        login = await http.post(
            "/login", params={"user": "alice"}, headers={"Cookie": f"jam_session={fixed}"}
        )
    new = sid_in(cookie_of(login))
    assert new != fixed and await sessions.session_get(fixed) is None
    assert (await sessions.session_get(new) or {}).get("sub") == "alice"


async def test_logout_ends_the_session_and_clears_the_cookie(
    kit: Any, sessions: jam.aio.Jam
) -> None:
    app = kit.build_app(sessions)
    async with kit.client(app) as http:
        sid = sid_in(cookie_of(await http.post("/login", params={"user": "alice"})))
        logout = await http.post("/logout")
    cleared = cookie_of(logout)
    assert sid_in(cleared) in ("", '""') and "max-age=0" in cleared.lower()
    assert {"httponly", "secure"} <= attributes(cleared)
    assert await sessions.session_get(sid) is None
    async with kit.client(app) as replay:
        assert (
            await replay.get("/me", headers={"Cookie": f"jam_session={sid}"})
        ).status_code == 401


async def test_logout_everywhere_ends_every_session_of_the_user(
    kit: Any, sessions: jam.aio.Jam
) -> None:
    app = kit.build_app(sessions)
    other_user = await sessions.session_create("bob", {"sub": "bob"})
    async with kit.client(app) as laptop, kit.client(app) as phone:
        await laptop.post("/login", params={"user": "alice"})
        await phone.post("/login", params={"user": "alice"})
        assert (await phone.get("/me")).json()["sub"] == "alice"
        ended = await laptop.post("/logout-everywhere")
        assert "max-age=0" in cookie_of(ended).lower()
        assert (await phone.get("/me")).status_code == 401
    assert ended.json() == {"ended": 2}
    assert await sessions.session_list("alice") == []
    assert await sessions.session_get(other_user) == {"sub": "bob"}


async def test_logout_others_keeps_this_browser_under_a_new_id(
    kit: Any, sessions: jam.aio.Jam
) -> None:
    app = kit.build_app(sessions)
    async with kit.client(app) as laptop, kit.client(app) as phone, kit.client(app) as tablet:
        for device in (laptop, phone, tablet):
            await device.post("/login", params={"user": "alice", "scopes": "admin write"})
        before = laptop.cookies["jam_session"]
        ended = await laptop.post("/logout-others")
        after = sid_in(cookie_of(ended))
        assert ended.json() == {"ended": 2}
        assert (await phone.get("/me")).status_code == 401
        assert (await tablet.get("/me")).status_code == 401
        me = await laptop.get("/admin")
    assert after != before and await sessions.session_get(before) is None
    assert me.json()["sub"] == "alice" and me.json()["scopes"] == ["admin", "write"]
    assert me.json()["claims"] == {"theme": "dark"}
    assert await sessions.session_list("alice") == [after]


async def test_logout_others_without_a_session_is_a_server_error(
    kit: Any, sessions: jam.aio.Jam
) -> None:
    async with kit.client(kit.build_app(sessions)) as http:
        answer = await http.post("/logout-others")
    assert answer.status_code == 500 and "set-cookie" not in answer.headers


async def test_login_after_the_response_started_is_refused(sessions: jam.aio.Jam) -> None:
    errors: list[BaseException] = []

    @get("/stream")
    async def stream(jam_session: NamedDependency[SessionHandle]) -> Stream:
        async def body() -> AsyncIterator[bytes]:
            yield b"started"
            try:
                await jam_session.login("alice")
            except RuntimeError as err:
                errors.append(err)

        return Stream(body())

    from litestar.testing import AsyncTestClient

    app = Litestar([stream], plugins=[JamPlugin(sessions)])
    async with AsyncTestClient(app=app, base_url="https://t.local") as http:
        answer = await http.get("/stream")
    assert answer.text == "started" and "set-cookie" not in answer.headers
    assert len(errors) == 1 and "started" in str(errors[0])
    assert await sessions.session_list("alice") == []


async def test_login_reworks_so_the_pre_login_lifetime_carries_over(kit: Any) -> None:
    config = {"session": {"backend": "memory", "default_ttl": 2}}
    async with jam.aio.Jam(config=config) as auth, kit.client(kit.build_app(auth)) as http:
        await http.post("/begin", params={"owner": "alice"})
        await asyncio.sleep(1.2)
        await http.post("/login", params={"user": "alice"})
        assert (await http.get("/me")).json()["sub"] == "alice"
        await asyncio.sleep(1.0)
        assert (await http.get("/me")).status_code == 401


async def test_sqlite_sessions(kit: Any, tmp_path: Path) -> None:
    config = {"session": {"backend": "sqlite", "path": str(tmp_path / "s.db")}}
    async with jam.aio.Jam(config=config) as auth, kit.client(kit.build_app(auth)) as http:
        login = await http.post("/login", params={"user": "alice", "scopes": "admin write"})
        assert (await http.get("/admin")).json()["sub"] == "alice"
        await auth.session_delete(sid_in(cookie_of(login)))
        assert (await http.get("/me")).status_code == 401


@pytest.mark.redis
async def test_redis_sessions_authenticate_and_end(
    kit: Any, redis_url: str, redis_prefix: str
) -> None:
    # The app's facade lives on the test client's loop; a second, synchronous facade on the
    # same Redis and prefix checks and ends the sessions from outside.
    config = {"session": {"backend": "redis", "redis_uri": redis_url, "prefix": redis_prefix}}
    app = kit.build_app(jam.aio.Jam(config=config), close=True)
    with jam.Jam(config=config) as inspector:
        async with kit.client(app) as http:
            login = await http.post("/login", params={"user": "alice", "scopes": "admin write"})
            sid = sid_in(cookie_of(login))
            me = await http.get("/me")
            assert me.json()["sub"] == "alice" and me.json()["source"] == "session"
            assert (await http.get("/admin")).status_code == 200
            assert inspector.session_list("alice") == [sid]
            assert inspector.session_clear("alice") == 1
            assert (await http.get("/me")).status_code == 401
            assert (
                await http.get("/me", headers={"Cookie": "jam_session=" + "A" * 43})
            ).status_code == 401


async def test_an_outage_during_login_is_a_503(kit: Any) -> None:
    url = f"redis://127.0.0.1:{kit.free_port()}/0"
    config = {"session": {"backend": "redis", "redis_uri": url}}
    async with jam.aio.Jam(config=config) as auth, kit.client(kit.build_app(auth)) as http:
        answer = await http.post("/login", params={"user": "alice"})
    assert answer.status_code == 503
    assert answer.headers["retry-after"] == "5"
    assert answer.json() == {"detail": "Authentication is temporarily unavailable"}
    assert "set-cookie" not in answer.headers
