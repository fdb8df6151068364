"""``SessionHandle``: log a browser in and out from a view, one handle per request.

The integration gives every request a handle; views reach it through the
framework's helper. Every change of identity or privilege gives the browser a
new session id (the old one stops working in the same step), and the
integration writes the cookie on the response from `SessionHandle.cookie_change`.

This file and `jam.web._async_session` are twins: the same lines, one with
``await``. ``tests/test_twins.py`` fails when they drift.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from jam.exceptions import SessionNotFound
from jam.web._credentials import Bearer, Presented, cookie_value
from jam.web._document import SessionView, read_session, write_session

if TYPE_CHECKING:
    from jam import Jam
    from jam.web._cookies import CookieChange, CookiePolicy

__all__ = ["SessionHandle"]


class SessionHandle:
    """The session of one request: read it, log in, update, log out.

    Attributes:
        jam: The facade the integration was given.
        cookie: The session cookie's policy.
        response_started: Set by the integration once the response headers are
            fixed; a change of identity after that is refused.
    """

    def __init__(self, jam: Jam, cookie: CookiePolicy, cookie_headers: Iterable[str]) -> None:
        """Bind the handle to one request (the integration does this)."""
        self.jam = jam
        self.cookie = cookie
        self._presented: Presented = cookie_value(cookie_headers, cookie.name)
        self._id: str | None = None
        self._view: SessionView | None = None
        self._loaded = False
        self._change: CookieChange | None = None
        self.response_started = False

    @property
    def presented(self) -> Presented:
        """What the request's cookie presents (absent, ambiguous, or one value)."""
        return self._presented

    def load(self) -> SessionView | None:
        """Return the request's live session, or ``None``; reads the store at most once.

        Raises:
            BackendError: The store could not be reached (never reported as ``None``).
        """
        if not self._loaded:
            if isinstance(self._presented, Bearer):
                stored = self.jam.session_get(self._presented.value)
                if stored is not None:
                    self._id, self._view = self._presented.value, read_session(stored)
            self._loaded = True
        return self._view

    def _check_open(self) -> None:
        if self.response_started:
            raise RuntimeError("the response has started: the session cookie can no longer change")

    def _replace(self, owner: str, stored: dict[str, Any]) -> None:
        """Store ``stored`` under a new id: rework the current session if ``owner`` owns it."""
        self._check_open()
        view = self.load()
        new_id: str | None = None
        if view is not None and self._id is not None:
            if view.owner == owner:
                try:
                    new_id = self.jam.session_rework(self._id)
                except SessionNotFound:  # expired since load(): start afresh
                    new_id = None
                else:
                    self.jam.session_update(new_id, stored)
            else:
                self.jam.session_delete(self._id)
        if new_id is None:
            new_id = self.jam.session_create(owner, stored)
        self._id, self._view, self._change = new_id, read_session(stored), ("set", new_id)

    def login(
        self, identity: str, *, scopes: Iterable[str] = (), data: Mapping[str, Any] | None = None
    ) -> None:
        """Log the browser in as ``identity``, under a new session id.

        A session of the same owner (the first step of a two-step login) has
        its id rotated with ``session_rework`` and its data replaced; a session
        of anyone else is deleted. Either way the old id stops working, and a
        cookie the server did not issue is never adopted (no session fixation).

        Args:
            identity: Who logged in (also the session key, so
                `logout_everywhere` finds every session of this user).
            scopes: Scopes the session grants.
            data: Application data kept in the session.

        Raises:
            ValueError: ``identity`` is empty or a scope is malformed.
            RuntimeError: The response has already started.
            BackendError: The store failed.
        """
        if not isinstance(identity, str) or not identity:
            raise ValueError("login() needs a non-empty identity")
        self._replace(identity, write_session(identity, identity, scopes, data or {}))

    def begin(self, owner: str, data: Mapping[str, Any] | None = None) -> None:
        """Start a session that is not a login yet, under a new id.

        For a step before login ("password accepted, now the one-time code")
        or an OAuth2 ``state``: the session belongs to ``owner`` but
        authenticates nobody until `login`, which then rotates its id.

        Raises:
            ValueError: ``owner`` is empty.
            RuntimeError: The response has already started.
        """
        self._replace(owner, write_session(owner, None, (), data or {}))

    def update(self, data: Mapping[str, Any]) -> None:
        """Replace the application data of the current session (same id).

        Raises:
            SessionNotFound: The request has no live session.
        """
        view = self.load()
        if view is None or self._id is None or view.owner is None:
            raise SessionNotFound("the request has no live session to update")
        stored = write_session(view.owner, view.identity, view.scopes, data)
        self.jam.session_update(self._id, stored)
        self._view = read_session(stored)

    def logout(self) -> None:
        """End this browser's session and remove its cookie."""
        self._check_open()
        if isinstance(self._presented, Bearer):
            self.jam.session_delete(self._presented.value)
        self._id, self._view, self._loaded, self._change = None, None, True, ("clear", None)

    def logout_everywhere(self) -> int:
        """End every session of this session's owner, this one included ("sign out everywhere").

        Returns:
            How many sessions ended (0 when the request had no live session).
        """
        self._check_open()
        view = self.load()
        count = 0
        if view is not None and view.owner is not None:
            count = self.jam.session_clear(view.owner)
        self._id, self._view, self._change = None, None, ("clear", None)
        return count

    def logout_others(self) -> int:
        """End every other session of this owner ("sign out other devices").

        All of the owner's sessions are cleared in one ``session_clear``, then
        this browser gets a new session with the same data and a new id.

        Returns:
            How many other sessions ended.

        Raises:
            SessionNotFound: The request has no live session.
        """
        self._check_open()
        view = self.load()
        if view is None or view.owner is None:
            raise SessionNotFound("the request has no live session")
        stored = write_session(view.owner, view.identity, view.scopes, view.data)
        count: int = self.jam.session_clear(view.owner)
        self._id, self._view, self._change = None, None, ("clear", None)
        new_id = self.jam.session_create(view.owner, stored)
        self._id, self._view, self._change = new_id, read_session(stored), ("set", new_id)
        return max(count - 1, 0)

    def cookie_change(self) -> CookieChange | None:
        """Return what the response must do with the cookie, if anything."""
        return self._change
