"""The ``template`` token list: an in-process dict of ids with expiry times.

Implements `jam.protocols.TokenList`; the asyncio class is made by
`jam.plugins.inline_async`. Entries are token ids (a ``jti``, or a SHA-256
the kernel computed), never tokens; ``add_if_absent`` is atomic, which OTP
replay protection relies on.
"""

from __future__ import annotations

import threading
import time

from jam.plugins import inline_async
from jam_template._options import TemplateOptions
from jam_template._text import require_text

__all__ = ["AsyncTemplateTokenList", "TemplateTokenList"]


class TemplateTokenList:
    """A thread-safe set of token ids, each with its own expiry.

    Example:
        >>> tokens = TemplateTokenList()
        >>> tokens.add_if_absent("jti-1", 60), tokens.add_if_absent("jti-1", 60)
        (True, False)
    """

    def __init__(self, options: TemplateOptions | None = None) -> None:
        """Create an empty list from validated options (``None``: the defaults)."""
        self._purge_every = (options or TemplateOptions()).purge_every
        self._expiry: dict[str, float] = {}
        self._writes = 0
        self._lock = threading.Lock()

    def add(self, token_id: str, ttl: int | None) -> None:
        """Remember ``token_id`` for ``ttl`` seconds (``None``: until removed)."""
        require_text(token_id, "token id")
        with self._lock:
            self._put(token_id, ttl)

    def add_if_absent(self, token_id: str, ttl: int | None) -> bool:
        """Add ``token_id`` unless it is present; True when this call added it."""
        require_text(token_id, "token id")
        with self._lock:
            if self._live(token_id):
                return False
            self._put(token_id, ttl)
            return True

    def contains(self, token_id: str) -> bool:
        """True when ``token_id`` is present and not expired."""
        require_text(token_id, "token id")
        with self._lock:
            return self._live(token_id)

    def remove(self, token_id: str) -> None:
        """Forget ``token_id``; a missing id is not an error."""
        require_text(token_id, "token id")
        with self._lock:
            self._expiry.pop(token_id, None)

    def close(self) -> None:
        """Drop every entry. Idempotent."""
        with self._lock:
            self._expiry.clear()

    def _live(self, token_id: str) -> bool:
        expires = self._expiry.get(token_id)
        return expires is not None and expires > time.monotonic()

    def _put(self, token_id: str, ttl: int | None) -> None:
        now = time.monotonic()
        self._expiry[token_id] = float("inf") if ttl is None else now + ttl
        self._writes += 1
        if self._writes % self._purge_every == 0:
            for expired in [t for t, when in self._expiry.items() if when <= now]:
                del self._expiry[expired]


AsyncTemplateTokenList = inline_async(TemplateTokenList)
"""The asyncio twin, made from the synchronous class (every coroutine calls it directly)."""
