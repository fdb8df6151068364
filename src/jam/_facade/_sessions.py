r"""The ``session_*`` methods of both facades, written once.

Each method delegates to ``self.sessions``: a `jam.sessions.SessionEngine`
on `jam.Jam`, an `jam.sessions.AsyncSessionEngine` on
`jam.aio.Jam`, whose methods return awaitables. The two ``@overload``\\ s
of each method say so to type checkers.
"""

from __future__ import annotations

import warnings
from collections.abc import Awaitable, Mapping
from typing import TYPE_CHECKING, Any, overload

from jam._facade._core import (
    AsyncMode,
    FacadeCore,
    ModeT,
    SyncMode,
    deprecated_alias,
    warn_deprecated,
)

if TYPE_CHECKING:
    from jam.sessions import AsyncSessionEngine, SessionEngine

__all__ = ["SessionMethods"]

SessionData = dict[str, Any]


class SessionMethods(FacadeCore[ModeT]):
    """``session_*`` methods, available when the configuration has ``[jam.session]``."""

    sessions: SessionEngine | AsyncSessionEngine | None
    """The session engine (``[jam.session]``), or ``None``."""

    def _sessions(self, method: str) -> Any:
        engine = self.sessions
        if engine is None:
            raise self._missing("jam.session", method)
        return engine

    @overload
    def session_create(
        self: SessionMethods[SyncMode], session_key: str, data: Mapping[str, Any]
    ) -> str: ...
    @overload
    def session_create(
        self: SessionMethods[AsyncMode], session_key: str, data: Mapping[str, Any]
    ) -> Awaitable[str]: ...
    def session_create(self, session_key: str, data: Mapping[str, Any]) -> Any:
        """Create a session for ``session_key`` (for example a user id) and return its id.

        The id is opaque (256 random bits, URL-safe) and does not reveal the key.

        Raises:
            SessionDataError: ``session_key`` is not a non-empty string, or
                ``data`` is not a JSON object with string keys (nothing written).
            BackendError: The store failed.
        """
        return self._sessions("session_create").create(session_key, data)

    @overload
    def session_get(self: SessionMethods[SyncMode], session_id: str) -> SessionData | None: ...
    @overload
    def session_get(
        self: SessionMethods[AsyncMode], session_id: str
    ) -> Awaitable[SessionData | None]: ...
    def session_get(self, session_id: str) -> Any:
        """Return the session's data, or ``None`` for an unknown/expired/forged id.

        Raises:
            BackendError: The store could not be reached (never reported as ``None``).
        """
        return self._sessions("session_get").get(session_id)

    @overload
    def session_update(
        self: SessionMethods[SyncMode], session_id: str, data: Mapping[str, Any]
    ) -> None: ...
    @overload
    def session_update(
        self: SessionMethods[AsyncMode], session_id: str, data: Mapping[str, Any]
    ) -> Awaitable[None]: ...
    def session_update(self, session_id: str, data: Mapping[str, Any]) -> Any:
        """Replace the session's data.

        Raises:
            SessionNotFound: No such live session.
            SessionDataError: ``data`` is not JSON-serialisable (nothing written).
            BackendError: The store failed.
        """
        return self._sessions("session_update").update(session_id, data)

    @overload
    def session_delete(self: SessionMethods[SyncMode], session_id: str) -> None: ...
    @overload
    def session_delete(self: SessionMethods[AsyncMode], session_id: str) -> Awaitable[None]: ...
    def session_delete(self, session_id: str) -> Any:
        """Delete one session (a missing id is not an error).

        Raises:
            BackendError: The store failed.
        """
        return self._sessions("session_delete").delete(session_id)

    @overload
    def session_clear(self: SessionMethods[SyncMode], session_key: str) -> int: ...
    @overload
    def session_clear(self: SessionMethods[AsyncMode], session_key: str) -> Awaitable[int]: ...
    def session_clear(self, session_key: str) -> Any:
        """Delete every session of ``session_key`` ("sign out everywhere"); return how many.

        Raises:
            BackendError: The store failed.
        """
        return self._sessions("session_clear").clear(session_key)

    @overload
    def session_rework(self: SessionMethods[SyncMode], old_session_id: str) -> str: ...
    @overload
    def session_rework(self: SessionMethods[AsyncMode], old_session_id: str) -> Awaitable[str]: ...
    def session_rework(self, old_session_id: str) -> Any:
        """Atomically replace a session's id (same key and data) and return the new id.

        Call it on login and privilege changes (session fixation).

        Raises:
            SessionNotFound: No such live session.
            BackendError: The store failed.
        """
        return self._sessions("session_rework").rework(old_session_id)

    @overload
    def session_list(self: SessionMethods[SyncMode], session_key: str) -> list[str]: ...
    @overload
    def session_list(self: SessionMethods[AsyncMode], session_key: str) -> Awaitable[list[str]]: ...
    def session_list(self, session_key: str) -> Any:
        """Return the ids of every live session of ``session_key``.

        Raises:
            BackendError: The store failed.
        """
        return self._sessions("session_list").list(session_key)

    # -- jamlib-era aliases ------------------------------------------------------------------

    create_session = deprecated_alias(session_create, "create_session")
    get_session = deprecated_alias(session_get, "get_session")
    update_session = deprecated_alias(session_update, "update_session")
    delete_session = deprecated_alias(session_delete, "delete_session")
    clear_sessions = deprecated_alias(session_clear, "clear_sessions")

    @overload
    def rework_session(self: SessionMethods[SyncMode], old_session_key: str) -> str: ...
    @overload
    def rework_session(self: SessionMethods[AsyncMode], old_session_key: str) -> Awaitable[str]: ...
    def rework_session(self, old_session_key: str) -> Any:
        """Deprecated alias of `session_rework` (jamlib's name and parameter name).

        ``old_session_key`` is the id of the session to rework, as in jamlib.
        """
        warn_deprecated("rework_session", "session_rework")
        return self.session_rework(old_session_key)

    @property
    def session(self) -> SessionEngine | AsyncSessionEngine | None:
        """Deprecated: jamlib's name of `sessions`, the session engine (or ``None``).

        jamlib code such as ``auth.session.create(key, data)`` or
        ``auth.session.get(session_id)`` keeps working: the engine has the same
        method names (``create``, ``get``, ``update``, ``delete``, ``clear``,
        ``rework``); on `jam.aio.Jam` they return awaitables.
        """
        warnings.warn(
            "Jam.session is deprecated (jamlib's name); use Jam.sessions",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.sessions
