"""FastAPI dependencies (usable from Starlette routes too): who the request is, or 401/403/503.

They read ``request.user`` as a Jam backend left it, and raise Starlette's
``HTTPException`` with the status and challenge of `jam.web`.
FastAPI's and Starlette's exception handlers both send those headers, so the
same callables serve ``Depends(current_user)`` and ``await current_user(request)``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.exceptions import HTTPException
from starlette.requests import Request

from jam.web import AnonymousUser, JamUser, Refusal, insufficient_scope, refusal

__all__ = ["current_user", "optional_user", "require_scopes"]

_OURS = (JamUser, AnonymousUser)


def _raise(answer: Refusal) -> HTTPException:
    return HTTPException(answer.status, answer.detail, headers=answer.headers)


def _user_of(request: Request) -> JamUser | AnonymousUser:
    if "user" not in request.scope:
        raise RuntimeError(
            "request.user is not set: add Starlette's AuthenticationMiddleware with a "
            "jam_starlette backend (JWTBackend, SessionBackend or ChainBackend)"
        )
    user = request.scope["user"]
    if isinstance(user, _OURS):
        return user
    if getattr(user, "is_authenticated", True) is False:
        return AnonymousUser()
    raise RuntimeError(
        f"request.user is a {type(user).__name__}, not set by a jam_starlette backend"
    )


async def current_user(request: Request) -> JamUser:
    """Return the authenticated user, or refuse the request.

    Raises:
        HTTPException: 401 with a ``WWW-Authenticate: Bearer`` challenge when
            nobody is authenticated; 503 when the store or list is down.

    Example:
        >>> @app.get("/me")
        ... async def me(user: JamUser = Depends(current_user)) -> dict[str, str]:
        ...     return {"sub": user.identity}
    """
    user = _user_of(request)
    if isinstance(user, JamUser):
        return user
    raise _raise(refusal(user))


async def optional_user(request: Request) -> JamUser | None:
    """Return the authenticated user, or ``None`` for anyone else (even during an outage)."""
    user = _user_of(request)
    return user if isinstance(user, JamUser) else None


def require_scopes(*scopes: str) -> Callable[[Request], Awaitable[JamUser]]:
    """Return a dependency that needs an authenticated user holding every one of ``scopes``.

    Raises:
        ValueError: (when called) No scope, or a scope that is empty or contains whitespace.

    Example:
        >>> @app.delete("/items/{item}")
        ... async def delete(item: str, user: JamUser = Depends(require_scopes("items:write"))):
        ...     ...
    """
    if not scopes:
        raise ValueError("require_scopes() needs at least one scope (use current_user for none)")
    for scope in scopes:
        if not isinstance(scope, str) or scope.split() != [scope]:
            raise ValueError(f"invalid scope {scope!r}: a non-empty string without spaces")
    required = frozenset(scopes)

    async def scoped_user(request: Request) -> JamUser:
        user = await current_user(request)
        if not required <= user.scopes:
            raise _raise(insufficient_scope(required))
        return user

    scoped_user.__name__ = "require_scopes_" + "_".join(sorted(required)).replace(":", "_")
    return scoped_user
