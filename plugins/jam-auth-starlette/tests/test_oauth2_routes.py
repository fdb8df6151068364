"""OAuth2Routes against the real loopback OpenID Connect server (Authlib, tests/oauth2/_server.py).

The browser is an httpx client on the app (ASGI transport, https://testserver);
the user's visit to the provider is a real HTTP request to the loopback
server, which approves (or, with ``deny``, refuses) and redirects back.
Every negative path asserts that nobody is logged in afterwards and that the
flow cookie was cleared.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import AsyncIterator, Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

import jam
import jam.aio
from jam.oauth2 import generate_seal_key
from jam_starlette import (
    LoginAs,
    OAuth2Failure,
    OAuth2Identity,
    OAuth2Routes,
    SessionBackend,
)

APP = "https://testserver"
SEAL_KEY = generate_seal_key()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def corp_table(kit: Any, oidc: Any, name: str) -> dict[str, Any]:
    """A provider table for a new client of the loopback server, redirecting to this app."""
    client_id, secret = kit.oidc_server().new_client(
        oidc, redirect_uris=[f"{APP}/oauth/callback/{name}"]
    )
    return {
        "provider": "oidc",
        "issuer": oidc.base,
        "client_id": client_id,
        "client_secret": secret,
        "redirect_url": f"{APP}/oauth/callback/{name}",
    }


def down_table() -> dict[str, Any]:
    """A provider by explicit URLs on a loopback port where nothing listens."""
    base = f"http://127.0.0.1:{closed_port()}"
    return {
        "auth_url": base + "/authorize",
        "token_url": base + "/token",
        "userinfo_url": base + "/userinfo",
        "client_id": "down-client",
        "client_secret": "down-secret",
        "redirect_url": f"{APP}/oauth/callback/down",
    }


class Recorder:
    """An ``on_login`` that maps the provider identity to ``<provider>:<sub>`` and remembers it."""

    def __init__(self) -> None:
        self.seen: list[OAuth2Identity] = []
        self.answer: Callable[[OAuth2Identity], Any] = lambda who: f"{who.provider}:{who.subject}"

    async def __call__(self, request: Request, who: OAuth2Identity) -> Any:
        self.seen.append(who)
        return self.answer(who)


@pytest.fixture
async def auth(kit: Any, oidc: Any) -> AsyncIterator[jam.aio.Jam]:
    config = {
        "session": {"backend": "memory"},
        "oauth2": {
            "seal_key": SEAL_KEY,
            "providers": {
                "corp": corp_table(kit, oidc, "corp"),
                "other": corp_table(kit, oidc, "other"),
                "down": down_table(),
            },
        },
    }
    async with jam.aio.Jam(config=config) as made:
        yield made


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def app(kit: Any, auth: jam.aio.Jam, recorder: Recorder) -> Any:
    made = kit.build_app(auth, SessionBackend(auth))
    made.router.routes.extend(OAuth2Routes(auth, recorder, after_login="/me").routes)
    return made


def flow_cookie(response: httpx.Response) -> str:
    (found,) = [c for c in response.headers.get_list("set-cookie") if c.startswith("jam_oauth2=")]
    return found


def visit_provider(oidc: Any, location: str) -> str:
    """Play the user at the provider: return the callback URL it redirects to."""
    assert location.startswith(oidc.base + "/authorize?")
    answer = httpx.get(location, follow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text[:200]
    return answer.headers["location"]


async def start(http: httpx.AsyncClient, provider: str = "corp", **params: str) -> str:
    begun = await http.get(f"/oauth/login/{provider}", params=params)
    assert begun.status_code == 302
    return begun.headers["location"]


async def with_cookie(http: httpx.AsyncClient, url: str, value: str) -> httpx.Response:
    """GET ``url`` presenting ``value`` as the flow cookie (and no other cookie)."""
    return await http.get(url, headers={"Cookie": f"jam_oauth2={value}"})


async def assert_anonymous(http: httpx.AsyncClient) -> None:
    assert (await http.get("/me")).status_code == 401
    assert "jam_oauth2" not in http.cookies


def assert_cleared(response: httpx.Response) -> None:
    assert flow_cookie(response).startswith("jam_oauth2=; Path=/oauth/callback; Max-Age=0;")


# -- the flow ------------------------------------------------------------------------------


async def test_login_sets_a_sealed_short_lived_cookie_and_redirects_to_the_provider(
    kit: Any, app: Any, oidc: Any
) -> None:
    async with kit.client(app) as http:
        begun = await http.get("/oauth/login/corp")
    assert begun.status_code == 302
    assert begun.headers["cache-control"] == "no-store"
    query = parse_qs(urlsplit(begun.headers["location"]).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"] == [f"{APP}/oauth/callback/corp"]
    name_value, *attributes = flow_cookie(begun).split("; ")
    assert attributes == [
        "Path=/oauth/callback",
        "Max-Age=600",
        "HttpOnly",
        "Secure",
        "SameSite=Lax",
    ]
    value = name_value.partition("=")[2]
    for secret in (query["state"][0], query["nonce"][0]):  # sealed: nothing readable
        assert secret not in value


async def test_callback_logs_in_under_a_new_session_id_and_clears_the_cookie(
    kit: Any, app: Any, auth: jam.aio.Jam, oidc: Any, recorder: Recorder
) -> None:
    async with kit.client(app) as http:
        await http.post("/login", params={"user": "mallory"})  # a session planted earlier
        planted = http.cookies["jam_session"]
        callback = visit_provider(oidc, await start(http, next="/session"))
        done = await http.get(callback)
        assert done.status_code == 303
        assert done.headers["location"] == "/session"
        assert_cleared(done)
        me = await http.get("/me")
        assert "jam_oauth2" not in http.cookies
        assert http.cookies["jam_session"] != planted
    assert me.json()["sub"] == "corp:alice-1"
    assert await auth.session_get(planted) is None
    (who,) = recorder.seen
    assert (who.provider, who.subject, who.next_path) == ("corp", "alice-1", "/session")
    assert who.profile.email == "alice@example.org" and who.profile.email_verified
    assert who.token.id_token_claims is not None
    assert who.token.id_token_claims["sub"] == "alice-1"
    assert "access_token" not in repr(who)


async def test_login_as_grants_scopes_data_and_a_local_next(
    kit: Any, app: Any, oidc: Any, recorder: Recorder
) -> None:
    recorder.answer = lambda who: LoginAs(
        "alice", scopes=["admin", "write"], data={"via": who.provider}, next_path="/admin"
    )
    async with kit.client(app) as http:
        done = await http.get(visit_provider(oidc, await start(http)))
        assert done.headers["location"] == "/admin"
        admin = await http.get("/admin")
    assert admin.json()["sub"] == "alice"
    assert admin.json()["claims"] == {"via": "corp"}


async def test_on_login_may_answer_itself_or_refuse_and_nobody_is_logged_in(
    kit: Any, app: Any, oidc: Any, recorder: Recorder
) -> None:
    recorder.answer = lambda who: PlainTextResponse("choose a username first", 409)
    async with kit.client(app) as http:
        own = await http.get(visit_provider(oidc, await start(http)))
        assert (own.status_code, own.text) == (409, "choose a username first")
        assert_cleared(own)
        await assert_anonymous(http)
    recorder.answer = lambda who: None
    async with kit.client(app) as http:
        refused = await http.get(visit_provider(oidc, await start(http)))
        assert refused.status_code == 403
        assert "cannot sign in" in refused.text
        assert_cleared(refused)
        await assert_anonymous(http)


async def test_on_login_that_raises_still_clears_the_cookie(
    kit: Any, app: Any, oidc: Any, recorder: Recorder
) -> None:
    def broken(who: OAuth2Identity) -> Any:
        raise RuntimeError("the application's bug")

    recorder.answer = broken
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url=APP) as http:
        failed = await http.get(visit_provider(oidc, await start(http)))
        assert failed.status_code == 500
        assert_cleared(failed)
        await assert_anonymous(http)


# -- what must never log anyone in -----------------------------------------------------------


async def test_callback_without_the_cookie_is_refused(kit: Any, app: Any, oidc: Any) -> None:
    async with kit.client(app) as http:
        callback = visit_provider(oidc, await start(http))
    async with kit.client(app) as other_browser:
        refused = await other_browser.get(callback)
        assert refused.status_code == 400
        assert "not in progress" in refused.text
        assert_cleared(refused)
        await assert_anonymous(other_browser)


@pytest.mark.parametrize("where", ["sealed", "next", "garbage"])
async def test_a_tampered_cookie_is_refused(
    kit: Any, app: Any, oidc: Any, recorder: Recorder, where: str
) -> None:
    async with kit.client(app) as http:
        callback = visit_provider(oidc, await start(http))
        value = http.cookies["jam_oauth2"]
        sealed, _, next_part = value.partition(".")
        if where == "sealed":
            flipped = "A" if sealed[40] != "A" else "B"
            value = f"{sealed[:40]}{flipped}{sealed[41:]}.{next_part}"
        elif where == "next":  # the next path is checked again: never another site
            value = f"{sealed}.Ly9ldmlsLmV4YW1wbGU"  # base64url("//evil.example")
        else:
            value = "not%20a%20sealed%20request"
        answer = await with_cookie(http, callback, value)
        assert_cleared(answer)
        if where == "next":
            assert answer.headers["location"] == "/me"  # after_login, not the other site
            return
        assert answer.status_code == 400
        await assert_anonymous(http)
    assert recorder.seen == []


async def test_a_callback_with_another_flows_state_is_refused_before_the_code_is_used(
    kit: Any, app: Any, oidc: Any
) -> None:
    async with kit.client(app) as victim, kit.client(app) as attacker:
        await start(victim)
        attackers_callback = visit_provider(oidc, await start(attacker))
        requests = oidc.state.token_requests
        refused = await victim.get(attackers_callback)  # login CSRF: the attacker's code
        assert refused.status_code == 400
        assert "does not belong" in refused.text
        assert_cleared(refused)
        await assert_anonymous(victim)
        assert oidc.state.token_requests == requests  # refused before the token request


async def test_a_cookie_from_another_provider_is_refused(
    kit: Any, app: Any, oidc: Any, recorder: Recorder
) -> None:
    async with kit.client(app) as http:
        corp_callback = visit_provider(oidc, await start(http, "corp"))
        await start(http, "other")  # the one flow cookie now holds "other"'s request
        refused = await http.get(corp_callback)
        assert refused.status_code == 400
        assert_cleared(refused)
        await assert_anonymous(http)
    assert recorder.seen == []


async def test_a_replayed_callback_url_is_refused(kit: Any, app: Any, oidc: Any) -> None:
    async with kit.client(app) as http:
        callback = visit_provider(oidc, await start(http))
        sealed = http.cookies["jam_oauth2"]
        assert (await http.get(callback)).status_code == 303
        await http.post("/logout")
        again = await http.get(callback)  # the browser's history: the cookie is gone
        assert again.status_code == 400
        await assert_anonymous(http)
        # a copy of the cookie too: the provider takes each code once
        stolen = await with_cookie(http, callback, sealed)
        assert stolen.status_code == 502
        assert_cleared(stolen)
        await assert_anonymous(http)


async def test_with_a_state_backend_a_replay_is_refused_before_any_request(
    kit: Any, oidc: Any, recorder: Recorder
) -> None:
    config = {
        "session": {"backend": "memory"},
        "oauth2": {
            "seal_key": SEAL_KEY,
            "state_backend": "memory",
            "providers": {"corp": corp_table(kit, oidc, "corp")},
        },
    }
    async with jam.aio.Jam(config=config) as auth:
        app = kit.build_app(auth, SessionBackend(auth))
        app.router.routes.extend(OAuth2Routes(auth, recorder).routes)
        async with kit.client(app) as http:
            callback = visit_provider(oidc, await start(http))
            sealed = http.cookies["jam_oauth2"]
            assert (await http.get(callback)).status_code == 303
            await http.post("/logout")
            requests = oidc.state.token_requests
            replayed = await with_cookie(http, callback, sealed)
            assert replayed.status_code == 400
            assert "already used" in replayed.text
            assert oidc.state.token_requests == requests
            await assert_anonymous(http)


async def test_access_denied_ends_anonymous(
    kit: Any, app: Any, oidc: Any, recorder: Recorder
) -> None:
    oidc.state.deny = True
    try:
        async with kit.client(app) as http:
            callback = visit_provider(oidc, await start(http))
            assert "error=access_denied" in callback
            denied = await http.get(callback)
            assert denied.status_code == 403
            assert "cancelled" in denied.text
            assert_cleared(denied)
            await assert_anonymous(http)
    finally:
        oidc.state.deny = False
    assert recorder.seen == []


async def test_an_error_callback_with_a_forged_state_is_refused_as_invalid(
    kit: Any, app: Any
) -> None:
    async with kit.client(app) as http:
        await start(http)
        forged = await http.get("/oauth/callback/corp?error=access_denied&state=guessed")
        assert forged.status_code == 400
        assert_cleared(forged)
        await assert_anonymous(http)


async def test_a_provider_outage_ends_anonymous_with_503(
    kit: Any, app: Any, recorder: Recorder
) -> None:
    async with kit.client(app) as http:
        location = await start(http, "down")  # explicit URLs: no request needed to start
        state = parse_qs(urlsplit(location).query)["state"][0]
        outage = await http.get(f"/oauth/callback/down?code=some-code&state={state}")
        assert outage.status_code == 503
        assert outage.headers["retry-after"] == "5"
        assert_cleared(outage)
        await assert_anonymous(http)
    assert recorder.seen == []


async def test_a_discovery_outage_at_login_answers_503_without_a_cookie(kit: Any) -> None:
    issuer = f"http://127.0.0.1:{closed_port()}"
    config = {
        "session": {"backend": "memory"},
        "oauth2": {
            "seal_key": SEAL_KEY,
            "providers": {
                "corp": {
                    "provider": "oidc",
                    "issuer": issuer,
                    "client_id": "c",
                    "client_secret": "s",
                    "redirect_url": f"{APP}/oauth/callback/corp",
                }
            },
        },
    }
    async with jam.aio.Jam(config=config) as auth:
        app = kit.build_app(auth, SessionBackend(auth))
        app.router.routes.extend(OAuth2Routes(auth, Recorder()).routes)
        async with kit.client(app) as http:
            answer = await http.get("/oauth/login/corp")
    assert answer.status_code == 503
    assert "set-cookie" not in answer.headers


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "https://evil.example/",
        "/\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "evil.example",
        "/%0a/evil",
    ],
)
async def test_next_never_leaves_the_site(kit: Any, app: Any, oidc: Any, target: str) -> None:
    async with kit.client(app) as http:
        done = await http.get(visit_provider(oidc, await start(http, next=target)))
    assert done.status_code == 303
    expected = "/%0a/evil" if target == "/%0a/evil" else "/me"  # percent-encoded: a local path
    assert done.headers["location"] == expected


async def test_on_login_cannot_redirect_off_site_either(
    kit: Any, app: Any, oidc: Any, recorder: Recorder
) -> None:
    recorder.answer = lambda who: LoginAs("alice", next_path="https://evil.example")
    async with kit.client(app) as http:
        done = await http.get(visit_provider(oidc, await start(http, next="/session")))
    assert done.headers["location"] == "/session"


async def test_unknown_providers_answer_404(kit: Any, app: Any) -> None:
    async with kit.client(app) as http:
        assert (await http.get("/oauth/login/nobody")).status_code == 404
        missing = await http.get("/oauth/callback/nobody?code=x&state=y")
        assert missing.status_code == 404
        assert_cleared(missing)


async def test_nothing_secret_is_logged(
    kit: Any, app: Any, oidc: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with kit.client(app) as http:
        callback = visit_provider(oidc, await start(http))
        sealed = http.cookies["jam_oauth2"]
        await http.get(callback + "x")  # a failure (the iss differs)...
        await with_cookie(http, callback, sealed)  # ...and a success
        session = http.cookies["jam_session"]
    query = parse_qs(urlsplit(callback).query)
    # Jam's and this integration's loggers (httpx, the test's own client, logs its URLs)
    ours = [r for r in caplog.records if r.name.split(".")[0] in ("jam", "jam_starlette")]
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in ours)
    assert "OAuth2 login with corp refused: OAuth2MixUpError" in logged  # iss changed
    for secret in (query["code"][0], query["state"][0], sealed.partition(".")[0], session):
        assert secret not in logged


# -- construction ------------------------------------------------------------------------------


async def test_construction_refuses_what_cannot_work(kit: Any, oidc: Any) -> None:
    async def on_login(request: Request, who: OAuth2Identity) -> str:
        return who.subject

    providers = {"corp": corp_table(kit, oidc, "corp")}
    with pytest.raises(TypeError, match=r"jam\.aio\.Jam"):
        OAuth2Routes(jam.Jam(config={"oauth2": {"providers": providers}}), on_login)
    async with jam.aio.Jam(config={"oauth2": {"providers": providers}}) as unsealed:
        with pytest.raises(ValueError, match="seal_key"):
            OAuth2Routes(unsealed, on_login)
    async with jam.aio.Jam(config={"session": {"backend": "memory"}}) as bare:
        with pytest.raises(ValueError, match="seal_key"):
            OAuth2Routes(bare, on_login)
    config = {"oauth2": {"seal_key": SEAL_KEY, "providers": providers}}
    async with jam.aio.Jam(config=config) as auth:
        with pytest.raises(ValueError, match="configured: corp"):
            OAuth2Routes(auth, on_login, providers=["github"])
        for prefix in ("oauth", "/oauth/", "//oauth", "/o?x"):
            with pytest.raises(ValueError, match="prefix"):
                OAuth2Routes(auth, on_login, prefix=prefix)
        with pytest.raises(ValueError, match="after_login"):
            OAuth2Routes(auth, on_login, after_login="https://evil.example")
        routes = OAuth2Routes(auth, on_login, prefix="")
        assert [r.path for r in routes.routes] == ["/login/{provider}", "/callback/{provider}"]
        assert routes.login_path("corp", "/a b") == "/login/corp"
        assert OAuth2Routes(auth, on_login).login_path("corp", "/x?y=1") == (
            "/oauth/login/corp?next=/x%3Fy%3D1"
        )


async def test_a_custom_error_page_gets_the_failure(kit: Any, auth: jam.aio.Jam) -> None:
    async def on_login(request: Request, who: OAuth2Identity) -> str:
        return who.subject

    async def on_error(request: Request, failure: OAuth2Failure) -> Response:
        return RedirectResponse(f"/login?failed={failure.reason}", 303)

    app = kit.build_app(auth, SessionBackend(auth))
    app.router.routes.extend(OAuth2Routes(auth, on_login, on_error=on_error).routes)
    async with kit.client(app) as http:
        answer = await http.get("/oauth/callback/corp?code=x&state=y")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?failed=no_request"
    assert_cleared(answer)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "code=x",
        "code=%ff%fe&state=%ff",
        "code=a&code=b&state=s",
        "state=" + "s" * 20000,
        "code=x&state=%00",
    ],
)
async def test_hostile_callbacks_end_anonymous(
    kit: Any, app: Any, recorder: Recorder, query: str
) -> None:
    async with kit.client(app) as http:
        await start(http)
        answer = await http.get("/oauth/callback/corp?" + query)
        assert answer.status_code == 400
        assert_cleared(answer)
        await assert_anonymous(http)
    assert recorder.seen == []
