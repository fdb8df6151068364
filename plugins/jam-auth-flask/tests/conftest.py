"""Fixtures: real Jam facades (memory, Redis on loopback) and a Flask app echoing what views see.

The negative-path matrix (``NEGATIVE``) is the same list in every Jam web
integration's tests: each case builds a request that must end as 401 (or 503
for an outage) on a protected view and as an anonymous visitor on a public one.
Test modules use it through the ``negative`` fixture (with
``--import-mode=importlib`` they cannot import this module).
"""

from __future__ import annotations

import base64
import os
import socket
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import redis
from flask import Flask, g, request

import jam
from jam.sessions import generate_session_secret
from jam_flask import (
    Jam,
    JamUser,
    current_session,
    current_user,
    login_required,
    scopes_required,
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


def build_app(auth: jam.Jam, **settings: Any) -> Flask:
    """A Flask app with the extension and views that echo what the view sees."""
    app = Flask("jam_flask_tests")
    app.config.update(settings)
    Jam(app, jam=auth)

    @app.get("/me")
    @login_required
    def me() -> Any:
        return seen(g.jam_user)

    @app.get("/admin")
    @scopes_required("admin", "write")
    def admin() -> Any:
        return seen(g.jam_user)

    @app.get("/public")
    def public() -> Any:
        user = current_user()
        return {
            "sub": user.identity if isinstance(user, JamUser) else None,
            "authenticated": user.is_authenticated,
        }

    @app.post("/login")
    def login() -> Any:
        scopes = request.args.get("scopes", "").split()
        current_session().login(request.args["user"], scopes=scopes, data={"theme": "dark"})
        return {"ok": "yes"}

    @app.post("/begin")
    def begin() -> Any:
        current_session().begin(request.args["owner"], {"step": "otp"})
        return {"ok": "yes"}

    @app.post("/logout")
    def logout() -> Any:
        current_session().logout()
        return {"ok": "yes"}

    @app.post("/logout-everywhere")
    def everywhere() -> Any:
        return {"ended": current_session().logout_everywhere()}

    @app.post("/logout-others")
    def others() -> Any:
        return {"ended": current_session().logout_others()}

    @app.get("/session")
    def session() -> Any:
        view = current_session().load()
        if view is None:
            return {"view": None}
        return {"identity": view.identity, "owner": view.owner, "data": dict(view.data)}

    return app


# --- the negative-path matrix ---------------------------------------------------------------


@dataclass
class Sent:
    """A request that must not authenticate, and how the protected view must answer it."""

    headers: list[tuple[str, str]]
    challenge: str | None = "Bearer"  # exact WWW-Authenticate; None: 503 with Retry-After
    status: int = 401


@dataclass
class Env:
    """Real facades for the matrix, built on first use and closed afterwards."""

    opened: dict[str, jam.Jam] = field(default_factory=dict)

    def facade(self, variant: str) -> jam.Jam:
        if variant not in self.opened:
            self.opened[variant] = jam.Jam(config=variant_config(variant))
        return self.opened[variant]

    def app(self, variant: str = "main", **settings: Any) -> Flask:
        return build_app(self.facade(variant), **settings)

    def token(self, variant: str = "main", **claims: Any) -> str:
        auth = self.facade(variant)
        return auth.jwt_create_token(auth.jwt_make_payload(600, {"sub": "alice", **claims}))

    def session(self, data: dict[str, Any] | None = None, variant: str = "main") -> str:
        return self.facade(variant).session_create("alice", data or {"sub": "alice"})

    def close(self) -> None:
        for auth in self.opened.values():
            auth.close()


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


def _expired(env: Env) -> tuple[Flask, Sent]:
    past = int(time.time()) - 120
    token = env.facade("main").jwt_create_token({"sub": "alice", "iat": past - 60, "exp": past})
    return env.app(), Sent(bearer(token), EXPIRED_TOKEN)


def _revoked(env: Env) -> tuple[Flask, Sent]:
    token = env.token()
    env.facade("main").jwt_revoke_token(token)
    return env.app(), Sent(bearer(token), INVALID_TOKEN)


def _removed_from_white_list(env: Env) -> tuple[Flask, Sent]:
    token = env.token("white")
    env.facade("white").jwt_revoke_token(token)  # a white list forgets it
    return env.app("white"), Sent(bearer(token), INVALID_TOKEN)


def _deleted_session(env: Env) -> tuple[Flask, Sent]:
    sid = env.session()
    env.facade("main").session_delete(sid)
    return env.app(), Sent(cookie(f"jam_session={sid}"))


def _cleared_session(env: Env) -> tuple[Flask, Sent]:
    sid = env.session()
    env.facade("main").session_clear("alice")
    return env.app(), Sent(cookie(f"jam_session={sid}"))


def _expired_session(env: Env) -> tuple[Flask, Sent]:
    sid = env.session(variant="short")
    time.sleep(1.2)
    return env.app("short"), Sent(cookie(f"jam_session={sid}"))


def _tampered_session(env: Env) -> tuple[Flask, Sent]:
    sid = env.session()
    swapped = "B" if sid[20] == "A" else "A"
    return env.app(), Sent(cookie(f"jam_session={sid[:20]}{swapped}{sid[21:]}"))


def _tampered_jwt_cookie(env: Env) -> tuple[Flask, Sent]:
    head, payload, signature = env.token().split(".")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    return env.app(JAM_JWT_COOKIE="access"), Sent(cookie(f"access={head}.{payload}.{flipped}"))


def _forged_payload(env: Env) -> tuple[Flask, Sent]:
    head, _, signature = env.token().split(".")
    admin = base64.urlsafe_b64encode(b'{"sub":"root","exp":9999999999}').rstrip(b"=").decode()
    return env.app(), Sent(bearer(f"{head}.{admin}.{signature}"), INVALID_TOKEN)


NEGATIVE: list[tuple[str, Callable[[Env], tuple[Flask, Sent]]]] = [
    ("no-credential", lambda e: (e.app(), Sent([]))),
    ("unknown-token", lambda e: (e.app(), Sent(bearer("not-a-jwt"), INVALID_TOKEN))),
    ("three-dots", lambda e: (e.app(), Sent(bearer("a.b.c"), INVALID_TOKEN))),
    ("oversized-token", lambda e: (e.app(), Sent(bearer("x" * 20_000), INVALID_TOKEN))),
    ("forged-payload", _forged_payload),
    ("other-key", lambda e: (e.app(), Sent(bearer(e.token("other-key")), INVALID_TOKEN))),
    ("expired-token", _expired),
    ("revoked-token", _revoked),
    ("removed-from-white-list", _removed_from_white_list),
    (
        "never-white-listed",
        lambda e: (e.app("white"), Sent(bearer(e.token("plain")), INVALID_TOKEN)),
    ),
    ("token-without-sub", lambda e: (e.app(), Sent(bearer(e.token(sub="")), INVALID_TOKEN))),
    (
        "bearer-without-token",
        lambda e: (e.app(), Sent([("Authorization", "Bearer")], INVALID_REQUEST)),
    ),
    ("bearer-two-tokens", lambda e: (e.app(), Sent(bearer("a b"), INVALID_REQUEST))),
    ("bearer-bad-chars", lambda e: (e.app(), Sent(bearer("<script>"), INVALID_REQUEST))),
    ("bearer-non-ascii", lambda e: (e.app(), Sent(bearer("tok\u00e9n"), INVALID_REQUEST))),
    ("bearer-comma", lambda e: (e.app(), Sent(bearer("a,b"), INVALID_REQUEST))),
    ("scheme-basic", lambda e: (e.app(), Sent([("Authorization", "Basic dXNlcjpwYXNz")]))),
    ("scheme-token", lambda e: (e.app(), Sent([("Authorization", f"Token {e.token()}")]))),
    ("scheme-jwt", lambda e: (e.app(), Sent([("Authorization", f"JWT {e.token()}")]))),
    (
        "two-authorization-headers",
        lambda e: (e.app(), Sent(bearer(t := e.token()) + bearer(t), INVALID_REQUEST)),
    ),
    (
        "basic-then-bearer-headers",
        lambda e: (
            e.app(),
            Sent([("Authorization", "Basic dTpw"), *bearer(e.token())], INVALID_REQUEST),
        ),
    ),
    ("session-id-as-bearer", lambda e: (e.app(), Sent(bearer(e.session()), INVALID_TOKEN))),
    ("unknown-session", lambda e: (e.app(), Sent(cookie("jam_session=" + "A" * 43)))),
    ("garbage-session", lambda e: (e.app(), Sent(cookie("jam_session=" + "x" * 5000)))),
    ("deleted-session", _deleted_session),
    ("cleared-session", _cleared_session),
    ("expired-session", _expired_session),
    ("tampered-session-cookie", _tampered_session),
    (
        "truncated-session-cookie",
        lambda e: (e.app(), Sent(cookie(f"jam_session={e.session()[:-1]}"))),
    ),
    (
        "session-under-another-cookie-name",
        lambda e: (e.app(), Sent(cookie(f"session={(s := e.session())}; Jam_Session={s}"))),
    ),
    (
        "session-cookie-twice",
        lambda e: (e.app(), Sent(cookie(f"jam_session={(s := e.session())}; jam_session={s}"))),
    ),
    ("jwt-in-session-cookie", lambda e: (e.app(), Sent(cookie(f"jam_session={e.token()}")))),
    (
        "session-that-is-not-a-login",
        lambda e: (e.app(), Sent(cookie(f"jam_session={e.session({'owner': 'alice'})}"))),
    ),
    (
        "refused-bearer-with-valid-session",
        lambda e: (
            e.app(),
            Sent(bearer("x.y.z") + cookie(f"jam_session={e.session()}"), INVALID_TOKEN),
        ),
    ),
    ("tampered-jwt-cookie", _tampered_jwt_cookie),
    (
        "jwt-under-another-cookie-name",
        lambda e: (e.app(JAM_JWT_COOKIE="access"), Sent(cookie(f"access_token={e.token()}"))),
    ),
    (
        "token-list-outage",
        lambda e: (e.app("list-down"), Sent(bearer(e.token("list-down")), None, 503)),
    ),
    (
        "session-store-outage",
        lambda e: (e.app("store-down"), Sent(cookie("jam_session=" + "A" * 43), None, 503)),
    ),
]


@pytest.fixture
def env() -> Iterator[Env]:
    built = Env()
    try:
        yield built
    finally:
        built.close()


@pytest.fixture(params=[builder for _, builder in NEGATIVE], ids=[name for name, _ in NEGATIVE])
def negative(request: pytest.FixtureRequest, env: Env) -> tuple[Flask, Sent]:
    """One case of the negative-path matrix: the app to ask and the request to send."""
    builder: Callable[[Env], tuple[Flask, Sent]] = request.param
    return builder(env)


# --- facades for the other tests ------------------------------------------------------------


@pytest.fixture
def auth() -> Iterator[jam.Jam]:
    """JWT with a black list, plus memory sessions."""
    with jam.Jam(config={"jwt": jwt_table("black"), "session": {"backend": "memory"}}) as built:
        yield built


class Kit:
    """Helpers for test modules (a fixture: test modules cannot import conftest)."""

    build_app = staticmethod(build_app)
    jwt_table = staticmethod(jwt_table)
    free_port = staticmethod(free_port)
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
    prefix = f"jfl-{uuid.uuid4().hex[:12]}"
    yield prefix
    cleanup = redis.Redis.from_url(redis_url)
    try:
        for pattern in (f"{prefix}:*", f"{{{prefix}}}:*"):
            keys = list(cleanup.scan_iter(match=pattern, count=1000))
            if keys:
                cleanup.delete(*keys)
    finally:
        cleanup.close()
