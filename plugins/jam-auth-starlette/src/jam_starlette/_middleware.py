"""``SessionMiddleware``: gives each HTTP request a `SessionHandle` and sends its cookie.

A pure ASGI middleware: it never reads the store itself (the handle does,
when a route or `jam_starlette.SessionBackend` asks), and it adds one
``Set-Cookie`` header to the response when a route logged in or out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jam.web import CookiePolicy
from jam_starlette._asgi import header_values
from jam_starlette._base import require_async_jam
from jam_starlette._session import SCOPE_KEY, SessionHandle, cookie_header

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["SessionMiddleware"]


class SessionMiddleware:
    """Server-side sessions in a cookie, stored by Jam.

    Put it outside Starlette's ``AuthenticationMiddleware`` (earlier in the
    ``middleware=[...]`` list) so `jam_starlette.SessionBackend` reuses
    the session the handle loaded: one store read per request.

    Example:
        >>> app = Starlette(middleware=[
        ...     Middleware(SessionMiddleware, jam=auth, cookie=CookiePolicy()),
        ...     Middleware(AuthenticationMiddleware, backend=SessionBackend(auth)),
        ... ])
    """

    def __init__(self, app: ASGIApp, jam: object, cookie: CookiePolicy | None = None) -> None:
        """Wrap ``app``.

        Args:
            app: The ASGI application.
            jam: A `jam.aio.Jam` with a ``[session]`` table.
            cookie: The cookie's name and attributes (default: ``jam_session``,
                ``HttpOnly; Secure; SameSite=Lax``, ``Path=/``).

        Raises:
            TypeError: ``jam`` is not a `jam.aio.Jam`.
        """
        self.app = app
        self.jam = require_async_jam(jam)
        self.cookie = cookie or CookiePolicy()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI connection."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        handle = SessionHandle(self.jam, self.cookie, header_values(scope, b"cookie"))
        scope[SCOPE_KEY] = handle

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                handle.response_started = True
                header = cookie_header(handle, scope)
                if header is not None:
                    message = {**message, "headers": [*message.get("headers", ()), header]}
            await send(message)

        await self.app(scope, receive, send_with_cookie)
