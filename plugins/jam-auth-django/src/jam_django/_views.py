"""What views use: the current user and session, and the decorators that refuse (RFC 6750).

``login_required`` and ``scopes_required`` answer a refused request
themselves (401 / 403 / 503 with the headers of :mod:`jam_django._challenge`
and a short JSON body); they wrap synchronous and ``async`` views alike (the
check reads what the middleware decided: no I/O).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from asgiref.sync import iscoroutinefunction, markcoroutinefunction

from jam.web import (
    AnonymousUser,
    JamUser,
    Refusal,
    SessionHandle,
    check_scopes,
    insufficient_scope,
    refusal,
)
from jam_django._responses import refusal_response

if TYPE_CHECKING:
    from django.http import HttpRequest

__all__ = ["current_user", "login_required", "refused", "scopes_required", "session_of"]

V = TypeVar("V", bound=Callable[..., Any])


def current_user(request: HttpRequest) -> JamUser | AnonymousUser:
    """Return who ``request`` is (also ``request.jam_user``).

    Raises:
        RuntimeError: :class:`jam_django.JamMiddleware` is not installed.
    """
    user = getattr(request, "jam_user", None)
    if not isinstance(user, JamUser | AnonymousUser):
        raise RuntimeError("no Jam user on this request: add 'jam_django.JamMiddleware'")
    return user


def refused(request: HttpRequest, scopes: frozenset[str] = frozenset()) -> Refusal | None:
    """Return why ``request`` may not proceed (401 / 403 / 503), or ``None`` if it may."""
    user = current_user(request)
    if not isinstance(user, JamUser):
        return refusal(user)
    if not scopes <= user.scopes:
        return insufficient_scope(scopes)
    return None


def _guard(view: V, scopes: frozenset[str]) -> V:
    if iscoroutinefunction(view):

        async def guarded_async(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            answer = refused(request, scopes)
            if answer is not None:
                return refusal_response(answer)
            return await view(request, *args, **kwargs)

        return cast("V", markcoroutinefunction(functools.wraps(view)(guarded_async)))

    @functools.wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        answer = refused(request, scopes)
        if answer is not None:
            return refusal_response(answer)
        return view(request, *args, **kwargs)

    return cast("V", guarded)


def login_required(view: V) -> V:
    """Let only requests with a verified Jam credential reach ``view`` (401 / 503 otherwise).

    Example:
        >>> @login_required
        ... def me(request):
        ...     return JsonResponse({"sub": request.jam_user.identity})
    """
    return _guard(view, frozenset())


def scopes_required(*scopes: str) -> Callable[[V], V]:
    """Let only authenticated requests holding every one of ``scopes`` reach the view.

    Raises:
        ValueError: (at decoration) No scope, or a scope that is empty or has whitespace.
    """
    required = check_scopes(scopes)

    def decorate(view: V) -> V:
        return _guard(view, required)

    return decorate


def session_of(request: HttpRequest) -> SessionHandle:
    """Return ``request``'s :class:`SessionHandle` (also ``request.jam_session``).

    Raises:
        RuntimeError: The middleware is not installed, or sessions are not accepted.
    """
    handle = getattr(request, "jam_session", None)
    if not isinstance(handle, SessionHandle):
        raise RuntimeError(
            "no Jam session on this request: add 'jam_django.JamMiddleware' and a [session] "
            "table to Jam's configuration"
        )
    return handle
