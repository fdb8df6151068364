"""What views use: the current user and session, and the decorators that refuse (RFC 6750).

``login_required`` and ``scopes_required`` raise a :class:`Refused`, a Werkzeug
``HTTPException`` whose response is the status and challenge of
:mod:`jam_flask._challenge` with a short JSON body. Each status has its own
class (:class:`NotAuthenticated` is also Werkzeug's ``Unauthorized``,
:class:`InsufficientScope` its ``Forbidden``, :class:`Unavailable` its
``ServiceUnavailable``), so ``@app.errorhandler(401)`` can answer differently
(a redirect to a login page, say).
"""

from __future__ import annotations

import functools
import inspect
import json
from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import g
from werkzeug.exceptions import Forbidden, HTTPException, ServiceUnavailable, Unauthorized

from jam.web import (
    AnonymousUser,
    JamUser,
    Refusal,
    SessionHandle,
    check_scopes,
    insufficient_scope,
    refusal,
)
from jam_flask._extension import identify

__all__ = [
    "InsufficientScope",
    "NotAuthenticated",
    "Refused",
    "Unavailable",
    "current_session",
    "current_user",
    "login_required",
    "require_user",
    "scopes_required",
]

F = TypeVar("F", bound=Callable[..., Any])


class Refused(HTTPException):
    """A request a protected view refuses: 401, 403 or 503, with its headers.

    Attributes:
        refusal: The status, fixed message and headers.
    """

    def __init__(self, answer: Refusal) -> None:
        """Wrap ``answer`` (use :meth:`of` to get the class of its status)."""
        super().__init__(answer.detail)
        self.refusal = answer

    @staticmethod
    def of(answer: Refusal) -> Refused:
        """Return the exception for ``answer``: 401, 403 or 503."""
        kind = {401: NotAuthenticated, 403: InsufficientScope}.get(answer.status, Unavailable)
        return kind(answer)

    def get_headers(
        self,
        environ: dict[str, Any] | None = None,
        scope: dict[str, Any] | None = None,
    ) -> list[tuple[str, str]]:
        """JSON, plus ``WWW-Authenticate`` or ``Retry-After``."""
        return [("Content-Type", "application/json"), *self.refusal.headers.items()]

    def get_body(
        self,
        environ: dict[str, Any] | None = None,
        scope: dict[str, Any] | None = None,
    ) -> str:
        """A short fixed JSON text; it never echoes the credential."""
        return json.dumps({"detail": self.refusal.detail})


class NotAuthenticated(Refused, Unauthorized):
    """401: nobody is authenticated (``WWW-Authenticate: Bearer ...``)."""


class InsufficientScope(Refused, Forbidden):
    """403: authenticated, without a required scope."""


class Unavailable(Refused, ServiceUnavailable):
    """503: the token list or session store is down (``Retry-After``)."""


def current_user() -> JamUser | AnonymousUser:
    """Return who the current request is (also ``flask.g.jam_user``).

    Raises:
        RuntimeError: The extension is not initialised on the current app.
    """
    return identify()


def require_user(*scopes: str) -> JamUser:
    """Return the authenticated user holding every one of ``scopes``, or refuse the request.

    Raises:
        Refused: 401 (nobody authenticated), 403 (a scope missing) or 503 (outage).
    """
    required = check_scopes(scopes) if scopes else frozenset()
    user = identify()
    if not isinstance(user, JamUser):
        raise Refused.of(refusal(user))
    if not required <= user.scopes:
        raise Refused.of(insufficient_scope(required))
    return user


def _guard(view: F, scopes: tuple[str, ...]) -> F:
    if inspect.iscoroutinefunction(view):

        @functools.wraps(view)
        async def guarded_async(*args: Any, **kwargs: Any) -> Any:
            require_user(*scopes)
            return await view(*args, **kwargs)

        return cast("F", guarded_async)

    @functools.wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        require_user(*scopes)
        return view(*args, **kwargs)

    return cast("F", guarded)


def login_required(view: F) -> F:
    """Let only authenticated requests reach ``view`` (401 / 503 otherwise).

    Example:
        >>> @app.get("/me")
        ... @login_required
        ... def me() -> dict[str, str]:
        ...     return {"sub": g.jam_user.identity}
    """
    return _guard(view, ())


def scopes_required(*scopes: str) -> Callable[[F], F]:
    """Let only authenticated requests holding every one of ``scopes`` reach the view.

    Raises:
        ValueError: (at decoration) No scope, or a scope that is empty or has whitespace.

    Example:
        >>> @app.delete("/items/<item>")
        ... @scopes_required("items:write")
        ... def delete(item: str) -> str: ...
    """
    required = tuple(sorted(check_scopes(scopes)))

    def decorate(view: F) -> F:
        return _guard(view, required)

    return decorate


def current_session() -> SessionHandle:
    """Return the current request's :class:`SessionHandle` (also ``flask.g.jam_session``).

    Raises:
        RuntimeError: Sessions are not accepted (no ``[session]`` table, or
            ``JAM_CREDENTIALS`` leaves them out).
    """
    identify()
    handle = g.get("jam_session")
    if not isinstance(handle, SessionHandle):
        raise RuntimeError(
            "no Jam session on this request: configure a [session] table "
            "(and keep 'session' in JAM_CREDENTIALS)"
        )
    return handle
