"""The request's session handle in Starlette: where it lives in the scope, and its cookie.

`jam_starlette.SessionMiddleware` puts a `jam.web.AsyncSessionHandle`
(exported here as ``SessionHandle``) in every HTTP request's scope; routes get
it with `session_of`. The handle is the shared core's: every method awaits the
asyncio facade, and every change of identity or privilege gives the browser a
new session id (the old one stops working in the same step).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jam.web import AsyncSessionHandle as SessionHandle
from jam_starlette._asgi import clear_cookie_header, set_cookie_header

if TYPE_CHECKING:
    from starlette.requests import HTTPConnection
    from starlette.types import Scope

__all__ = ["SCOPE_KEY", "SessionHandle", "cookie_header", "session_of"]

SCOPE_KEY = "jam_starlette.session"
"""Where the middleware keeps the request's handle in the ASGI scope."""


def cookie_header(handle: SessionHandle, scope: Scope) -> tuple[bytes, bytes] | None:
    """Return the ``Set-Cookie`` header the request's session changes need, if any."""
    change = handle.cookie_change()
    if change is None:
        return None
    if change[0] == "set":
        return b"set-cookie", set_cookie_header(handle.cookie, change[1], scope)
    return b"set-cookie", clear_cookie_header(handle.cookie, scope)


def session_of(conn: HTTPConnection) -> SessionHandle:
    """Return the request's `SessionHandle`.

    Raises:
        RuntimeError: `jam_starlette.SessionMiddleware` is not installed.
    """
    handle = conn.scope.get(SCOPE_KEY)
    if not isinstance(handle, SessionHandle):
        raise RuntimeError(
            "no Jam session on this request: add jam_starlette.SessionMiddleware to the app"
        )
    return handle
