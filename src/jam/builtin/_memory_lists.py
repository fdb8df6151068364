"""In-process token list (``backend = "memory"``): a dict with expiry times.

For tests, single-process apps and OTP replay protection in one process.
State lives in the instance, so two Jam objects never share a list.
"""

from __future__ import annotations

import threading
import time

from jam.builtin._text import require_text
from jam.config import Section
from jam.plugins import inline_async

__all__ = ["AsyncMemoryTokenList", "MemoryListOptions", "MemoryTokenList"]

_NAME = "memory token list"

PURGE_EVERY = 1024
"""Writes between sweeps of expired entries."""


class MemoryListOptions(Section):
    """The memory list takes no options."""


class MemoryTokenList:
    """Thread-safe in-memory `TokenList`."""

    def __init__(self, options: MemoryListOptions | None = None) -> None:
        """Create an empty list (``options`` is accepted for the factory signature)."""
        self._expiry: dict[str, float] = {}
        self._lock = threading.Lock()
        self._writes = 0

    def add(self, token_id: str, ttl: int | None) -> None:
        """Remember ``token_id`` for ``ttl`` seconds (``None``: forever)."""
        if not token_id.isascii():
            require_text(token_id, "token id", _NAME)
        with self._lock:
            self._put(token_id, ttl)

    def add_if_absent(self, token_id: str, ttl: int | None) -> bool:
        """Add unless present and unexpired; True when this call added it."""
        if not token_id.isascii():
            require_text(token_id, "token id", _NAME)
        with self._lock:
            if self._live(token_id, time.monotonic()):
                return False
            self._put(token_id, ttl)
            return True

    def contains(self, token_id: str) -> bool:
        """True when present and unexpired."""
        if not token_id.isascii():
            require_text(token_id, "token id", _NAME)
        return self._live(token_id, time.monotonic())

    def remove(self, token_id: str) -> None:
        """Forget ``token_id``."""
        if not token_id.isascii():
            require_text(token_id, "token id", _NAME)
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


AsyncMemoryTokenList = inline_async(MemoryTokenList)
"""Asyncio twin of `MemoryTokenList` (made by `jam.plugins.inline_async`)."""
