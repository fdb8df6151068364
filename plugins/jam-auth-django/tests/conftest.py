"""Django configured for the tests, real Jam facades, and views that echo what they see.

The negative-path matrix (``NEGATIVE``) is the same list in every Jam web
integration's tests: each case builds a request that must end as 401 (or 503
for an outage) on protected views (plain Django and DRF) and as an anonymous
visitor on public ones. Test modules use it through the ``negative`` fixture
(with ``--import-mode=importlib`` they cannot import this module).

Django's test client passes headers as a WSGI environ, which holds one value
per header: two ``Authorization`` headers are sent joined by ", ", exactly as
WSGI servers (gunicorn, uWSGI, Werkzeug) deliver them.
"""

from __future__ import annotations

import base64
import os
import socket
import time
import types
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import django
import pytest
import redis
from django.conf import settings

import jam
from jam.sessions import generate_session_secret

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


DEFAULT_CONFIG = {"jwt": jwt_table("black"), "session": {"backend": "memory"}}

URLS = types.ModuleType("jam_django_test_urls")

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="only-for-the-tests-of-jam-django",
        ALLOWED_HOSTS=["*"],
        USE_TZ=True,
        INSTALLED_APPS=[
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "rest_framework",
        ],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        MIDDLEWARE=[
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "jam_django.JamMiddleware",
        ],
        ROOT_URLCONF=URLS,
        JAM={"CONFIG": DEFAULT_CONFIG},
        REST_FRAMEWORK={
            "DEFAULT_AUTHENTICATION_CLASSES": ["jam_django.rest_framework.JamAuthentication"],
            "DEFAULT_PERMISSION_CLASSES": ["jam_django.rest_framework.IsAuthenticated"],
        },
    )
    django.setup()

from django.http import HttpRequest, JsonResponse  # noqa: E402  (after settings.configure)
from django.test import Client, override_settings  # noqa: E402
from django.urls import path  # noqa: E402
from rest_framework.permissions import AllowAny  # noqa: E402
from rest_framework.request import Request  # noqa: E402
from rest_framework.response import Response  # noqa: E402
from rest_framework.views import APIView  # noqa: E402

from jam_django import (  # noqa: E402
    JamUser,
    current_user,
    get_jam,
    login_required,
    scopes_required,
    session_of,
)
from jam_django.rest_framework import requires_scopes  # noqa: E402


def seen(user: Any) -> dict[str, Any]:
    return {
        "sub": user.identity,
        "scopes": sorted(user.scopes),
        "source": user.source,
        "claims": dict(user.claims),
    }


@login_required
def me(request: HttpRequest) -> JsonResponse:
    return JsonResponse(seen(request.jam_user))  # type: ignore[attr-defined]


@scopes_required("admin", "write")
def admin(request: HttpRequest) -> JsonResponse:
    return JsonResponse(seen(request.jam_user))  # type: ignore[attr-defined]


@login_required
async def async_me(request: HttpRequest) -> JsonResponse:
    return JsonResponse(seen(request.jam_user))  # type: ignore[attr-defined]


def public(request: HttpRequest) -> JsonResponse:
    user = current_user(request)
    sub = user.identity if isinstance(user, JamUser) else None
    return JsonResponse({"sub": sub, "authenticated": user.is_authenticated})


def login(request: HttpRequest) -> JsonResponse:
    scopes = request.GET.get("scopes", "").split()
    session_of(request).login(request.GET["user"], scopes=scopes, data={"theme": "dark"})
    return JsonResponse({"ok": "yes"})


def begin(request: HttpRequest) -> JsonResponse:
    session_of(request).begin(request.GET["owner"], {"step": "otp"})
    return JsonResponse({"ok": "yes"})


def logout(request: HttpRequest) -> JsonResponse:
    session_of(request).logout()
    return JsonResponse({"ok": "yes"})


def logout_everywhere(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ended": session_of(request).logout_everywhere()})


def logout_others(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ended": session_of(request).logout_others()})


def session(request: HttpRequest) -> JsonResponse:
    view = session_of(request).load()
    if view is None:
        return JsonResponse({"view": None})
    return JsonResponse({"identity": view.identity, "owner": view.owner, "data": dict(view.data)})


def django_user(request: HttpRequest) -> JsonResponse:
    user = request.user
    return JsonResponse(
        {"authenticated": user.is_authenticated, "username": getattr(user, "username", None)}
    )


class DrfMe(APIView):
    def get(self, request: Request) -> Response:
        return Response(seen(request.auth))


class DrfAdmin(APIView):
    permission_classes = (requires_scopes("admin", "write"),)

    def get(self, request: Request) -> Response:
        return Response(seen(request.auth))


class DrfPublic(APIView):
    permission_classes = (AllowAny,)

    def get(self, request: Request) -> Response:
        user = request.user
        sub = user.identity if isinstance(user, JamUser) else None
        return Response({"sub": sub, "authenticated": bool(user and user.is_authenticated)})


URLS.urlpatterns = [  # type: ignore[attr-defined]
    path("me", me),
    path("admin", admin),
    path("async-me", async_me),
    path("public", public),
    path("login", login),
    path("begin", begin),
    path("logout", logout),
    path("logout-everywhere", logout_everywhere),
    path("logout-others", logout_others),
    path("session", session),
    path("django-user", django_user),
    path("drf/me", DrfMe.as_view()),
    path("drf/admin", DrfAdmin.as_view()),
    path("drf/public", DrfPublic.as_view()),
]


def environ(headers: list[tuple[str, str]]) -> dict[str, str]:
    """Headers as a WSGI server puts them in the environ (repeated ones joined)."""
    meta: dict[str, str] = {}
    for name, value in headers:
        key = "HTTP_" + name.upper().replace("-", "_")
        joiner = "; " if key == "HTTP_COOKIE" else ", "
        meta[key] = f"{meta[key]}{joiner}{value}" if key in meta else value
    return meta


# --- the negative-path matrix ---------------------------------------------------------------


@dataclass
class Sent:
    """A request that must not authenticate, and how the protected view must answer it."""

    headers: list[tuple[str, str]]
    challenge: str | None = "Bearer"  # exact WWW-Authenticate; None: 503 with Retry-After
    status: int = 401


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


@dataclass
class Env:
    """The settings one case serves under, and facades to mint credentials with."""

    active: str | None = None
    override: Any = None
    minters: dict[str, jam.Jam] = field(default_factory=dict)

    def use(self, variant: str = "main", **jam_settings: Any) -> jam.Jam:
        """Serve the case's requests with ``variant`` (``settings.JAM``); return the facade."""
        if self.active is None:
            self.override = override_settings(
                JAM={"CONFIG": variant_config(variant), **jam_settings}
            )
            self.override.enable()
            self.active = variant
        assert self.active == variant, "one serving configuration per case"
        return get_jam()

    def facade(self, variant: str) -> jam.Jam:
        if variant == self.active:
            return get_jam()
        if variant not in self.minters:
            self.minters[variant] = jam.Jam(config=variant_config(variant))
        return self.minters[variant]

    def token(self, variant: str = "main", **claims: Any) -> str:
        auth = self.facade(variant)
        return auth.jwt_create_token(auth.jwt_make_payload(600, {"sub": "alice", **claims}))

    def session(self, data: dict[str, Any] | None = None, variant: str = "main") -> str:
        return self.facade(variant).session_create("alice", data or {"sub": "alice"})

    def close(self) -> None:
        for auth in self.minters.values():
            auth.close()
        if self.override is not None:
            self.override.disable()


def bearer(token: str) -> list[tuple[str, str]]:
    return [("Authorization", f"Bearer {token}")]


def cookie(value: str) -> list[tuple[str, str]]:
    return [("Cookie", value)]


Case = Callable[[Env], Sent]
NEGATIVE: dict[str, Case] = {}


def case(name: str) -> Callable[[Case], Case]:
    def register(build: Case) -> Case:
        NEGATIVE[name] = build
        return build

    return register


def fixed(name: str, variant: str, sent: Sent, **jam_settings: Any) -> None:
    def build(e: Env) -> Sent:
        e.use(variant, **jam_settings)
        return sent

    NEGATIVE[name] = build


fixed("no-credential", "main", Sent([]))
fixed("unknown-token", "main", Sent(bearer("not-a-jwt"), INVALID_TOKEN))
fixed("three-dots", "main", Sent(bearer("a.b.c"), INVALID_TOKEN))
fixed("oversized-token", "main", Sent(bearer("x" * 20_000), INVALID_TOKEN))
fixed("bearer-without-token", "main", Sent([("Authorization", "Bearer")], INVALID_REQUEST))
fixed("bearer-two-tokens", "main", Sent(bearer("a b"), INVALID_REQUEST))
fixed("bearer-bad-chars", "main", Sent(bearer("<script>"), INVALID_REQUEST))
fixed("bearer-non-ascii", "main", Sent(bearer("tok\u00e9n"), INVALID_REQUEST))
fixed("bearer-comma", "main", Sent(bearer("a,b"), INVALID_REQUEST))
fixed("scheme-basic", "main", Sent([("Authorization", "Basic dXNlcjpwYXNz")]))
fixed("unknown-session", "main", Sent(cookie("jam_session=" + "A" * 43)))
fixed("garbage-session", "main", Sent(cookie("jam_session=" + "x" * 5000)))
fixed("session-store-outage", "store-down", Sent(cookie("jam_session=" + "A" * 43), None, 503))


@case("forged-payload")
def _forged_payload(e: Env) -> Sent:
    e.use()
    head, _, signature = e.token().split(".")
    admin = base64.urlsafe_b64encode(b'{"sub":"root","exp":9999999999}').rstrip(b"=").decode()
    return Sent(bearer(f"{head}.{admin}.{signature}"), INVALID_TOKEN)


@case("other-key")
def _other_key(e: Env) -> Sent:
    e.use()
    return Sent(bearer(e.token("other-key")), INVALID_TOKEN)


@case("expired-token")
def _expired(e: Env) -> Sent:
    past = int(time.time()) - 120
    token = e.use().jwt_create_token({"sub": "alice", "iat": past - 60, "exp": past})
    return Sent(bearer(token), EXPIRED_TOKEN)


@case("revoked-token")
def _revoked(e: Env) -> Sent:
    auth = e.use()
    token = e.token()
    auth.jwt_revoke_token(token)
    return Sent(bearer(token), INVALID_TOKEN)


@case("removed-from-white-list")
def _removed_from_white_list(e: Env) -> Sent:
    auth = e.use("white")
    token = e.token("white")
    auth.jwt_revoke_token(token)  # a white list forgets it
    return Sent(bearer(token), INVALID_TOKEN)


@case("never-white-listed")
def _never_white_listed(e: Env) -> Sent:
    e.use("white")
    return Sent(bearer(e.token("plain")), INVALID_TOKEN)


@case("token-without-sub")
def _without_sub(e: Env) -> Sent:
    e.use()
    return Sent(bearer(e.token(sub="")), INVALID_TOKEN)


@case("scheme-token")
def _scheme_token(e: Env) -> Sent:
    e.use()
    return Sent([("Authorization", f"Token {e.token()}")])


@case("scheme-jwt")
def _scheme_jwt(e: Env) -> Sent:
    e.use()
    return Sent([("Authorization", f"JWT {e.token()}")])


@case("two-authorization-headers")
def _two_headers(e: Env) -> Sent:
    e.use()
    token = e.token()
    return Sent(bearer(token) + bearer(token), INVALID_REQUEST)


@case("basic-then-bearer-headers")
def _basic_then_bearer(e: Env) -> Sent:
    e.use()
    return Sent([("Authorization", "Basic dTpw"), *bearer(e.token())], INVALID_REQUEST)


@case("session-id-as-bearer")
def _session_as_bearer(e: Env) -> Sent:
    e.use()
    return Sent(bearer(e.session()), INVALID_TOKEN)


@case("deleted-session")
def _deleted_session(e: Env) -> Sent:
    auth = e.use()
    sid = e.session()
    auth.session_delete(sid)
    return Sent(cookie(f"jam_session={sid}"))


@case("cleared-session")
def _cleared_session(e: Env) -> Sent:
    auth = e.use()
    sid = e.session()
    auth.session_clear("alice")
    return Sent(cookie(f"jam_session={sid}"))


@case("expired-session")
def _expired_session(e: Env) -> Sent:
    e.use("short")
    sid = e.session(variant="short")
    time.sleep(1.2)
    return Sent(cookie(f"jam_session={sid}"))


@case("tampered-session-cookie")
def _tampered_session(e: Env) -> Sent:
    e.use()
    sid = e.session()
    swapped = "B" if sid[20] == "A" else "A"
    return Sent(cookie(f"jam_session={sid[:20]}{swapped}{sid[21:]}"))


@case("truncated-session-cookie")
def _truncated_session(e: Env) -> Sent:
    e.use()
    return Sent(cookie(f"jam_session={e.session()[:-1]}"))


@case("session-under-another-cookie-name")
def _other_cookie_name(e: Env) -> Sent:
    e.use()
    sid = e.session()
    return Sent(cookie(f"session={sid}; Jam_Session={sid}"))


@case("session-cookie-twice")
def _cookie_twice(e: Env) -> Sent:
    e.use()
    sid = e.session()
    return Sent(cookie(f"jam_session={sid}; jam_session={sid}"))


@case("jwt-in-session-cookie")
def _jwt_in_session_cookie(e: Env) -> Sent:
    e.use()
    return Sent(cookie(f"jam_session={e.token()}"))


@case("session-that-is-not-a-login")
def _not_a_login(e: Env) -> Sent:
    e.use()
    return Sent(cookie(f"jam_session={e.session({'owner': 'alice'})}"))


@case("refused-bearer-with-valid-session")
def _bearer_then_session(e: Env) -> Sent:
    e.use()
    return Sent(bearer("x.y.z") + cookie(f"jam_session={e.session()}"), INVALID_TOKEN)


@case("tampered-jwt-cookie")
def _tampered_jwt_cookie(e: Env) -> Sent:
    e.use(JWT_COOKIE="access")
    head, payload, signature = e.token().split(".")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    return Sent(cookie(f"access={head}.{payload}.{flipped}"))


@case("jwt-under-another-cookie-name")
def _jwt_other_cookie(e: Env) -> Sent:
    e.use(JWT_COOKIE="access")
    return Sent(cookie(f"access_token={e.token()}"))


@case("token-list-outage")
def _list_outage(e: Env) -> Sent:
    e.use("list-down")
    return Sent(bearer(e.token("list-down")), None, 503)


@pytest.fixture
def env() -> Iterator[Env]:
    built = Env()
    try:
        yield built
    finally:
        built.close()


@pytest.fixture(params=list(NEGATIVE.values()), ids=list(NEGATIVE))
def negative(request: pytest.FixtureRequest, env: Env) -> Sent:
    """One case of the negative-path matrix: the request to send (its settings are active)."""
    build: Case = request.param
    return build(env)


# --- the other tests ------------------------------------------------------------------------


class Kit:
    """Helpers for test modules (a fixture: test modules cannot import conftest)."""

    environ = staticmethod(environ)
    jwt_table = staticmethod(jwt_table)
    free_port = staticmethod(free_port)
    secret = SECRET
    client = Client


@pytest.fixture
def kit() -> type[Kit]:
    return Kit


@pytest.fixture
def auth() -> Iterator[jam.Jam]:
    """The facade of the default settings (JWT with a black list, memory sessions), fresh."""
    with override_settings(JAM={"CONFIG": DEFAULT_CONFIG}):
        yield get_jam()


@pytest.fixture(scope="session")
def database() -> None:
    """The auth tables, in the in-memory test database."""
    from django.core.management import call_command

    call_command("migrate", run_syncdb=True, verbosity=0)


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
    prefix = f"jdj-{uuid.uuid4().hex[:12]}"
    yield prefix
    cleanup = redis.Redis.from_url(redis_url)
    try:
        for pattern in (f"{prefix}:*", f"{{{prefix}}}:*"):
            keys = list(cleanup.scan_iter(match=pattern, count=1000))
            if keys:
                cleanup.delete(*keys)
    finally:
        cleanup.close()
