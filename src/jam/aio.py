"""The asyncio facade: :class:`Jam` with awaitable ``session_*`` methods.

Same constructor and configuration as :class:`jam.Jam`; sessions run on the
configured store's asyncio class (``memory``, ``sqlite``, ``redis``...), so
the event loop never blocks on storage. Close it with :meth:`Jam.aclose` or
``async with``.

Example:
    >>> from jam.aio import Jam
    >>> async with Jam(config={"session": {"backend": "memory"}}) as jam:
    ...     sid = await jam.session_create("alice", {"role": "admin"})
    ...     await jam.session_get(sid)
    {'role': 'admin'}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from jam._facade._base import JamBase, deprecated

if TYPE_CHECKING:
    from types import TracebackType

    from jam.sessions import AsyncSessionEngine

__all__ = ["Jam"]


class Jam(JamBase):
    """Asyncio twin of :class:`jam.Jam` for server-side sessions.

    Building it (plugins, configuration, opening the store) is synchronous
    and happens once at startup; every ``session_*`` method is a coroutine.
    """

    _sessions: AsyncSessionEngine | None = None

    def _build(self) -> None:
        super()._build()
        settings = self.config.session
        if settings is None:
            return
        from jam.sessions import build_async_engine  # only with [session]

        self._sessions = build_async_engine(settings, self.registry)

    def _session_engine(self, method: str) -> AsyncSessionEngine:
        if self._sessions is None:
            raise self._missing("jam.session", method)
        return self._sessions

    async def session_create(self, session_key: str, data: Mapping[str, Any]) -> str:
        """Create a session for ``session_key`` and return its opaque id.

        Raises:
            SessionDataError: ``data`` is not JSON-serialisable (nothing written).
            BackendError: The store failed.
        """
        return await self._session_engine("session_create").create(session_key, data)

    async def session_get(self, session_id: str) -> dict[str, Any] | None:
        """Return the session's data, or ``None`` for an unknown/expired/forged id.

        Raises:
            BackendError: The store could not be reached (never reported as ``None``).
        """
        return await self._session_engine("session_get").get(session_id)

    async def session_update(self, session_id: str, data: Mapping[str, Any]) -> None:
        """Replace the session's data.

        Raises:
            SessionNotFound: No such live session.
            SessionDataError: ``data`` is not JSON-serialisable.
        """
        await self._session_engine("session_update").update(session_id, data)

    async def session_delete(self, session_id: str) -> None:
        """Delete one session (a missing id is not an error)."""
        await self._session_engine("session_delete").delete(session_id)

    async def session_clear(self, session_key: str) -> int:
        """Delete every session of ``session_key``; return how many were deleted."""
        return await self._session_engine("session_clear").clear(session_key)

    async def session_rework(self, old_session_id: str) -> str:
        """Atomically replace a session's id (same key and data); return the new id.

        Raises:
            SessionNotFound: No such live session.
        """
        return await self._session_engine("session_rework").rework(old_session_id)

    async def session_list(self, session_key: str) -> list[str]:
        """Return the ids of every live session of ``session_key``."""
        return await self._session_engine("session_list").list(session_key)

    # -- jamlib-era aliases ------------------------------------------------------------------

    async def create_session(self, session_key: str, data: Mapping[str, Any]) -> str:
        """Deprecated alias of :meth:`session_create`."""
        deprecated("create_session", "session_create")
        return await self.session_create(session_key, data)

    async def get_session(self, session_id: str) -> dict[str, Any] | None:
        """Deprecated alias of :meth:`session_get`."""
        deprecated("get_session", "session_get")
        return await self.session_get(session_id)

    async def update_session(self, session_id: str, data: Mapping[str, Any]) -> None:
        """Deprecated alias of :meth:`session_update`."""
        deprecated("update_session", "session_update")
        await self.session_update(session_id, data)

    async def delete_session(self, session_id: str) -> None:
        """Deprecated alias of :meth:`session_delete`."""
        deprecated("delete_session", "session_delete")
        await self.session_delete(session_id)

    async def clear_sessions(self, session_key: str) -> int:
        """Deprecated alias of :meth:`session_clear`."""
        deprecated("clear_sessions", "session_clear")
        return await self.session_clear(session_key)

    async def rework_session(self, old_session_id: str) -> str:
        """Deprecated alias of :meth:`session_rework`."""
        deprecated("rework_session", "session_rework")
        return await self.session_rework(old_session_id)

    # -- lifecycle ---------------------------------------------------------------------------

    async def aclose(self) -> None:
        """Close the session store (and anything else opened). Idempotent."""
        engine, self._sessions = self._sessions, None
        if engine is not None:
            await engine.close()
        self.close()

    async def __aenter__(self) -> Jam:
        """Use as ``async with Jam(...) as jam:``; closes the store on exit."""
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Close the store."""
        await self.aclose()
