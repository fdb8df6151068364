"""current_user / optional_user / require_scopes: RFC 6750 answers in FastAPI and Starlette."""

from __future__ import annotations

from typing import Annotated, Any

import pytest
from fastapi import Depends, FastAPI
from starlette.applications import Starlette
from starlette.authentication import AuthCredentials, AuthenticationBackend, SimpleUser
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

import jam.aio
from jam_starlette import JamUser, JWTBackend, current_user, require_scopes


async def bearer(auth: jam.aio.Jam, **claims: Any) -> dict[str, str]:
    token = await auth.jwt_create_token(auth.jwt_make_payload(600, {"sub": "alice", **claims}))
    return {"Authorization": f"Bearer {token}"}


async def test_missing_scope_is_403_insufficient_scope(kit: Any, jwt_auth: jam.aio.Jam) -> None:
    app = kit.build_app(jwt_auth, JWTBackend(jwt_auth))
    async with kit.client(app) as http:
        partial = await http.get("/admin", headers=await bearer(jwt_auth, scope="admin read"))
        none = await http.get("/admin", headers=await bearer(jwt_auth))
        anonymous = await http.get("/admin")
    for refused in (partial, none):
        assert refused.status_code == 403
        assert refused.headers["www-authenticate"] == (
            'Bearer error="insufficient_scope", scope="admin write"'
        )
        assert refused.json() == {"detail": "Insufficient scope"}
    assert anonymous.status_code == 401  # not authenticated comes before scopes


async def test_scopes_are_case_sensitive_and_exact(kit: Any, jwt_auth: jam.aio.Jam) -> None:
    app = kit.build_app(jwt_auth, JWTBackend(jwt_auth))
    async with kit.client(app) as http:
        upper = await http.get("/admin", headers=await bearer(jwt_auth, scope="ADMIN WRITE"))
        prefix = await http.get("/admin", headers=await bearer(jwt_auth, scope="admin writer"))
        joined = await http.get("/admin", headers=await bearer(jwt_auth, scp=["admin write"]))
    assert {upper.status_code, prefix.status_code, joined.status_code} == {403}


def test_require_scopes_refuses_bad_declarations() -> None:
    with pytest.raises(ValueError, match="at least one"):
        require_scopes()
    for bad in ("", "two words", " lead"):
        with pytest.raises(ValueError, match="invalid scope"):
            require_scopes(bad)


async def test_dependencies_need_the_authentication_middleware(jwt_auth: jam.aio.Jam) -> None:
    app = FastAPI()

    @app.get("/me")
    async def me(user: Annotated[JamUser, Depends(current_user)]) -> str:
        return user.identity

    import httpx

    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="https://t"
    ) as http:
        with pytest.raises(RuntimeError, match="AuthenticationMiddleware"):
            await http.get("/me")


async def test_a_foreign_authenticated_user_is_a_configuration_error() -> None:
    class Everyone(AuthenticationBackend):
        async def authenticate(self, conn: Any) -> Any:
            return AuthCredentials(["authenticated", "admin"]), SimpleUser("root")

    app = FastAPI(middleware=[Middleware(AuthenticationMiddleware, backend=Everyone())])

    @app.get("/me")
    async def me(user: Annotated[JamUser, Depends(current_user)]) -> str:
        return user.identity

    import httpx

    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="https://t"
    ) as http:
        with pytest.raises(RuntimeError, match="SimpleUser"):
            await http.get("/me")


async def test_plain_starlette_routes_get_the_same_answers(kit: Any, jwt_auth: jam.aio.Jam) -> None:
    admin_only = require_scopes("admin")

    async def me(request: Request) -> JSONResponse:
        user = await admin_only(request)
        return JSONResponse({"sub": user.identity})

    app = Starlette(
        routes=[Route("/me", me)],
        middleware=[Middleware(AuthenticationMiddleware, backend=JWTBackend(jwt_auth))],
    )
    async with kit.client(app) as http:
        ok = await http.get("/me", headers=await bearer(jwt_auth, scope="admin"))
        forbidden = await http.get("/me", headers=await bearer(jwt_auth))
        expired_like = await http.get("/me", headers={"Authorization": "Bearer a.b.c"})
    assert ok.json() == {"sub": "alice"}
    assert forbidden.status_code == 403
    assert forbidden.headers["www-authenticate"].startswith('Bearer error="insufficient_scope"')
    assert expired_like.status_code == 401
    assert 'error="invalid_token"' in expired_like.headers["www-authenticate"]


async def test_starlette_requires_sees_the_authenticated_scope(
    kit: Any, jwt_auth: jam.aio.Jam
) -> None:
    from starlette.authentication import requires

    @requires(["authenticated", "admin"])
    async def me(request: Request) -> JSONResponse:
        return JSONResponse({"sub": request.user.identity})

    app = Starlette(
        routes=[Route("/me", me)],
        middleware=[Middleware(AuthenticationMiddleware, backend=JWTBackend(jwt_auth))],
    )
    async with kit.client(app) as http:
        ok = await http.get("/me", headers=await bearer(jwt_auth, scope="admin"))
        forged = await http.get("/me", headers={"Authorization": "Bearer a.b.c"})
    assert ok.json() == {"sub": "alice"}
    assert forged.status_code == 403  # Starlette's own decorator: refused, never authenticated
