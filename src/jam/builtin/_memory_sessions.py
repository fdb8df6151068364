"""In-process session store (``backend = "memory"``): dicts with expiry and a per-key index.

For tests, development and single-process apps: sessions are lost on restart
and not shared between processes. State lives in the instance, so two Jam
objects never share sessions. Thread-safe; ``clear`` and ``list`` cost
O(sessions of that key) through an owner index, and ``max_sessions_per_key``
bounds that number as on every other backend.
"""

from __future__ import annotations

import heapq
import threading
import time
from dataclasses import dataclass

from pydantic import Field

from jam.builtin._text import require_text
from jam.config import Section
from jam.plugins import inline_async

__all__ = [
    "DEFAULT_MAX_SESSIONS_PER_KEY",
    "AsyncMemorySessionStore",
    "MemorySessionOptions",
    "MemorySessionStore",
]

_NEVER = float("inf")
_NAME = "memory session store"

DEFAULT_MAX_SESSIONS_PER_KEY = 1000
"""Live sessions one key may hold; the same default on every first-party backend."""


class MemorySessionOptions(Section):
    """Keys of the ``memory`` session store.

    Example:
        ```toml
        [tool.jam.session]
        backend = "memory"
        max_sessions_per_key = 50
        ```
    """

    max_sessions_per_key: int = Field(default=DEFAULT_MAX_SESSIONS_PER_KEY, ge=0)
    """Most live sessions of one key; a create beyond it deletes the key's sessions
    that expire soonest (``0``: no limit)."""


@dataclass(slots=True)
class _Entry:
    key: str
    data: bytes
    expires: float
    queued: float = _NEVER
    """Deadline of this entry's item in the expiry heap (``inf``: it has none)."""


class MemorySessionStore:
    """Thread-safe in-memory `SessionStore`.

    Expired sessions are invisible at once and removed on the next create
    through a heap of expiry times, so memory does not grow with dead
    sessions and no write ever scans the whole store. Each session has at
    most one heap item: moving its expiry later (``get_and_touch``,
    ``update``) pushes nothing, and a popped item whose session was extended
    is pushed again at the new deadline, so a million reads of one session
    leave the heap as it was.

    Example:
        >>> store = MemorySessionStore()
        >>> store.create("alice", "sid-1", b"{}", ttl=60)
        >>> store.get("sid-1")
        b'{}'
    """

    def __init__(self, options: MemorySessionOptions | None = None) -> None:
        """Create an empty store.

        Args:
            options: Validated options (``None``: the defaults).
        """
        self._max = (options or MemorySessionOptions()).max_sessions_per_key
        self._entries: dict[str, _Entry] = {}
        self._index: dict[str, set[str]] = {}
        self._expiries: list[tuple[float, str]] = []
        self._by_key: dict[str, list[tuple[float, str]]] = {}
        """Eviction heaps of the keys that reached ``max_sessions_per_key`` (lazy, like
        ``_expiries``: an item's deadline is never later than its session's expiry)."""
        self._lock = threading.Lock()

    def create(self, session_key: str, session_id: str, data: bytes, ttl: int | None) -> None:
        """Store a new session (an existing id is overwritten).

        When the key then holds more than ``max_sessions_per_key`` sessions,
        its sessions that expire soonest (never this one) are deleted.
        """
        if not session_key.isascii():
            require_text(session_key, "session key", _NAME)
        if not session_id.isascii():
            require_text(session_id, "session id", _NAME)
        now = time.monotonic()
        with self._lock:
            self._purge(now)
            self._drop(session_id)
            ids = self._put(session_id, _Entry(session_key, bytes(data), _deadline(now, ttl)))
            if self._max and len(ids) > self._max:
                self._evict(session_key, session_id)

    def get(self, session_id: str) -> bytes | None:
        """Return the data, or ``None`` when unknown or expired."""
        if not session_id.isascii():
            require_text(session_id, "session id", _NAME)
        with self._lock:
            entry = self._live(session_id, time.monotonic())
            return entry.data if entry is not None else None

    def get_and_touch(self, session_id: str, ttl: int) -> bytes | None:
        """Return the data and reset the expiry to ``ttl`` seconds from now (idle timeouts)."""
        if not session_id.isascii():
            require_text(session_id, "session id", _NAME)
        now = time.monotonic()
        with self._lock:
            entry = self._live(session_id, now)
            if entry is None:
                return None
            self._move(session_id, entry, now + ttl)
            return entry.data

    def update(self, session_id: str, data: bytes, ttl: int | None) -> bool:
        """Replace the data; ``ttl`` resets expiry, ``None`` keeps it."""
        if not session_id.isascii():
            require_text(session_id, "session id", _NAME)
        now = time.monotonic()
        with self._lock:
            entry = self._live(session_id, now)
            if entry is None:
                return False
            entry.data = bytes(data)
            if ttl is not None:
                self._move(session_id, entry, now + ttl)
            return True

    def delete(self, session_id: str) -> bool:
        """Delete one session; False when it did not exist (or had expired)."""
        if not session_id.isascii():
            require_text(session_id, "session id", _NAME)
        with self._lock:
            live = self._live(session_id, time.monotonic()) is not None
            self._drop(session_id)
            return live

    def clear(self, session_key: str) -> int:
        """Delete every session of ``session_key``; return how many were live."""
        if not session_key.isascii():
            require_text(session_key, "session key", _NAME)
        now = time.monotonic()
        with self._lock:
            ids = self._index.pop(session_key, set())
            self._by_key.pop(session_key, None)
            count = 0
            for session_id in ids:
                entry = self._entries.pop(session_id)
                count += entry.expires > now
            return count

    def rework(self, old_session_id: str, new_session_id: str, ttl: int | None) -> bool:
        """Move a session to a new id in one locked step."""
        if not old_session_id.isascii():
            require_text(old_session_id, "session id", _NAME)
        if not new_session_id.isascii():
            require_text(new_session_id, "new session id", _NAME)
        now = time.monotonic()
        with self._lock:
            entry = self._live(old_session_id, now)
            if entry is None:
                return False
            self._drop(old_session_id)
            if new_session_id in self._entries:
                self._drop(new_session_id)
            if ttl is not None:
                entry.expires = now + ttl
            entry.queued = _NEVER  # the old id's heap item is stale now
            self._put(new_session_id, entry)
            return True

    def list(self, session_key: str) -> list[str]:
        """Return the live ids of ``session_key``."""
        if not session_key.isascii():
            require_text(session_key, "session key", _NAME)
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
            self._by_key.clear()

    # -- internals (caller holds the lock) ---------------------------------------------------

    def _live(self, session_id: str, now: float) -> _Entry | None:
        entry = self._entries.get(session_id)
        return entry if entry is not None and entry.expires > now else None

    def _put(self, session_id: str, entry: _Entry) -> set[str]:
        """Place ``entry`` under ``session_id``; return the ids of its key."""
        self._entries[session_id] = entry
        ids = self._index.setdefault(entry.key, set())
        ids.add(session_id)
        if entry.expires < entry.queued:  # _schedule, inlined on the create/rework path
            entry.queued = entry.expires
            heapq.heappush(self._expiries, (entry.expires, session_id))
            if len(self._expiries) > 2 * len(self._entries) + 1024:
                self._rebuild()
        if self._by_key:
            self._rekey(session_id, entry, ids)
        return ids

    def _move(self, session_id: str, entry: _Entry, expires: float) -> None:
        """Set a new expiry (``get_and_touch``, ``update``)."""
        earlier = expires < entry.expires
        entry.expires = expires
        self._schedule(session_id, entry)
        if earlier and self._by_key:  # a shortened expiry must not be evicted late
            self._rekey(session_id, entry, self._index[entry.key])

    def _rekey(self, session_id: str, entry: _Entry, ids: set[str]) -> None:
        """Push ``entry`` on its key's eviction heap, if that key has one."""
        heap = self._by_key.get(entry.key)
        if heap is not None:
            heapq.heappush(heap, (entry.expires, session_id))
            if len(heap) > 2 * len(ids) + 64:
                del self._by_key[entry.key]  # mostly stale: rebuilt when next needed

    def _schedule(self, session_id: str, entry: _Entry) -> None:
        """Make sure a heap item fires no later than ``entry.expires``.

        An existing item that fires earlier is enough: when it pops, the
        purge sees the later expiry and pushes the entry again. So only a
        shortened (or first) expiry pushes, and the heap holds one live item
        per expiring session plus stale items, which a rebuild bounds.
        """
        if entry.expires >= entry.queued:
            return
        entry.queued = entry.expires
        heapq.heappush(self._expiries, (entry.expires, session_id))
        if len(self._expiries) > 2 * len(self._entries) + 1024:
            self._rebuild()

    def _rebuild(self) -> None:
        """Deletes and shortened expiries left stale heap items behind: rebuild from entries.

        In place: a purge in progress holds this list.
        """
        heap = self._expiries
        heap.clear()
        for sid, live in self._entries.items():
            live.queued = live.expires
            if live.expires != _NEVER:
                heap.append((live.expires, sid))
        heapq.heapify(heap)

    def _drop(self, session_id: str) -> None:
        entry = self._entries.pop(session_id, None)
        if entry is None:
            return
        ids = self._index.get(entry.key)
        if ids is not None:
            ids.discard(session_id)
            if not ids:
                del self._index[entry.key]
                self._by_key.pop(entry.key, None)

    def _purge(self, now: float) -> None:
        """Remove sessions whose expiry has passed; re-queue extended ones, skip stale items."""
        heap = self._expiries
        while heap and heap[0][0] <= now:
            deadline, session_id = heapq.heappop(heap)
            entry = self._entries.get(session_id)
            if entry is None or entry.queued != deadline:
                continue  # the session is gone, or this item was superseded
            entry.queued = _NEVER
            if entry.expires <= now:
                self._drop(session_id)
            else:
                self._schedule(session_id, entry)

    def _evict(self, session_key: str, keep: str) -> None:
        """Cut ``session_key`` down to ``max_sessions_per_key``, soonest expiry first.

        Expired sessions have the soonest expiry, so they go first. The key's
        heap is built once (O(sessions of the key)) when it first overflows;
        after that each create at the limit costs O(log n).
        """
        ids = self._index[session_key]
        heap = self._by_key.get(session_key)
        if heap is None or len(heap) > 2 * len(ids) + 64:
            heap = [(self._entries[sid].expires, sid) for sid in ids]
            heapq.heapify(heap)
            self._by_key[session_key] = heap
        spared: list[tuple[float, str]] = []
        while len(ids) > self._max and heap:
            deadline, sid = heapq.heappop(heap)
            entry = self._entries.get(sid)
            if entry is None or entry.key != session_key or entry.expires < deadline:
                continue  # gone, moved, or superseded by an earlier item
            if entry.expires > deadline:
                heapq.heappush(heap, (entry.expires, sid))  # extended since: check later
            elif sid == keep:
                spared.append((deadline, sid))
            else:
                self._drop(sid)
        for item in spared:
            heapq.heappush(heap, item)


def _deadline(now: float, ttl: int | None) -> float:
    return _NEVER if ttl is None else now + ttl


AsyncMemorySessionStore = inline_async(MemorySessionStore)
"""Asyncio twin of `MemorySessionStore` (made by `jam.plugins.inline_async`)."""
