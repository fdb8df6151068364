"""``SessionBackend``: authenticate a request by its session cookie.

A request is authenticated when its cookie names a live session whose data
has a ``sub`` (see `jam.web`'s session document). Unknown, expired, forged
or doubled cookies leave it anonymous; a store outage leaves it anonymous
with `Failure.UNAVAILABLE`, which protected routes answer with 503.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from jam.exceptions import BackendError
from jam.web import (
    DEFAULT_COOKIE_NAME,
    AnonymousUser,
    Bearer,
    Failure,
    JamUser,
    Presented,
    SessionView,
    cookie_value,
    from_session,
    read_session,
)
from jam_starlette._asgi import header_values
from jam_starlette._base import JamBackend, require_async_jam
from jam_starlette._session import SCOPE_KEY, SessionHandle

if TYPE_CHECKING:
    from starlette.requests import HTTPConnection

__all__ = ["SessionBackend"]

logger = logging.getLogger("jam_starlette")


class SessionBackend(JamBackend):
    """Authenticate requests by a Jam session id in a cookie.

    With `jam_starlette.SessionMiddleware` installed outside it (same
    facade, same cookie name), the session the middleware's handle loads is
    reused, so a request reads the store once.

    Example:
        >>> backend = SessionBackend(auth, cookie_name="jam_session")
    """

    def __init__(self, jam: object, *, cookie_name: str = DEFAULT_COOKIE_NAME) -> None:
        """Configure the cookie to read.

        Args:
            jam: A `jam.aio.Jam` with a ``[session]`` table.
            cookie_name: The session cookie's name (the middleware's ``CookiePolicy.name``).

        Raises:
            TypeError: ``jam`` is not a `jam.aio.Jam`.
        """
        self.jam = require_async_jam(jam)
        self.cookie_name = cookie_name

    def _handle(self, conn: HTTPConnection) -> SessionHandle | None:
        handle = conn.scope.get(SCOPE_KEY)
        if (
            isinstance(handle, SessionHandle)
            and handle.jam is self.jam
            and handle.cookie.name == self.cookie_name
        ):
            return handle
        return None

    async def _load(self, conn: HTTPConnection) -> tuple[Presented, SessionView | None]:
        handle = self._handle(conn)
        if handle is not None:
            return handle.presented, await handle.load()
        found = cookie_value(header_values(conn.scope, b"cookie"), self.cookie_name)
        if not isinstance(found, Bearer):
            return found, None
        stored = await self.jam.session_get(found.value)
        return found, None if stored is None else read_session(stored)

    async def identify(self, conn: HTTPConnection) -> JamUser | AnonymousUser:
        """Read the request's session; see the class docstring."""
        try:
            found, view = await self._load(conn)
        except BackendError as err:
            logger.warning(
                "session store unavailable, request left anonymous: %s", type(err).__name__
            )
            return AnonymousUser(Failure.UNAVAILABLE, "cookie")
        return from_session(found, view)
