"""Fixtures: real asyncio Jam facades (memory, Redis on loopback) and a Litestar app echoing
what handlers see.

The negative-path matrix (``NEGATIVE``) is the same list in every Jam web
integration's tests: each case builds a request that must end as 401 (or 503
for an outage) on a protected handler and as an anonymous visitor on a public
one. Test modules use it through the ``negative`` fixture (with
``--import-mode=importlib`` they cannot import this module).
"""

from __future__ import annotations

import asyncio
import base64
import os
import socket
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import redis
from litestar import Litestar, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromQuery
from litestar.testing import AsyncTestClient

import jam.aio
from jam.sessions import generate_session_secret
from jam_litestar import (
    CookiePolicy,
    JamPlugin,
    JamUser,
    SessionHandle,
    TokenSource,
    requires_auth,
    requires_scopes,
)

SECRET = "a-test-secret-that-is-long-enough-for-hs256!"
OTHER_SECRET = "another-secret-that-is-long-enough-for-hs256"
INVALID_TOKEN = 'Bearer error="invalid_token", error_description="The access token is invalid"'
EXPIRED_TOKEN = 'Bearer error="invalid_token", error_description="The access token expired"'
INVALID_REQUEST = (
    'Bearer error="invalid_request", error_description="Malformed Authorization header"'
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def jwt_table(list_type: str | None = "black", **list_options: Any) -> dict[str, Any]:
    table: dict[str, Any] = {"alg": "HS256", "secret_key": SECRET, "expire": 600}
    if list_type is not None:
        table["list"] = {"type": list_type, "backend": "memory", **list_options}
    return table


def seen(user: JamUser) -> dict[str, Any]:
    return {
        "sub": user.identity,
        "scopes": sorted(user.scopes),
        "source": user.source,
        "claims": dict(user.claims),
    }


def build_app(auth: jam.aio.Jam, *, close: bool = False, **options: Any) -> Litestar:
    """A Litestar app with the plugin and handlers that echo what the handler sees.

    ``close=True`` closes the facade at the app's shutdown, on the app's event loop
    (Litestar's test clients run the app on a loop of their own).
    """

    @get("/me", guards=[requires_auth])
    async def me(request: Request[Any, Any, Any]) -> dict[str, Any]:
        return seen(request.user)

    @get("/admin", guards=[requires_scopes("admin", "write")])
    async def admin(request: Request[Any, Any, Any]) -> dict[str, Any]:
        return seen(request.user)

    @get("/dependency")
    async def dependency(jam_user: NamedDependency[JamUser]) -> dict[str, Any]:
        return seen(jam_user)

    @get("/public")
    async def public(
        request: Request[Any, Any, Any], jam_optional_user: NamedDependency[JamUser | None]
    ) -> dict[str, Any]:
        return {
            "sub": None if jam_optional_user is None else jam_optional_user.identity,
            "authenticated": request.user.is_authenticated,
        }

    @post("/login", status_code=200)
    async def login(
        jam_session: NamedDependency[SessionHandle],
        user: FromQuery[str],
        scopes: FromQuery[str] = "",
    ) -> dict[str, str]:
        await jam_session.login(user, scopes=scopes.split(), data={"theme": "dark"})
        return {"ok": "yes"}

    @post("/begin", status_code=200)
    async def begin(
        jam_session: NamedDependency[SessionHandle], owner: FromQuery[str]
    ) -> dict[str, str]:
        await jam_session.begin(owner, {"step": "otp"})
        return {"ok": "yes"}

    @post("/logout", status_code=200)
    async def logout(jam_session: NamedDependency[SessionHandle]) -> dict[str, str]:
        await jam_session.logout()
        return {"ok": "yes"}

    @post("/logout-everywhere", status_code=200)
    async def everywhere(jam_session: NamedDependency[SessionHandle]) -> dict[str, int]:
        return {"ended": await jam_session.logout_everywhere()}

    @post("/logout-others", status_code=200)
    async def others(jam_session: NamedDependency[SessionHandle]) -> dict[str, int]:
        return {"ended": await jam_session.logout_others()}

    @get("/session")
    async def session(jam_session: NamedDependency[SessionHandle]) -> dict[str, Any]:
        view = await jam_session.load()
        if view is None:
            return {"view": None}
        return {"identity": view.identity, "owner": view.owner, "data": dict(view.data)}

    handlers = [me, admin, dependency, public, login, begin, logout, everywhere, others, session]
    return Litestar(
        handlers, plugins=[JamPlugin(auth, **options)], on_shutdown=[auth.aclose] if close else []
    )


def client(app: Litestar, base_url: str = "https://testserver.local") -> AsyncTestClient[Litestar]:
    """Litestar's own async test client, on the test's event loop."""
    return AsyncTestClient(app=app, base_url=base_url)


# --- the negative-path matrix ---------------------------------------------------------------


@dataclass
class Sent:
    """A request that must not authenticate, and how the protected handler must answer it."""

    headers: list[tuple[str, str | bytes]]
    challenge: str | None = "Bearer"  # exact WWW-Authenticate; None: 503 with Retry-After
    status: int = 401


@dataclass
class Env:
    """Real facades for the matrix, built on first use and closed afterwards."""

    opened: dict[str, jam.aio.Jam] = field(default_factory=dict)

    def facade(self, variant: str) -> jam.aio.Jam:
        if variant not in self.opened:
            self.opened[variant] = jam.aio.Jam(config=variant_config(variant))
        return self.opened[variant]

    def app(self, variant: str = "main", **options: Any) -> Litestar:
        return build_app(self.facade(variant), **options)

    async def token(self, variant: str = "main", **claims: Any) -> str:
        auth = self.facade(variant)
        return await auth.jwt_create_token(auth.jwt_make_payload(600, {"sub": "alice", **claims}))

    async def session(self, data: dict[str, Any] | None = None, variant: str = "main") -> str:
        return await self.facade(variant).session_create("alice", data or {"sub": "alice"})

    async def close(self) -> None:
        for auth in self.opened.values():
            await auth.aclose()


def variant_config(variant: str) -> dict[str, Any]:
    crypt = {"is_session_crypt": True, "session_aes_secret": generate_session_secret()}
    down = f"redis://127.0.0.1:{free_port()}/0"
    return {
        "main": {"jwt": jwt_table("black"), "session": {"backend": "memory", **crypt}},
        "white": {"jwt": jwt_table("white")},
        "plain": {"jwt": jwt_table(None)},
        "other-key": {"jwt": {**jwt_table(None), "secret_key": OTHER_SECRET}},
        "short": {"session": {"backend": "memory", "default_ttl": 1}},
        "list-down": {"jwt": jwt_table("black", backend="redis", redis_uri=down)},
        "store-down": {"session": {"backend": "redis", "redis_uri": down}},
    }[variant]


def bearer(token: str) -> list[tuple[str, str]]:
    return [("Authorization", f"Bearer {token}")]


def cookie(value: str) -> list[tuple[str, str]]:
    return [("Cookie", value)]


Case = Callable[[Env], Awaitable[tuple[Litestar, Sent]]]
NEGATIVE: dict[str, Case] = {}


def case(name: str) -> Callable[[Case], Case]:
    def register(build: Case) -> Case:
        NEGATIVE[name] = build
        return build

    return register


def fixed(name: str, variant: str, sent: Sent, **options: Any) -> None:
    async def build(e: Env) -> tuple[Litestar, Sent]:
        return e.app(variant, **options), sent

    NEGATIVE[name] = build


fixed("no-credential", "main", Sent([]))
fixed("unknown-token", "main", Sent(bearer("not-a-jwt"), INVALID_TOKEN))
fixed("three-dots", "main", Sent(bearer("a.b.c"), INVALID_TOKEN))
fixed("oversized-token", "main", Sent(bearer("x" * 20_000), INVALID_TOKEN))
fixed("bearer-without-token", "main", Sent([("Authorization", "Bearer")], INVALID_REQUEST))
fixed("bearer-two-tokens", "main", Sent(bearer("a b"), INVALID_REQUEST))
fixed("bearer-bad-chars", "main", Sent(bearer("<script>"), INVALID_REQUEST))
fixed(
    "bearer-non-ascii",
    "main",
    Sent([("Authorization", "Bearer tok\u00e9n".encode())], INVALID_REQUEST),
)
fixed("bearer-comma", "main", Sent(bearer("a,b"), INVALID_REQUEST))
fixed("scheme-basic", "main", Sent([("Authorization", "Basic dXNlcjpwYXNz")]))
fixed("unknown-session", "main", Sent(cookie("jam_session=" + "A" * 43)))
fixed("garbage-session", "main", Sent(cookie("jam_session=" + "x" * 5000)))
fixed("session-store-outage", "store-down", Sent(cookie("jam_session=" + "A" * 43), None, 503))


@case("forged-payload")
async def _forged_payload(e: Env) -> tuple[Litestar, Sent]:
    head, _, signature = (await e.token()).split(".")
    admin = base64.urlsafe_b64encode(b'{"sub":"root","exp":9999999999}').rstrip(b"=").decode()
    return e.app(), Sent(bearer(f"{head}.{admin}.{signature}"), INVALID_TOKEN)


@case("other-key")
async def _other_key(e: Env) -> tuple[Litestar, Sent]:
    return e.app(), Sent(bearer(await e.token("other-key")), INVALID_TOKEN)


@case("expired-token")
async def _expired(e: Env) -> tuple[Litestar, Sent]:
    past = int(time.time()) - 120
    token = await e.facade("main").jwt_create_token({"sub": "alice", "iat": past - 60, "exp": past})
    return e.app(), Sent(bearer(token), EXPIRED_TOKEN)


@case("revoked-token")
async def _revoked(e: Env) -> tuple[Litestar, Sent]:
    token = await e.token()
    await e.facade("main").jwt_revoke_token(token)
    return e.app(), Sent(bearer(token), INVALID_TOKEN)


@case("removed-from-white-list")
async def _removed_from_white_list(e: Env) -> tuple[Litestar, Sent]:
    token = await e.token("white")
    await e.facade("white").jwt_revoke_token(token)  # a white list forgets it
    return e.app("white"), Sent(bearer(token), INVALID_TOKEN)


@case("never-white-listed")
async def _never_white_listed(e: Env) -> tuple[Litestar, Sent]:
    return e.app("white"), Sent(bearer(await e.token("plain")), INVALID_TOKEN)


@case("token-without-sub")
async def _without_sub(e: Env) -> tuple[Litestar, Sent]:
    return e.app(), Sent(bearer(await e.token(sub="")), INVALID_TOKEN)


@case("scheme-token")
async def _scheme_token(e: Env) -> tuple[Litestar, Sent]:
    return e.app(), Sent([("Authorization", f"Token {await e.token()}")])


@case("scheme-jwt")
async def _scheme_jwt(e: Env) -> tuple[Litestar, Sent]:
    return e.app(), Sent([("Authorization", f"JWT {await e.token()}")])


@case("two-authorization-headers")
async def _two_headers(e: Env) -> tuple[Litestar, Sent]:
    token = await e.token()
    return e.app(), Sent(bearer(token) + bearer(token), INVALID_REQUEST)


@case("basic-then-bearer-headers")
async def _basic_then_bearer(e: Env) -> tuple[Litestar, Sent]:
    both = [("Authorization", "Basic dTpw"), *bearer(await e.token())]
    return e.app(), Sent(both, INVALID_REQUEST)


@case("session-id-as-bearer")
async def _session_as_bearer(e: Env) -> tuple[Litestar, Sent]:
    return e.app(), Sent(bearer(await e.session()), INVALID_TOKEN)


@case("deleted-session")
async def _deleted_session(e: Env) -> tuple[Litestar, Sent]:
    sid = await e.session()
    await e.facade("main").session_delete(sid)
    return e.app(), Sent(cookie(f"jam_session={sid}"))


@case("cleared-session")
async def _cleared_session(e: Env) -> tuple[Litestar, Sent]:
    sid = await e.session()
    await e.facade("main").session_clear("alice")
    return e.app(), Sent(cookie(f"jam_session={sid}"))


@case("expired-session")
async def _expired_session(e: Env) -> tuple[Litestar, Sent]:
    sid = await e.session(variant="short")
    await asyncio.sleep(1.2)
    return e.app("short"), Sent(cookie(f"jam_session={sid}"))


@case("tampered-session-cookie")
async def _tampered_session(e: Env) -> tuple[Litestar, Sent]:
    sid = await e.session()
    swapped = "B" if sid[20] == "A" else "A"
    return e.app(), Sent(cookie(f"jam_session={sid[:20]}{swapped}{sid[21:]}"))


@case("truncated-session-cookie")
async def _truncated_session(e: Env) -> tuple[Litestar, Sent]:
    return e.app(), Sent(cookie(f"jam_session={(await e.session())[:-1]}"))


@case("session-under-another-cookie-name")
async def _other_cookie_name(e: Env) -> tuple[Litestar, Sent]:
    sid = await e.session()
    return e.app(), Sent(cookie(f"session={sid}; Jam_Session={sid}"))


@case("session-cookie-twice")
async def _cookie_twice(e: Env) -> tuple[Litestar, Sent]:
    sid = await e.session()
    return e.app(), Sent(cookie(f"jam_session={sid}; jam_session={sid}"))


@case("jwt-in-session-cookie")
async def _jwt_in_session_cookie(e: Env) -> tuple[Litestar, Sent]:
    return e.app(), Sent(cookie(f"jam_session={await e.token()}"))


@case("session-that-is-not-a-login")
async def _not_a_login(e: Env) -> tuple[Litestar, Sent]:
    return e.app(), Sent(cookie(f"jam_session={await e.session({'owner': 'alice'})}"))


@case("refused-bearer-with-valid-session")
async def _bearer_then_session(e: Env) -> tuple[Litestar, Sent]:
    sent = bearer("x.y.z") + cookie(f"jam_session={await e.session()}")
    return e.app(), Sent(sent, INVALID_TOKEN)


@case("tampered-jwt-cookie")
async def _tampered_jwt_cookie(e: Env) -> tuple[Litestar, Sent]:
    head, payload, signature = (await e.token()).split(".")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    app = e.app(tokens=TokenSource(cookie_name="access"))
    return app, Sent(cookie(f"access={head}.{payload}.{flipped}"))


@case("jwt-under-another-cookie-name")
async def _jwt_other_cookie(e: Env) -> tuple[Litestar, Sent]:
    app = e.app(tokens=TokenSource(cookie_name="access"))
    return app, Sent(cookie(f"access_token={await e.token()}"))


@case("token-list-outage")
async def _list_outage(e: Env) -> tuple[Litestar, Sent]:
    return e.app("list-down"), Sent(bearer(await e.token("list-down")), None, 503)


@pytest.fixture
async def env() -> AsyncIterator[Env]:
    built = Env()
    try:
        yield built
    finally:
        await built.close()


@pytest.fixture(params=list(NEGATIVE.values()), ids=list(NEGATIVE))
async def negative(request: pytest.FixtureRequest, env: Env) -> tuple[Litestar, Sent]:
    """One case of the negative-path matrix: the app to ask and the request to send."""
    build: Case = request.param
    return await build(env)


# --- facades for the other tests ------------------------------------------------------------


@pytest.fixture
async def auth() -> AsyncIterator[jam.aio.Jam]:
    """JWT with a black list, plus memory sessions."""
    async with jam.aio.Jam(
        config={"jwt": jwt_table("black"), "session": {"backend": "memory"}}
    ) as built:
        yield built


class Kit:
    """Helpers for test modules (a fixture: test modules cannot import conftest)."""

    build_app = staticmethod(build_app)
    client = staticmethod(client)
    jwt_table = staticmethod(jwt_table)
    free_port = staticmethod(free_port)
    cookie_policy = CookiePolicy
    secret = SECRET


@pytest.fixture
def kit() -> type[Kit]:
    return Kit


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The live Redis the suite runs with ($JAM_TEST_REDIS_URL or 127.0.0.1:6379)."""
    url = os.environ.get("JAM_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    probe = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)
    try:
        probe.ping()
    except redis.RedisError:
        pytest.fail(f"no Redis at {url}: start redis-server or set JAM_TEST_REDIS_URL")
    finally:
        probe.close()
    return url


@pytest.fixture
def redis_prefix(redis_url: str) -> Iterator[str]:
    """A unique key prefix; its keys are deleted afterwards."""
    prefix = f"jls-{uuid.uuid4().hex[:12]}"
    yield prefix
    cleanup = redis.Redis.from_url(redis_url)
    try:
        for pattern in (f"{prefix}:*", f"{{{prefix}}}:*"):
            keys = list(cleanup.scan_iter(match=pattern, count=1000))
            if keys:
                cleanup.delete(*keys)
    finally:
        cleanup.close()
