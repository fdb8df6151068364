"""The asyncio session driver behind ``jam.aio.Jam.session_*``: the core plus one awaited call.

The exact twin of `jam.sessions._engine` with ``await``
(``tests/test_twins.py`` keeps it so): every decision is the shared pure
core's, and the store is an `AsyncSessionStore`, so
the event loop never blocks on it. Every public coroutine returns a
`Pending`, which refuses ``bool()``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jam._awaitables import pending
from jam.protocols import AsyncSessionStore
from jam.sessions._base import SessionEngineBase
from jam.sessions._core import check_key, not_found
from jam.sessions._extensions import AsyncSupportsGetAndTouch, AsyncSupportsRoutedIds

if TYPE_CHECKING:
    from collections.abc import Mapping

    from jam.sessions._codec import SessionCodec

__all__ = ["AsyncSessionEngine"]


class AsyncSessionEngine(SessionEngineBase[AsyncSessionStore]):
    """Server-side sessions over an asyncio store; the twin of ``SessionEngine``.

    Example:
        >>> engine = jam.sessions.build(SessionSettings(backend="memory"), registry,
        ...                             asynchronous=True)
        >>> sid = await engine.create("alice", {"role": "admin"})
        >>> await engine.get(sid)
        {'role': 'admin'}
    """

    def __init__(
        self,
        store: AsyncSessionStore,
        codec: SessionCodec,
        default_ttl: int | None,
        idle_ttl: int | None = None,
        backend: str = "custom",
    ) -> None:
        """Drive ``store``; see `SessionEngineBase`."""
        routed = isinstance(store, AsyncSupportsRoutedIds)
        touches = isinstance(store, AsyncSupportsGetAndTouch)
        super().__init__(
            store, codec, default_ttl, idle_ttl, backend, routed=routed, touches=touches
        )

    @pending
    async def create(self, session_key: str, data: Mapping[str, Any]) -> str:
        """Create a session and return its new id.

        Raises:
            SessionDataError: Bad key, or data not JSON-serialisable (nothing written).
            BackendError: The store failed.
        """
        check_key(session_key)
        core = self.core
        route = await self._route(session_key) if self.routed else None
        session_id, blob, ttl = core.prepare_create(data, route)
        with core.guards["create"]:
            await self.store.create(session_key, session_id, blob, ttl)
        return session_id

    @pending
    async def get(self, session_id: str) -> dict[str, Any] | None:
        """Return the session's data, or ``None`` (unknown, expired, malformed, forged).

        Under an idle timeout a successful read pushes expiry out by ``idle_ttl``.

        Raises:
            BackendError: The store failed (never reported as ``None``).
        """
        core = self.core
        if not core.codec.ids.valid(session_id):
            return None
        with core.guards["get"]:
            if core.idle_ttl is None:
                blob = await self.store.get(session_id)
            else:
                blob = await self.store.get_and_touch(session_id, core.idle_ttl)  # type: ignore[attr-defined]
        data, past_deadline = core.open(session_id, blob)
        if past_deadline:
            await self.delete(session_id)
        return data

    @pending
    async def update(self, session_id: str, data: Mapping[str, Any]) -> None:
        """Replace the session's data (and, under an idle timeout, push expiry out).

        Raises:
            SessionNotFound: No such live session.
            SessionDataError: ``data`` is not JSON-serialisable (nothing written).
            BackendError: The store failed.
        """
        core = self.core
        if not core.codec.ids.valid(session_id):
            raise not_found()
        if core.idle_ttl is None:
            blob = core.codec.encode(session_id, data, None)
            with core.guards["update"]:
                updated = await self.store.update(session_id, blob, None)
        else:
            with core.guards["update"]:
                stored = await self.store.get(session_id)
            refreshed = core.refreshed(session_id, stored, data)
            if refreshed is None:
                raise not_found()
            with core.guards["update"]:
                updated = await self.store.update(session_id, *refreshed)
        if not core.answer(updated, "update"):
            raise not_found()

    @pending
    async def delete(self, session_id: str) -> None:
        """Delete one session; an unknown or invalid id is not an error.

        Raises:
            BackendError: The store failed.
        """
        core = self.core
        if not core.codec.ids.valid(session_id):
            return
        with core.guards["delete"]:
            deleted = await self.store.delete(session_id)
        core.answer(deleted, "delete")

    @pending
    async def clear(self, session_key: str) -> int:
        """Delete every session of ``session_key``; return how many were deleted.

        Raises:
            SessionDataError: ``session_key`` is not a non-empty string.
            BackendError: The store failed.
        """
        check_key(session_key)
        core = self.core
        with core.guards["clear"]:
            count = await self.store.clear(session_key)
        return core.count(count)

    @pending
    async def rework(self, old_session_id: str) -> str:
        """Move a session to a new id in one atomic store step; return the new id.

        The new id has the same key, data and remaining lifetime; the old id
        stops working in the same step.

        Raises:
            SessionNotFound: No such live session.
            BackendError: The store failed.
        """
        core = self.core
        if not core.codec.ids.valid(old_session_id):
            raise not_found()
        new_session_id = core.codec.ids.renew(old_session_id)
        with core.guards["rework"]:
            moved = await self.store.rework(old_session_id, new_session_id, None)
        if not core.answer(moved, "rework"):
            raise not_found()
        return new_session_id

    @pending
    async def list(self, session_key: str) -> list[str]:
        """Return the ids of every live session of ``session_key``.

        Raises:
            SessionDataError: ``session_key`` is not a non-empty string.
            BackendError: The store failed.
        """
        check_key(session_key)
        core = self.core
        with core.guards["list"]:
            ids = await self.store.list(session_key)
        return core.ids(ids)

    @pending
    async def close(self) -> None:
        """Close the store. Idempotent."""
        await self.store.close()

    async def _route(self, session_key: str) -> str:
        core = self.core
        with core.guards["create"]:
            route = await self.store.route(session_key)  # type: ignore[attr-defined]
        return core.checked_route(route)
