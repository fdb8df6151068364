"""The sessions part of the facade: ``session_*`` methods and their jamlib-era aliases."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from jam._facade._base import JamBase, deprecated

if TYPE_CHECKING:
    from jam.sessions import SessionEngine

__all__ = ["SessionsMixin"]


class SessionsMixin(JamBase):
    """``session_*`` methods, available when the configuration has ``[jam.session]``."""

    _sessions: SessionEngine | None = None

    def _build(self) -> None:
        super()._build()
        settings = self.config.session
        if settings is None:
            return
        from jam.sessions import build_engine

        self._sessions = build_engine(settings, self.registry)
        self._closers.append(self._sessions.close)

    def _session_engine(self, method: str) -> SessionEngine:
        if self._sessions is None:
            raise self._missing("jam.session", method)
        return self._sessions

    def session_create(self, session_key: str, data: Mapping[str, Any]) -> str:
        """Create a session for ``session_key`` (for example a user id) and return its id.

        The id is opaque (256 random bits, URL-safe) and does not reveal the key.

        Raises:
            SessionDataError: ``data`` is not JSON-serialisable (nothing written).
            BackendError: The store failed.
        """
        return self._session_engine("session_create").create(session_key, data)

    def session_get(self, session_id: str) -> dict[str, Any] | None:
        """Return the session's data, or ``None`` for an unknown/expired/forged id.

        Raises:
            BackendError: The store could not be reached (never reported as ``None``).
        """
        return self._session_engine("session_get").get(session_id)

    def session_update(self, session_id: str, data: Mapping[str, Any]) -> None:
        """Replace the session's data.

        Raises:
            SessionNotFound: No such live session.
            SessionDataError: ``data`` is not JSON-serialisable.
        """
        self._session_engine("session_update").update(session_id, data)

    def session_delete(self, session_id: str) -> None:
        """Delete one session (a missing id is not an error)."""
        self._session_engine("session_delete").delete(session_id)

    def session_clear(self, session_key: str) -> int:
        """Delete every session of ``session_key``; return how many were deleted."""
        return self._session_engine("session_clear").clear(session_key)

    def session_rework(self, old_session_id: str) -> str:
        """Atomically replace a session's id (same key and data) and return the new id.

        Raises:
            SessionNotFound: No such live session.
        """
        return self._session_engine("session_rework").rework(old_session_id)

    def session_list(self, session_key: str) -> list[str]:
        """Return the ids of every live session of ``session_key``."""
        return self._session_engine("session_list").list(session_key)

    # -- jamlib-era aliases ------------------------------------------------------------------

    def create_session(self, session_key: str, data: Mapping[str, Any]) -> str:
        """Deprecated alias of :meth:`session_create`."""
        deprecated("create_session", "session_create")
        return self.session_create(session_key, data)

    def get_session(self, session_id: str) -> dict[str, Any] | None:
        """Deprecated alias of :meth:`session_get`."""
        deprecated("get_session", "session_get")
        return self.session_get(session_id)

    def update_session(self, session_id: str, data: Mapping[str, Any]) -> None:
        """Deprecated alias of :meth:`session_update`."""
        deprecated("update_session", "session_update")
        self.session_update(session_id, data)

    def delete_session(self, session_id: str) -> None:
        """Deprecated alias of :meth:`session_delete`."""
        deprecated("delete_session", "session_delete")
        self.session_delete(session_id)

    def clear_sessions(self, session_key: str) -> int:
        """Deprecated alias of :meth:`session_clear`."""
        deprecated("clear_sessions", "session_clear")
        return self.session_clear(session_key)

    def rework_session(self, old_session_id: str) -> str:
        """Deprecated alias of :meth:`session_rework`."""
        deprecated("rework_session", "session_rework")
        return self.session_rework(old_session_id)
