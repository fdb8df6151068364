"""Guards and dependencies: who the request is, or 401 / 403 / 503 (RFC 6750).

They read ``scope["user"]`` as :class:`jam_litestar.JamMiddleware` left it and
raise Litestar's HTTP exceptions with the status and headers of
:mod:`jam_litestar._challenge`; Litestar's exception handler sends them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    PermissionDeniedException,
    ServiceUnavailableException,
)

from jam.web import AnonymousUser, JamUser, Refusal, check_scopes, insufficient_scope, refusal
from jam.web import AsyncSessionHandle as SessionHandle
from jam_litestar._middleware import SCOPE_KEY

if TYPE_CHECKING:
    from litestar.connection import ASGIConnection
    from litestar.handlers.base import BaseRouteHandler

__all__ = [
    "current_user",
    "optional_user",
    "refuse",
    "requires_auth",
    "requires_scopes",
    "session_of",
    "user_of",
]

Guard = Callable[["ASGIConnection[Any, Any, Any, Any]", "BaseRouteHandler"], None]


def refuse(answer: Refusal) -> HTTPException:
    """Return Litestar's exception for ``answer`` (401, 403 or 503, with its headers)."""
    kind = {401: NotAuthorizedException, 403: PermissionDeniedException}.get(
        answer.status, ServiceUnavailableException
    )
    return kind(detail=answer.detail, headers=answer.headers)


def user_of(connection: ASGIConnection[Any, Any, Any, Any]) -> JamUser | AnonymousUser:
    """Return who the connection is, as the middleware decided.

    Raises:
        RuntimeError: :class:`jam_litestar.JamPlugin` is not installed.
    """
    user = connection.scope.get("user")
    if isinstance(user, JamUser | AnonymousUser):
        return user
    raise RuntimeError(
        "no Jam user on this request: add jam_litestar.JamPlugin(...) to the app's plugins"
    )


def _authenticated(connection: ASGIConnection[Any, Any, Any, Any]) -> JamUser:
    user = user_of(connection)
    if isinstance(user, JamUser):
        return user
    raise refuse(refusal(user))


def requires_auth(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """Guard: only authenticated requests pass (401, or 503 during an outage).

    Example:
        >>> @get("/me", guards=[requires_auth])
        ... async def me(request: Request) -> str: ...
    """
    _authenticated(connection)


def requires_scopes(*scopes: str) -> Guard:
    """Return a guard that needs an authenticated request holding every one of ``scopes``.

    Raises:
        ValueError: (when called) No scope, or a scope that is empty or has whitespace.

    Example:
        >>> @delete("/items/{item:str}", guards=[requires_scopes("items:write")])
        ... async def remove(item: str) -> None: ...
    """
    required = check_scopes(scopes)

    def scopes_guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        if not required <= _authenticated(connection).scopes:
            raise refuse(insufficient_scope(required))

    scopes_guard.__name__ = "requires_scopes_" + "_".join(sorted(required)).replace(":", "_")
    return scopes_guard


async def current_user(request: ASGIConnection[Any, Any, Any, Any]) -> JamUser:
    """Dependency (``jam_user``): the authenticated user, or refuse (401 / 503).

    Example:
        >>> @get("/me")
        ... async def me(jam_user: JamUser) -> dict[str, str]:
        ...     return {"sub": jam_user.identity}
    """
    return _authenticated(request)


async def optional_user(request: ASGIConnection[Any, Any, Any, Any]) -> JamUser | None:
    """Dependency (``jam_optional_user``): the authenticated user, or ``None`` for anyone else."""
    user = user_of(request)
    return user if isinstance(user, JamUser) else None


def session_of(connection: ASGIConnection[Any, Any, Any, Any]) -> SessionHandle:
    """Return the request's :class:`SessionHandle` (the ``jam_session`` dependency).

    Raises:
        RuntimeError: The plugin is not installed, or sessions are not accepted.
    """
    handle = connection.scope.get(SCOPE_KEY)
    if not isinstance(handle, SessionHandle):
        raise RuntimeError(
            "no Jam session on this request: add jam_litestar.JamPlugin with a Jam "
            "configuration that has a [session] table"
        )
    return handle


async def session_dependency(request: ASGIConnection[Any, Any, Any, Any]) -> SessionHandle:
    """Dependency (``jam_session``): the request's :class:`SessionHandle`."""
    return session_of(request)
