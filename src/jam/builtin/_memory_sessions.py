"""In-process session store (``backend = "memory"``): dicts with expiry and a per-key index.

For tests, development and single-process apps: sessions are lost on restart
and not shared between processes. State lives in the instance, so two Jam
objects never share sessions. Thread-safe; ``clear`` and ``list`` cost
O(sessions of that key) through an owner index.
"""

from __future__ import annotations

import heapq
import threading
import time
from dataclasses import dataclass

from jam.config import Section

__all__ = ["AsyncMemorySessionStore", "MemorySessionOptions", "MemorySessionStore"]

_NEVER = float("inf")


class MemorySessionOptions(Section):
    """The memory store takes no options."""


@dataclass(slots=True)
class _Entry:
    key: str
    data: bytes
    expires: float


class MemorySessionStore:
    """Thread-safe in-memory :class:`~jam.protocols.SessionStore`.

    Expired sessions are invisible at once and removed on the next write
    through a heap of expiry times, so memory does not grow with dead
    sessions and no write ever scans the whole store.

    Example:
        >>> store = MemorySessionStore()
        >>> store.create("alice", "sid-1", b"{}", ttl=60)
        >>> store.get("sid-1")
        b'{}'
    """

    def __init__(self, options: MemorySessionOptions | None = None) -> None:
        """Create an empty store (``options`` is accepted for the factory signature)."""
        self._entries: dict[str, _Entry] = {}
        self._index: dict[str, set[str]] = {}
        self._expiries: list[tuple[float, str]] = []
        self._lock = threading.Lock()

    def create(self, session_key: str, session_id: str, data: bytes, ttl: int | None) -> None:
        """Store a new session (an existing id is overwritten)."""
        now = time.monotonic()
        with self._lock:
            self._purge(now)
            self._drop(session_id)
            self._put(session_id, _Entry(session_key, bytes(data), _deadline(now, ttl)))

    def get(self, session_id: str) -> bytes | None:
        """Return the data, or ``None`` when unknown or expired."""
        with self._lock:
            entry = self._live(session_id, time.monotonic())
            return entry.data if entry is not None else None

    def get_and_touch(self, session_id: str, ttl: int) -> bytes | None:
        """Return the data and reset the expiry to ``ttl`` seconds from now (idle timeouts)."""
        now = time.monotonic()
        with self._lock:
            entry = self._live(session_id, now)
            if entry is None:
                return None
            entry.expires = now + ttl
            heapq.heappush(self._expiries, (entry.expires, session_id))
            return entry.data

    def update(self, session_id: str, data: bytes, ttl: int | None) -> bool:
        """Replace the data; ``ttl`` resets expiry, ``None`` keeps it."""
        now = time.monotonic()
        with self._lock:
            entry = self._live(session_id, now)
            if entry is None:
                return False
            entry.data = bytes(data)
            if ttl is not None:
                entry.expires = now + ttl
                heapq.heappush(self._expiries, (entry.expires, session_id))
            return True

    def delete(self, session_id: str) -> bool:
        """Delete one session; False when it did not exist (or had expired)."""
        with self._lock:
            live = self._live(session_id, time.monotonic()) is not None
            self._drop(session_id)
            return live

    def clear(self, session_key: str) -> int:
        """Delete every session of ``session_key``; return how many were live."""
        now = time.monotonic()
        with self._lock:
            ids = self._index.pop(session_key, set())
            count = 0
            for session_id in ids:
                entry = self._entries.pop(session_id)
                count += entry.expires > now
            return count

    def rework(self, old_session_id: str, new_session_id: str, ttl: int | None) -> bool:
        """Move a session to a new id in one locked step."""
        now = time.monotonic()
        with self._lock:
            entry = self._live(old_session_id, now)
            if entry is None:
                return False
            self._drop(old_session_id)
            if ttl is not None:
                entry.expires = now + ttl
            self._put(new_session_id, entry)
            return True

    def list(self, session_key: str) -> list[str]:
        """Return the live ids of ``session_key``."""
        now = time.monotonic()
        with self._lock:
            ids = self._index.get(session_key, ())
            return [sid for sid in ids if self._entries[sid].expires > now]

    def close(self) -> None:
        """Drop every session. Idempotent."""
        with self._lock:
            self._entries.clear()
            self._index.clear()
            self._expiries.clear()

    # -- internals (caller holds the lock) ---------------------------------------------------

    def _live(self, session_id: str, now: float) -> _Entry | None:
        entry = self._entries.get(session_id)
        return entry if entry is not None and entry.expires > now else None

    def _put(self, session_id: str, entry: _Entry) -> None:
        self._entries[session_id] = entry
        self._index.setdefault(entry.key, set()).add(session_id)
        if entry.expires != _NEVER:
            heapq.heappush(self._expiries, (entry.expires, session_id))

    def _drop(self, session_id: str) -> None:
        entry = self._entries.pop(session_id, None)
        if entry is None:
            return
        ids = self._index.get(entry.key)
        if ids is not None:
            ids.discard(session_id)
            if not ids:
                del self._index[entry.key]

    def _purge(self, now: float) -> None:
        """Remove sessions whose expiry has passed; stale heap items are skipped."""
        heap = self._expiries
        while heap and heap[0][0] <= now:
            expires, session_id = heapq.heappop(heap)
            entry = self._entries.get(session_id)
            if entry is not None and entry.expires == expires:
                self._drop(session_id)
        if len(heap) > 2 * len(self._entries) + 1024:
            # Rewrites left many stale items behind: rebuild from live entries.
            self._expiries = [
                (e.expires, sid) for sid, e in self._entries.items() if e.expires != _NEVER
            ]
            heapq.heapify(self._expiries)


def _deadline(now: float, ttl: int | None) -> float:
    return _NEVER if ttl is None else now + ttl


class AsyncMemorySessionStore:
    """Asyncio twin of :class:`MemorySessionStore` (no I/O, so it never blocks)."""

    def __init__(self, options: MemorySessionOptions | None = None) -> None:
        """Create an empty store."""
        self._sync = MemorySessionStore(options)

    async def create(self, session_key: str, session_id: str, data: bytes, ttl: int | None) -> None:
        """See :meth:`MemorySessionStore.create`."""
        self._sync.create(session_key, session_id, data, ttl)

    async def get(self, session_id: str) -> bytes | None:
        """See :meth:`MemorySessionStore.get`."""
        return self._sync.get(session_id)

    async def get_and_touch(self, session_id: str, ttl: int) -> bytes | None:
        """See :meth:`MemorySessionStore.get_and_touch`."""
        return self._sync.get_and_touch(session_id, ttl)

    async def update(self, session_id: str, data: bytes, ttl: int | None) -> bool:
        """See :meth:`MemorySessionStore.update`."""
        return self._sync.update(session_id, data, ttl)

    async def delete(self, session_id: str) -> bool:
        """See :meth:`MemorySessionStore.delete`."""
        return self._sync.delete(session_id)

    async def clear(self, session_key: str) -> int:
        """See :meth:`MemorySessionStore.clear`."""
        return self._sync.clear(session_key)

    async def rework(self, old_session_id: str, new_session_id: str, ttl: int | None) -> bool:
        """See :meth:`MemorySessionStore.rework`."""
        return self._sync.rework(old_session_id, new_session_id, ttl)

    async def list(self, session_key: str) -> list[str]:
        """See :meth:`MemorySessionStore.list`."""
        return self._sync.list(session_key)

    async def close(self) -> None:
        """See :meth:`MemorySessionStore.close`."""
        self._sync.close()
