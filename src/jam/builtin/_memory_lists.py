"""In-process token list (``backend = "memory"``): a dict with expiry times.

For tests, single-process apps and OTP replay protection in one process.
State lives in the instance, so two Jam objects never share a list.
"""

from __future__ import annotations

import threading
import time

from jam.config import Section

__all__ = ["AsyncMemoryTokenList", "MemoryListOptions", "MemoryTokenList"]

PURGE_EVERY = 1024
"""Writes between sweeps of expired entries."""


class MemoryListOptions(Section):
    """The memory list takes no options."""


class MemoryTokenList:
    """Thread-safe in-memory :class:`~jam.protocols.TokenList`."""

    def __init__(self, options: MemoryListOptions | None = None) -> None:
        """Create an empty list (``options`` is accepted for the factory signature)."""
        self._expiry: dict[str, float] = {}
        self._lock = threading.Lock()
        self._writes = 0

    def add(self, token_id: str, ttl: int | None) -> None:
        """Remember ``token_id`` for ``ttl`` seconds (``None``: forever)."""
        with self._lock:
            self._put(token_id, ttl)

    def add_if_absent(self, token_id: str, ttl: int | None) -> bool:
        """Add unless present and unexpired; True when this call added it."""
        with self._lock:
            if self._live(token_id, time.monotonic()):
                return False
            self._put(token_id, ttl)
            return True

    def contains(self, token_id: str) -> bool:
        """True when present and unexpired."""
        return self._live(token_id, time.monotonic())

    def remove(self, token_id: str) -> None:
        """Forget ``token_id``."""
        with self._lock:
            self._expiry.pop(token_id, None)

    def close(self) -> None:
        """Drop every entry."""
        with self._lock:
            self._expiry.clear()

    def _live(self, token_id: str, now: float) -> bool:
        expiry = self._expiry.get(token_id)
        return expiry is not None and expiry > now

    def _put(self, token_id: str, ttl: int | None) -> None:
        now = time.monotonic()
        self._expiry[token_id] = float("inf") if ttl is None else now + ttl
        self._writes += 1
        if self._writes % PURGE_EVERY == 0:
            for key in [k for k, exp in self._expiry.items() if exp <= now]:
                del self._expiry[key]


class AsyncMemoryTokenList:
    """Asyncio twin of :class:`MemoryTokenList` (no I/O, so it never blocks)."""

    def __init__(self, options: MemoryListOptions | None = None) -> None:
        """Create an empty list."""
        self._sync = MemoryTokenList(options)

    async def add(self, token_id: str, ttl: int | None) -> None:
        """See :meth:`MemoryTokenList.add`."""
        self._sync.add(token_id, ttl)

    async def add_if_absent(self, token_id: str, ttl: int | None) -> bool:
        """See :meth:`MemoryTokenList.add_if_absent`."""
        return self._sync.add_if_absent(token_id, ttl)

    async def contains(self, token_id: str) -> bool:
        """See :meth:`MemoryTokenList.contains`."""
        return self._sync.contains(token_id)

    async def remove(self, token_id: str) -> None:
        """See :meth:`MemoryTokenList.remove`."""
        self._sync.remove(token_id)

    async def close(self) -> None:
        """See :meth:`MemoryTokenList.close`."""
        self._sync.close()
