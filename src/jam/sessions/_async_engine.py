"""The asyncio session engine behind ``Jam.session_*``.

Protocol logic only: ids, serialisation, encryption and expiry rules come
from :mod:`jam.sessions._core` and :mod:`jam.sessions._codec`; bytes live in
an :class:`~jam.protocols.AsyncSessionStore` chosen by configuration. Each method
makes one store call, except ``session_update`` under an idle timeout (a
read for the absolute deadline, then the write). A store that routes ids
(:class:`~jam.protocols.SupportsRoutedIds`) is also asked for the owner's
routing tag before ``create``; that call does no I/O after the first.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from jam.exceptions import JamConfigError
from jam.sessions._core import EngineCore, check_key, not_found
from jam.sessions._extensions import AsyncSupportsGetAndTouch, AsyncSupportsRoutedIds

if TYPE_CHECKING:
    from jam.protocols import AsyncSessionStore
    from jam.sessions._codec import SessionCodec

__all__ = ["AsyncSessionEngine"]


class AsyncSessionEngine(EngineCore):
    """Server-side sessions over an asyncio store; the twin of ``SessionEngine``.

    Example:
        >>> engine = build_async_engine(SessionSettings(backend="memory"), registry)
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
        """Drive ``store`` with ``codec``; see :class:`~jam.sessions._core.EngineCore`.

        Raises:
            JamConfigError: ``idle_ttl`` is set but the store cannot refresh
                expiry on read (no ``get_and_touch``).
        """
        routed = isinstance(store, AsyncSupportsRoutedIds)
        super().__init__(codec.routing() if routed else codec, default_ttl, idle_ttl, backend)
        if idle_ttl is not None and not isinstance(store, AsyncSupportsGetAndTouch):
            raise JamConfigError(
                f"session.idle_ttl: backend {backend!r} cannot refresh expiry on read "
                "(it has no get_and_touch); remove idle_ttl or use a store that has it "
                "(memory, sqlite, redis)"
            )
        self.store = store
        """The session store."""
        self.routed = routed
        """True when the store routes ids (new ids start with its tag for the owner)."""

    async def create(self, session_key: str, data: Mapping[str, Any]) -> str:
        """Create a session and return its new id.

        Raises:
            SessionDataError: Bad key, or data not JSON-serialisable (nothing written).
            BackendError: The store failed.
        """
        check_key(session_key)
        route = await self._route(session_key) if self.routed else None
        session_id, blob, ttl = self.prepare_create(session_key, data, route)
        with self.store_failures("create"):
            await self.store.create(session_key, session_id, blob, ttl)
        return session_id

    async def _route(self, session_key: str) -> str:
        with self.store_failures("create"):
            route = await self.store.route(session_key)  # type: ignore[attr-defined]
        return self.checked_route(route)

    async def get(self, session_id: str) -> dict[str, Any] | None:
        """Return the session's data, or ``None`` (unknown, expired, malformed, forged).

        Under an idle timeout a successful read pushes expiry out by ``idle_ttl``.

        Raises:
            BackendError: The store failed (never reported as ``None``).
        """
        if not self.codec.ids.valid(session_id):
            return None
        with self.store_failures("get"):
            if self.idle_ttl is None:
                blob = await self.store.get(session_id)
            else:
                blob = await self.store.get_and_touch(session_id, self.idle_ttl)  # type: ignore[attr-defined]
        data, past_deadline = self.open(session_id, blob)
        if past_deadline:
            await self.delete(session_id)
        return data

    async def update(self, session_id: str, data: Mapping[str, Any]) -> None:
        """Replace the session's data (and, under an idle timeout, push expiry out).

        Raises:
            SessionNotFound: No such live session.
            SessionDataError: ``data`` is not JSON-serialisable (nothing written).
            BackendError: The store failed.
        """
        if not self.codec.ids.valid(session_id):
            raise not_found()
        with self.store_failures("update"):
            if self.idle_ttl is None:
                blob = self.codec.encode(session_id, data, None)
                updated = await self.store.update(session_id, blob, None)
            else:
                updated = await self._update_idle(session_id, data)
        if not updated:
            raise not_found()

    async def _update_idle(self, session_id: str, data: Mapping[str, Any]) -> bool:
        stored = await self.store.get(session_id)
        current = self.codec.decode(session_id, stored) if stored is not None else None
        if current is None:
            return False
        now, deadline = time.time(), current[1]
        if deadline is not None and now >= deadline:
            return False
        blob = self.codec.encode(session_id, data, deadline)
        return await self.store.update(session_id, blob, self.idle_store_ttl(now, deadline))

    async def delete(self, session_id: str) -> None:
        """Delete one session; an unknown or invalid id is not an error.

        Raises:
            BackendError: The store failed.
        """
        if not self.codec.ids.valid(session_id):
            return
        with self.store_failures("delete"):
            await self.store.delete(session_id)

    async def clear(self, session_key: str) -> int:
        """Delete every session of ``session_key``; return how many were deleted.

        Raises:
            SessionDataError: ``session_key`` is not a non-empty string.
            BackendError: The store failed.
        """
        check_key(session_key)
        with self.store_failures("clear"):
            return await self.store.clear(session_key)

    async def rework(self, old_session_id: str) -> str:
        """Move a session to a new id in one atomic store step; return the new id.

        The new id has the same key, data and remaining lifetime; the old id
        stops working in the same step.

        Raises:
            SessionNotFound: No such live session.
            BackendError: The store failed.
        """
        if not self.codec.ids.valid(old_session_id):
            raise not_found()
        new_session_id = self.codec.ids.renew(old_session_id)
        with self.store_failures("rework"):
            moved = await self.store.rework(old_session_id, new_session_id, None)
        if not moved:
            raise not_found()
        return new_session_id

    async def list(self, session_key: str) -> list[str]:
        """Return the ids of every live session of ``session_key``.

        Raises:
            SessionDataError: ``session_key`` is not a non-empty string.
            BackendError: The store failed.
        """
        check_key(session_key)
        with self.store_failures("list"):
            return await self.store.list(session_key)

    async def close(self) -> None:
        """Close the store. Idempotent."""
        await self.store.close()
