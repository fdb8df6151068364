"""Text that reaches Redis (key names, hashed session keys) must be valid UTF-8.

Used by `jam_redis._layout` and `jam_redis._routing`. redis-py
would fail to encode a lone surrogate deep inside a command, or inside a
pipeline that carries other callers' reads; refusing it first keeps the
error typed and the caller's own. Every first-party store refuses such text
the same way (the session engine refuses it before any store sees it).
"""

from __future__ import annotations

from jam.exceptions import BackendError

__all__ = ["text"]


def text(value: str, what: str) -> str:
    """Return ``value`` when it is valid UTF-8 text (ASCII returns at once).

    Args:
        value: A session key, session id or token id.
        what: Its name, for the message (the value itself is never shown).

    Raises:
        BackendError: ``value`` holds a lone surrogate; nothing was sent.
    """
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise BackendError(
                f"redis: the {what} is not valid UTF-8 text (it holds a lone surrogate); "
                "Redis cannot store it, so nothing was sent"
            ) from None
    return value
