"""Optional store capabilities the session engine uses when a store offers them.

These are not part of the core :class:`~jam.protocols.SessionStore` contract:
a store that lacks them still works, but cannot serve a configuration that
needs them (``idle_ttl`` needs :class:`SupportsGetAndTouch`), and Jam says
so when it is built.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

__all__ = ["AsyncSupportsGetAndTouch", "SupportsGetAndTouch"]


@runtime_checkable
class SupportsGetAndTouch(Protocol):
    """A store that can read a session and reset its expiry in one step.

    Used for idle timeouts: the expiry moves, the data is not rewritten, so a
    read never overwrites a concurrent update. Redis has ``GETEX``; SQL has
    ``UPDATE ... RETURNING``.

    Example:
        >>> store.get_and_touch("sid-1", ttl=900)
        b'{}'
    """

    def get_and_touch(self, session_id: str, ttl: int) -> bytes | None:
        """Return the data (``None`` when unknown or expired) and expire it ``ttl`` s from now."""


@runtime_checkable
class AsyncSupportsGetAndTouch(Protocol):
    """The asyncio twin of :class:`SupportsGetAndTouch`.

    Example:
        >>> await store.get_and_touch("sid-1", ttl=900)
    """

    async def get_and_touch(self, session_id: str, ttl: int) -> bytes | None:
        """See :meth:`SupportsGetAndTouch.get_and_touch`."""
