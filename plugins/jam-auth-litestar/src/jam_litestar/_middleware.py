"""``JamMiddleware``: who each request is, its session handle, and the session cookie.

A pure ASGI middleware on the asyncio facade. For every HTTP and WebSocket
connection it decides who the request is (``scope["user"]``: a
:class:`JamUser` or an :class:`AnonymousUser` that says why) and never
refuses: public handlers see an anonymous visitor, protected ones refuse with
the guards or the ``jam_user`` dependency. For HTTP requests it also keeps a
:class:`SessionHandle` and adds one ``Set-Cookie`` header when a handler
logged in or out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from litestar.datastructures import Cookie
from litestar.enums import ScopeType

from jam.web import AsyncSessionHandle as SessionHandle
from jam.web import CookiePolicy, JamUser

if TYPE_CHECKING:
    from litestar.types import ASGIApp, Message, Receive, Scope, Send

    from jam.web import AsyncAuthenticator as Authenticator

__all__ = ["SCOPE_KEY", "JamMiddleware", "header_values"]

SCOPE_KEY = "jam_litestar.session"
"""Where the middleware keeps the request's :class:`SessionHandle` in the ASGI scope."""


def header_values(scope: Scope, name: bytes) -> list[str]:
    """Return every value of header ``name`` (lower-case bytes), decoded as latin-1.

    Example:
        >>> header_values({"headers": [(b"cookie", b"a=1"), (b"cookie", b"b=2")]}, b"cookie")
        ['a=1', 'b=2']
    """
    raw: Any = scope.get("headers", ())
    return [value.decode("latin-1") for key, value in raw if key == name]


def _set_cookie(handle: SessionHandle, scope: Scope) -> tuple[bytes, bytes] | None:
    change = handle.cookie_change()
    if change is None:
        return None
    policy = handle.cookie
    host = (header_values(scope, b"host") or [""])[0]
    action, value = change
    cookie = Cookie(
        key=policy.name,
        value=CookiePolicy.check_value(value) if action == "set" and value is not None else "",
        max_age=policy.max_age if action == "set" else 0,
        path=policy.path,
        domain=policy.domain,
        secure=policy.secure_for(str(scope.get("scheme", "http")), host),
        httponly=True,
        samesite=policy.samesite,
    )
    return b"set-cookie", cookie.to_header(header="").encode("latin-1")


class JamMiddleware:
    """Authenticate every connection with Jam; send the session cookie handlers change.

    Installed by :class:`jam_litestar.JamPlugin`, as the outermost middleware.
    """

    def __init__(self, app: ASGIApp, authenticator: Authenticator, cookie: CookiePolicy) -> None:
        """Wrap ``app``.

        Args:
            app: The next ASGI application.
            authenticator: Decides who a request is.
            cookie: The session cookie's policy.
        """
        self.app = app
        self.authenticator = authenticator
        self.cookie = cookie

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one HTTP or WebSocket connection (Litestar handles lifespan itself)."""
        authenticator = self.authenticator
        cookies = header_values(scope, b"cookie")
        handle: SessionHandle | None = None
        if authenticator.sessions:
            handle = SessionHandle(authenticator.jam, self.cookie, cookies)
            cast("dict[str, Any]", scope)[SCOPE_KEY] = handle
        user = await authenticator.identify(header_values(scope, b"authorization"), cookies, handle)
        scope["user"] = user
        scope["auth"] = user.claims if isinstance(user, JamUser) else None
        if handle is None or scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        session = handle

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                session.response_started = True
                header = _set_cookie(session, scope)
                if header is not None:
                    message = {**message, "headers": [*message.get("headers", ()), header]}
            await send(message)

        await self.app(scope, receive, send_with_cookie)
