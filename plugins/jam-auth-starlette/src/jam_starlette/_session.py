"""``SessionHandle``: log a browser in and out from a route, one per request.

`jam_starlette.SessionMiddleware` puts a handle in every HTTP request's
scope; routes get it with `session_of`. Every method awaits the asyncio
facade, and every change of identity or privilege gives the browser a new
session id (the old one stops working in the same step).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from jam.exceptions import SessionNotFound
from jam_starlette._credentials import Bearer, Presented, cookie_value, header_values
from jam_starlette._document import SessionView, read_session, write_session

if TYPE_CHECKING:
    from starlette.requests import HTTPConnection
    from starlette.types import Scope

    from jam.aio import Jam as AsyncJam
    from jam_starlette._cookies import CookiePolicy

__all__ = ["SCOPE_KEY", "SessionHandle", "session_of"]

SCOPE_KEY = "jam_starlette.session"
"""Where the middleware keeps the request's handle in the ASGI scope."""

_KEEP, _SET, _CLEAR = "keep", "set", "clear"


class SessionHandle:
    """The session of one request: read it, log in, update, log out.

    Attributes:
        jam: The asyncio facade the middleware was given.
        cookie: The cookie policy the middleware was given.
    """

    def __init__(self, jam: AsyncJam, cookie: CookiePolicy, scope: Scope) -> None:
        """Bind the handle to one request (the middleware does this)."""
        self.jam = jam
        self.cookie = cookie
        self._scope = scope
        self._presented: Presented = cookie_value(header_values(scope, b"cookie"), cookie.name)
        self._id: str | None = None
        self._view: SessionView | None = None
        self._loaded = False
        self._action = _KEEP
        self.response_started = False

    @property
    def presented(self) -> Presented:
        """What the request's cookie presents (absent, ambiguous, or one value)."""
        return self._presented

    async def load(self) -> SessionView | None:
        """Return the request's live session, or ``None``; reads the store at most once.

        Raises:
            BackendError: The store could not be reached (never reported as ``None``).
        """
        if not self._loaded:
            if isinstance(self._presented, Bearer):
                stored = await self.jam.session_get(self._presented.value)
                if stored is not None:
                    self._id, self._view = self._presented.value, read_session(stored)
            self._loaded = True
        return self._view

    def _check_open(self) -> None:
        if self.response_started:
            raise RuntimeError("the response has started: the session cookie can no longer change")

    async def _replace(self, owner: str, stored: dict[str, Any]) -> None:
        """Store ``stored`` under a new id: rework the current session if ``owner`` owns it."""
        self._check_open()
        view = await self.load()
        new_id: str | None = None
        if view is not None and self._id is not None:
            if view.owner == owner:
                try:
                    new_id = await self.jam.session_rework(self._id)
                except SessionNotFound:  # expired since load(): start afresh
                    new_id = None
                else:
                    await self.jam.session_update(new_id, stored)
            else:
                await self.jam.session_delete(self._id)
        if new_id is None:
            new_id = await self.jam.session_create(owner, stored)
        self._id, self._view, self._action = new_id, read_session(stored), _SET

    async def login(
        self,
        identity: str,
        *,
        scopes: Iterable[str] = (),
        data: Mapping[str, Any] | None = None,
    ) -> None:
        """Log the browser in as ``identity``, under a new session id.

        If the request already has a session of the same owner (for example
        the first step of a two-step login), its id is rotated with
        ``session_rework`` and its data replaced; a session of anyone else is
        deleted. Either way the old id stops working and the response sets
        the cookie to the new one.

        Args:
            identity: Who logged in (also the session key, so
                `logout_everywhere` finds every session of this user).
            scopes: Scopes the session grants.
            data: Application data kept in the session.

        Raises:
            ValueError: ``identity`` is empty or a scope is malformed.
            RuntimeError: The response has already started.
            BackendError: The store failed (the browser is then logged out).
        """
        if not isinstance(identity, str) or not identity:
            raise ValueError("login() needs a non-empty identity")
        await self._replace(identity, write_session(identity, identity, scopes, data or {}))

    async def begin(self, owner: str, data: Mapping[str, Any] | None = None) -> None:
        """Start a session that is not a login yet, under a new id.

        For a step before login, such as "password accepted, now the
        one-time code": the session belongs to ``owner`` (so
        `logout_everywhere` ends it too) but authenticates nobody until
        `login`, which then rotates its id. An ``OAuth2Routes``
        ``on_login`` uses it the same way when the account still needs its code.

        Raises:
            ValueError: ``owner`` is empty.
            RuntimeError: The response has already started.
        """
        await self._replace(owner, write_session(owner, None, (), data or {}))

    async def update(self, data: Mapping[str, Any]) -> None:
        """Replace the application data of the current session (same id).

        Raises:
            SessionNotFound: The request has no live session.
        """
        view = await self.load()
        if view is None or self._id is None or view.owner is None:
            raise SessionNotFound("the request has no live session to update")
        stored = write_session(view.owner, view.identity, view.scopes, data)
        await self.jam.session_update(self._id, stored)
        self._view = read_session(stored)

    async def logout(self) -> None:
        """End this browser's session and remove its cookie."""
        self._check_open()
        if isinstance(self._presented, Bearer):
            await self.jam.session_delete(self._presented.value)
        self._id, self._view, self._loaded, self._action = None, None, True, _CLEAR

    async def logout_everywhere(self) -> int:
        """End every session of this session's owner, this one included ("sign out everywhere").

        Returns:
            How many sessions ended (0 when the request had no live session).
        """
        self._check_open()
        view = await self.load()
        count = 0
        if view is not None and view.owner is not None:
            count = await self.jam.session_clear(view.owner)
        self._id, self._view, self._action = None, None, _CLEAR
        return count

    async def logout_others(self) -> int:
        """End every other session of this owner ("sign out other devices").

        All of the owner's sessions are cleared in one ``session_clear``, then
        this browser gets a new session with the same data and a new id.

        Returns:
            How many other sessions ended.

        Raises:
            SessionNotFound: The request has no live session.
        """
        self._check_open()
        view = await self.load()
        if view is None or view.owner is None:
            raise SessionNotFound("the request has no live session")
        stored = write_session(view.owner, view.identity, view.scopes, view.data)
        count = await self.jam.session_clear(view.owner)
        self._id, self._view, self._action = None, None, _CLEAR
        self._id = await self.jam.session_create(view.owner, stored)
        self._view, self._action = read_session(stored), _SET
        return max(count - 1, 0)

    def set_cookie_header(self) -> tuple[bytes, bytes] | None:
        """Return the ``Set-Cookie`` header this request's changes need, if any."""
        if self._action == _SET and self._id is not None:
            return b"set-cookie", self.cookie.set_value(self._id, self._scope).encode("latin-1")
        if self._action == _CLEAR:
            return b"set-cookie", self.cookie.clear_value(self._scope).encode("latin-1")
        return None


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
