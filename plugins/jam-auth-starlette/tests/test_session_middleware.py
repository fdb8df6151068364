"""SessionMiddleware: cookie attributes, id rotation on login, and the ways to sign out."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import StreamingResponse

import jam.aio
from jam_starlette import CookiePolicy, SessionBackend, SessionMiddleware, session_of


def cookie_of(response: Any) -> str:
    values = response.headers.get_list("set-cookie")
    assert len(values) == 1, values
    return str(values[0])


async def test_login_cookie_is_httponly_secure_samesite_lax(
    kit: Any, session_auth: jam.aio.Jam
) -> None:
    app = kit.build_app(session_auth, SessionBackend(session_auth))
    async with kit.client(app) as http:
        login = await http.post("/login", params={"user": "alice"})
    cookie = cookie_of(login)
    name_value, *attributes = cookie.split("; ")
    assert name_value.startswith("jam_session=")
    assert attributes == ["Path=/", "HttpOnly", "Secure", "SameSite=Lax"]
    sid = name_value.partition("=")[2]
    assert await session_auth.session_get(sid) == {
        "owner": "alice",
        "data": {"theme": "dark"},
        "sub": "alice",
        "scopes": [],
    }


async def test_secure_is_kept_on_plain_http_to_a_public_host(
    kit: Any, session_auth: jam.aio.Jam
) -> None:
    cookie = CookiePolicy(allow_insecure_loopback=True)
    app = kit.build_app(session_auth, SessionBackend(session_auth), cookie=cookie)
    for base in ("http://example.com", "https://127.0.0.1:8000", "http://127.0.0.1.evil.example"):
        async with kit.client(app, base_url=base) as http:
            login = await http.post("/login", params={"user": "alice"})
        assert "; Secure" in cookie_of(login), base


@pytest.mark.parametrize(
    "base",
    ["http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000", "http://127.9.9.9"],
)
async def test_secure_is_dropped_only_for_loopback_http_when_allowed(
    kit: Any, session_auth: jam.aio.Jam, base: str
) -> None:
    relaxed = kit.build_app(
        session_auth,
        SessionBackend(session_auth),
        cookie=CookiePolicy(allow_insecure_loopback=True),
    )
    strict = kit.build_app(session_auth, SessionBackend(session_auth))
    async with kit.client(relaxed, base_url=base) as http:
        login = await http.post("/login", params={"user": "alice"})
        me = await http.get("/me")  # the browser (httpx) sends it back over http
    assert "Secure" not in cookie_of(login)
    assert "HttpOnly" in cookie_of(login) and "SameSite=Lax" in cookie_of(login)
    assert me.json()["sub"] == "alice"
    async with kit.client(strict, base_url=base) as http:
        login = await http.post("/login", params={"user": "alice"})
    assert "; Secure" in cookie_of(login)


async def test_login_rotates_the_id_of_a_pre_login_session(
    kit: Any, session_auth: jam.aio.Jam
) -> None:
    app = kit.build_app(session_auth, SessionBackend(session_auth))
    async with kit.client(app) as http:
        await http.post("/begin", params={"owner": "alice"})
        pending = http.cookies["jam_session"]
        assert (await http.get("/me")).status_code == 401  # not a login yet
        assert (await http.get("/session")).json()["owner"] == "alice"
        await http.post("/login", params={"user": "alice", "scopes": "read"})
        logged_in = http.cookies["jam_session"]
        me = await http.get("/me")
    assert logged_in != pending
    assert await session_auth.session_get(pending) is None  # the old id stopped working
    assert me.json()["sub"] == "alice" and me.json()["scopes"] == ["read"]
    assert await session_auth.session_list("alice") == [logged_in]  # reworked, not added


async def test_login_over_another_users_session_ends_it(
    kit: Any, session_auth: jam.aio.Jam
) -> None:
    app = kit.build_app(session_auth, SessionBackend(session_auth))
    async with kit.client(app) as http:
        await http.post("/login", params={"user": "mallory"})
        planted = http.cookies["jam_session"]
        await http.post("/login", params={"user": "alice"})
        me = await http.get("/me")
    assert me.json()["sub"] == "alice"
    assert await session_auth.session_get(planted) is None
    assert await session_auth.session_list("mallory") == []


async def test_login_with_an_unknown_cookie_creates_a_fresh_id(
    kit: Any, session_auth: jam.aio.Jam
) -> None:
    app = kit.build_app(session_auth, SessionBackend(session_auth))
    fixed = "A" * 43  # a session-fixation attempt: the server never adopts a client's id
    async with kit.client(app) as http:
        login = await http.post(
            "/login", params={"user": "alice"}, headers={"Cookie": f"jam_session={fixed}"}
        )
    new = cookie_of(login).split(";")[0].partition("=")[2]
    assert new != fixed and await session_auth.session_get(fixed) is None
    assert (await session_auth.session_get(new) or {}).get("sub") == "alice"


async def test_logout_ends_the_session_and_clears_the_cookie(
    kit: Any, session_auth: jam.aio.Jam
) -> None:
    app = kit.build_app(session_auth, SessionBackend(session_auth))
    async with kit.client(app) as http:
        await http.post("/login", params={"user": "alice"})
        sid = http.cookies["jam_session"]
        logout = await http.post("/logout")
        after = await http.get("/me", headers={"Cookie": f"jam_session={sid}"})
    assert cookie_of(logout) == "jam_session=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax"
    assert await session_auth.session_get(sid) is None
    assert after.status_code == 401


async def test_logout_everywhere_ends_every_session_of_the_user(
    kit: Any, session_auth: jam.aio.Jam
) -> None:
    app = kit.build_app(session_auth, SessionBackend(session_auth))
    other_user = await session_auth.session_create("bob", {"sub": "bob"})
    async with kit.client(app) as laptop, kit.client(app) as phone:
        await laptop.post("/login", params={"user": "alice"})
        await phone.post("/login", params={"user": "alice"})
        assert (await phone.get("/me")).json()["sub"] == "alice"
        ended = await laptop.post("/logout-everywhere")
        assert "Max-Age=0" in cookie_of(ended)
        assert (await phone.get("/me")).status_code == 401
        assert (await laptop.get("/me", headers={"Cookie": ""})).status_code == 401
    assert ended.json() == {"ended": 2}
    assert await session_auth.session_list("alice") == []
    assert await session_auth.session_get(other_user) == {"sub": "bob"}


async def test_logout_others_keeps_this_browser_under_a_new_id(
    kit: Any, session_auth: jam.aio.Jam
) -> None:
    app = kit.build_app(session_auth, SessionBackend(session_auth))
    async with kit.client(app) as laptop, kit.client(app) as phone, kit.client(app) as tablet:
        for device in (laptop, phone, tablet):
            await device.post("/login", params={"user": "alice", "scopes": "admin write"})
        before = laptop.cookies["jam_session"]
        ended = await laptop.post("/logout-others")
        after = laptop.cookies["jam_session"]
        assert ended.json() == {"ended": 2}
        assert (await phone.get("/me")).status_code == 401
        assert (await tablet.get("/me")).status_code == 401
        me = await laptop.get("/admin")
    assert after != before and await session_auth.session_get(before) is None
    assert me.json()["sub"] == "alice" and me.json()["scopes"] == ["admin", "write"]
    assert me.json()["claims"] == {"theme": "dark"}
    assert await session_auth.session_list("alice") == [after]


async def test_logout_others_without_a_session_is_an_error(
    kit: Any, session_auth: jam.aio.Jam
) -> None:
    app = kit.build_app(session_auth, SessionBackend(session_auth))
    async with kit.client(app) as http:
        with pytest.raises(KeyError):
            await http.post("/logout-others")


async def test_login_after_the_response_started_is_refused(session_auth: jam.aio.Jam) -> None:
    app = FastAPI()
    app.add_middleware(SessionMiddleware, jam=session_auth)
    errors: list[BaseException] = []

    @app.get("/stream")
    async def stream(request: Request) -> StreamingResponse:
        async def body() -> Any:
            yield b"started"
            try:
                await session_of(request).login("alice")
            except RuntimeError as err:
                errors.append(err)

        return StreamingResponse(body())

    import httpx

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://t") as http:
        response = await http.get("/stream")
    assert response.text == "started" and "set-cookie" not in response.headers
    assert len(errors) == 1 and "started" in str(errors[0])
    assert await session_auth.session_list("alice") == []


async def test_session_of_without_the_middleware_says_what_to_add(
    kit: Any, session_auth: jam.aio.Jam
) -> None:
    app = kit.build_app(session_auth, SessionBackend(session_auth), sessions=False)
    async with kit.client(app) as http:
        with pytest.raises(RuntimeError, match="SessionMiddleware"):
            await http.post("/login", params={"user": "alice"})


def test_cookie_policy_refuses_weakening_or_broken_attributes() -> None:
    with pytest.raises(ValueError, match="SameSite"):
        CookiePolicy(samesite="none")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="__Host-"):
        CookiePolicy(name="__Host-sid", path="/app")
    with pytest.raises(ValueError, match="__Host-"):
        CookiePolicy(name="__Host-sid", domain="example.com")
    with pytest.raises(ValueError, match="Secure"):
        CookiePolicy(name="__Host-sid", allow_insecure_loopback=True)
    with pytest.raises(ValueError, match="cookie name"):
        CookiePolicy(name="sid;evil")
    with pytest.raises(ValueError, match="path"):
        CookiePolicy(path="/; Domain=evil.example")
    with pytest.raises(ValueError, match="max_age"):
        CookiePolicy(max_age=0)
    policy = CookiePolicy(name="__Host-sid", max_age=3600, samesite="strict")
    assert policy.set_cookie("abc", "https", "app.example") == (
        "__Host-sid=abc; Path=/; Max-Age=3600; HttpOnly; Secure; SameSite=Strict"
    )
    with pytest.raises(ValueError, match="separators"):
        policy.set_cookie("abc; Domain=evil.example", "https", "app.example")


async def test_custom_cookie_name_is_what_the_backend_reads(
    kit: Any, session_auth: jam.aio.Jam
) -> None:
    cookie = CookiePolicy(name="__Host-sid")
    app = kit.build_app(
        session_auth, SessionBackend(session_auth, cookie_name="__Host-sid"), cookie=cookie
    )
    async with kit.client(app) as http:
        login = await http.post("/login", params={"user": "alice"})
        me = await http.get("/me")
    assert cookie_of(login).startswith("__Host-sid=")
    assert me.json()["sub"] == "alice"


async def test_login_reworks_a_pre_login_session_so_its_lifetime_carries_over(kit: Any) -> None:
    # session_rework keeps the absolute lifetime; a delete-and-create would restart it
    async with jam.aio.Jam(config={"session": {"backend": "memory", "default_ttl": 2}}) as auth:
        app = kit.build_app(auth, SessionBackend(auth))
        async with kit.client(app) as http:
            await http.post("/begin", params={"owner": "alice"})
            await asyncio.sleep(1.2)
            await http.post("/login", params={"user": "alice"})
            assert (await http.get("/me")).json()["sub"] == "alice"
            await asyncio.sleep(1.0)
            assert (await http.get("/me")).status_code == 401
