"""The ``template`` session store: an in-process dict, thread-safe, with expiry.

Implements `jam.protocols.SessionStore` and the optional
`jam.protocols.SupportsGetAndTouch` (which ``idle_ttl`` needs). The asyncio
class is made by `jam.plugins.inline_async`, because no method ever blocks.
A store for a real service keeps the same shape: decide nothing, store
bytes, raise `jam.exceptions.BackendError` (or `BackendUnavailable`) when
the service fails, and never report a write that did not happen.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from jam.plugins import inline_async
from jam_template._options import TemplateOptions
from jam_template._text import require_text

__all__ = ["AsyncTemplateSessionStore", "TemplateSessionStore"]

_NEVER = float("inf")


@dataclass(slots=True)
class _Session:
    key: str
    data: bytes
    expires: float


class TemplateSessionStore:
    """Sessions in a dict, with an index by owner key for ``clear`` and ``list``.

    Example:
        >>> store = TemplateSessionStore()
        >>> store.create("alice", "sid-1", b"{}", ttl=60)
        >>> store.get("sid-1")
        b'{}'
    """

    def __init__(self, options: TemplateOptions | None = None) -> None:
        """Create an empty store from validated options (``None``: the defaults)."""
        self._purge_every = (options or TemplateOptions()).purge_every
        self._sessions: dict[str, _Session] = {}
        self._owners: dict[str, set[str]] = {}
        self._writes = 0
        self._lock = threading.Lock()

    def create(self, session_key: str, session_id: str, data: bytes, ttl: int | None) -> None:
        """Store a new session for ``ttl`` seconds (``None``: no expiry); an old id is replaced."""
        require_text(session_key, "session key")
        require_text(session_id, "session id")
        now = time.monotonic()
        with self._lock:
            self._drop(session_id)
            self._put(session_id, _Session(session_key, bytes(data), _deadline(now, ttl)))
            self._count_write(now)

    def get(self, session_id: str) -> bytes | None:
        """Return the data, or ``None`` when the id is unknown or expired."""
        require_text(session_id, "session id")
        with self._lock:
            session = self._live(session_id, time.monotonic())
            return None if session is None else session.data

    def get_and_touch(self, session_id: str, ttl: int) -> bytes | None:
        """Return the data and make it expire ``ttl`` seconds from now (``None``: unknown)."""
        require_text(session_id, "session id")
        now = time.monotonic()
        with self._lock:
            session = self._live(session_id, now)
            if session is None:
                return None
            session.expires = now + ttl
            return session.data

    def update(self, session_id: str, data: bytes, ttl: int | None) -> bool:
        """Replace the data; ``ttl`` resets the expiry, ``None`` keeps it. False: no such id."""
        require_text(session_id, "session id")
        now = time.monotonic()
        with self._lock:
            session = self._live(session_id, now)
            if session is None:
                return False
            session.data = bytes(data)
            if ttl is not None:
                session.expires = now + ttl
            return True

    def delete(self, session_id: str) -> bool:
        """Delete one session; False when it did not exist (or had expired)."""
        require_text(session_id, "session id")
        with self._lock:
            live = self._live(session_id, time.monotonic()) is not None
            self._drop(session_id)
            return live

    def clear(self, session_key: str) -> int:
        """Delete every session of ``session_key``; return how many were live."""
        require_text(session_key, "session key")
        now = time.monotonic()
        with self._lock:
            ids = self._owners.pop(session_key, set())
            sessions = [self._sessions.pop(session_id) for session_id in ids]
            return sum(session.expires > now for session in sessions)

    def rework(self, old_session_id: str, new_session_id: str, ttl: int | None) -> bool:
        """Move a session to a new id in one locked step; ``ttl=None`` keeps its expiry."""
        require_text(old_session_id, "session id")
        require_text(new_session_id, "new session id")
        now = time.monotonic()
        with self._lock:
            session = self._live(old_session_id, now)
            if session is None:
                return False
            self._drop(old_session_id)
            self._drop(new_session_id)
            if ttl is not None:
                session.expires = now + ttl
            self._put(new_session_id, session)
            return True

    def list(self, session_key: str) -> list[str]:
        """Return the ids of the live sessions of ``session_key``."""
        require_text(session_key, "session key")
        now = time.monotonic()
        with self._lock:
            ids = self._owners.get(session_key, ())
            return [sid for sid in ids if self._sessions[sid].expires > now]

    def close(self) -> None:
        """Drop every session. Idempotent."""
        with self._lock:
            self._sessions.clear()
            self._owners.clear()

    # -- internals: the caller holds the lock -----------------------------------------------

    def _live(self, session_id: str, now: float) -> _Session | None:
        session = self._sessions.get(session_id)
        return session if session is not None and session.expires > now else None

    def _put(self, session_id: str, session: _Session) -> None:
        self._sessions[session_id] = session
        self._owners.setdefault(session.key, set()).add(session_id)

    def _drop(self, session_id: str) -> None:
        session = self._sessions.pop(session_id, None)
        if session is None:
            return
        ids = self._owners[session.key]
        ids.discard(session_id)
        if not ids:
            del self._owners[session.key]

    def _count_write(self, now: float) -> None:
        self._writes += 1
        if self._writes % self._purge_every == 0:
            for session_id in [s for s, v in self._sessions.items() if v.expires <= now]:
                self._drop(session_id)


def _deadline(now: float, ttl: int | None) -> float:
    return _NEVER if ttl is None else now + ttl


AsyncTemplateSessionStore = inline_async(TemplateSessionStore)
"""The asyncio twin, made from the synchronous class (every coroutine calls it directly)."""
