"""Fixtures: real Jam facades (memory, sqlite, Redis on loopback) and a small FastAPI app.

``build_app`` mounts the integration the way an application would:
``SessionMiddleware`` outside ``AuthenticationMiddleware``, and routes that
report exactly what the handler sees (identity, scopes, source), so every
test asserts on the handler's view rather than on internals.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Annotated, Any

import httpx
import pytest
import redis
from fastapi import Depends, FastAPI, Request
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware

import jam.aio
from jam_starlette import (
    CookiePolicy,
    JamBackend,
    JamUser,
    SessionMiddleware,
    current_user,
    optional_user,
    require_scopes,
    session_of,
)

SECRET = "a-test-secret-that-is-long-enough-for-hs256!"
OIDC_SERVER = Path(__file__).resolve().parents[3] / "tests" / "oauth2" / "_server.py"
"""The kernel's loopback OpenID Connect server (Authlib), shared with ``tests/oauth2``."""


def load_oidc_server() -> Any:
    """Import ``tests/oauth2/_server.py`` by path (the tests folders are not packages)."""
    name = "jam_tests_oauth2_server"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, OIDC_SERVER)
    assert spec is not None and spec.loader is not None, OIDC_SERVER
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def jwt_table(list_type: str | None = None, **list_options: Any) -> dict[str, Any]:
    table: dict[str, Any] = {"alg": "HS256", "secret_key": SECRET, "expire": 600}
    if list_type is not None:
        table["list"] = {"type": list_type, "backend": "memory", **list_options}
    return table


def build_app(
    auth: jam.aio.Jam,
    backend: JamBackend,
    *,
    cookie: CookiePolicy | None = None,
    sessions: bool = True,
) -> FastAPI:
    """A FastAPI app with Jam's middleware and routes that echo what the handler sees."""
    middleware = []
    if sessions:
        middleware.append(Middleware(SessionMiddleware, jam=auth, cookie=cookie))
    middleware.append(Middleware(AuthenticationMiddleware, backend=backend))
    app = FastAPI(middleware=middleware)

    def seen(user: JamUser) -> dict[str, Any]:
        return {
            "sub": user.identity,
            "scopes": sorted(user.scopes),
            "source": user.source,
            "claims": dict(user.claims),
        }

    @app.get("/me")
    async def me(user: Annotated[JamUser, Depends(current_user)]) -> dict[str, Any]:
        return seen(user)

    @app.get("/admin")
    async def admin(
        user: Annotated[JamUser, Depends(require_scopes("admin", "write"))],
    ) -> dict[str, Any]:
        return seen(user)

    @app.get("/public")
    async def public(
        request: Request, user: Annotated[JamUser | None, Depends(optional_user)]
    ) -> Any:
        return {
            "sub": None if user is None else user.identity,
            "authenticated": request.user.is_authenticated,
            "auth_scopes": list(request.auth.scopes),
        }

    @app.post("/login")
    async def login(request: Request, user: str, scopes: str = "") -> dict[str, str]:
        await session_of(request).login(user, scopes=scopes.split(), data={"theme": "dark"})
        return {"ok": "yes"}

    @app.post("/begin")
    async def begin(request: Request, owner: str) -> dict[str, str]:
        await session_of(request).begin(owner, {"step": "otp"})
        return {"ok": "yes"}

    @app.post("/logout")
    async def logout(request: Request) -> dict[str, str]:
        await session_of(request).logout()
        return {"ok": "yes"}

    @app.post("/logout-everywhere")
    async def everywhere(request: Request) -> dict[str, int]:
        return {"ended": await session_of(request).logout_everywhere()}

    @app.post("/logout-others")
    async def others(request: Request) -> dict[str, int]:
        return {"ended": await session_of(request).logout_others()}

    @app.get("/session")
    async def session(request: Request) -> Any:
        view = await session_of(request).load()
        if view is None:
            return None
        return {"identity": view.identity, "owner": view.owner, "data": dict(view.data)}

    return app


def client(app: Any, base_url: str = "https://testserver") -> httpx.AsyncClient:
    """An in-process client (httpx's ASGI transport) on the test's event loop."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base_url)


class Kit:
    """Helpers for test modules (a fixture: with --import-mode=importlib, tests cannot import
    conftest)."""

    secret = SECRET
    build_app = staticmethod(build_app)
    client = staticmethod(client)
    free_port = staticmethod(free_port)
    jwt_table = staticmethod(jwt_table)
    oidc_server = staticmethod(load_oidc_server)


@pytest.fixture
def kit() -> type[Kit]:
    return Kit


@pytest.fixture
async def jwt_auth() -> AsyncIterator[jam.aio.Jam]:
    """JWT with a black list, plus memory sessions."""
    async with jam.aio.Jam(
        config={"jwt": jwt_table("black"), "session": {"backend": "memory"}}
    ) as auth:
        yield auth


@pytest.fixture
async def session_auth() -> AsyncIterator[jam.aio.Jam]:
    async with jam.aio.Jam(config={"session": {"backend": "memory"}}) as auth:
        yield auth


@pytest.fixture(scope="session")
def oidc() -> Iterator[Any]:
    """A real OpenID Connect server on a free loopback port, for the whole session."""
    running = load_oidc_server().start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A live Redis: $JAM_TEST_REDIS_URL or 127.0.0.1:6379, else a private redis-server."""
    url = os.environ.get("JAM_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    probe = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)
    try:
        probe.ping()
    except redis.RedisError:
        pass
    else:
        yield url
        return
    finally:
        probe.close()
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail(f"no Redis at {url} and no redis-server binary to start one")
    port = free_port()
    workdir: Path = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(workdir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        local = redis.Redis(port=port, socket_timeout=1)
        for _ in range(100):
            try:
                local.ping()
                break
            except redis.RedisError:
                time.sleep(0.05)
        local.close()
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.kill()
        proc.wait(timeout=10)


@pytest.fixture
def redis_prefix(redis_url: str) -> Iterator[str]:
    """A unique key prefix; its keys are deleted afterwards."""
    prefix = f"jst-{uuid.uuid4().hex[:12]}"
    yield prefix
    cleanup = redis.Redis.from_url(redis_url)
    try:
        for pattern in (f"{prefix}:*", f"{{{prefix}}}:*"):
            keys = list(cleanup.scan_iter(match=pattern, count=1000))
            if keys:
                cleanup.delete(*keys)
    finally:
        cleanup.close()
