"""One rule for the text the in-memory backends accept: valid UTF-8, like every other store.

SQLite and Redis cannot hold a ``str`` with a lone surrogate (such as U+D800):
it has no UTF-8 form. The memory backends could, but then a key would work
in tests and fail in production, so they refuse it the same way (the session
engine refuses such keys before any store sees them; this guards direct
calls). Used by `jam.builtin._memory_sessions` and
`jam.builtin._memory_lists`.
"""

from __future__ import annotations

from jam.exceptions import BackendError

__all__ = ["require_text"]


def require_text(value: str, what: str, backend: str) -> None:
    """Raise unless ``value`` is encodable as UTF-8 (ASCII returns at once).

    Args:
        value: A session key, session id or token id.
        what: Its name, for the message (the value itself is never shown).
        backend: The backend's name, for the message.

    Raises:
        BackendError: ``value`` holds a lone surrogate; nothing was read or written.
    """
    if value.isascii():
        return
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BackendError(
            f"{backend}: the {what} is not valid UTF-8 text (it holds a lone surrogate); "
            "no store can keep it, so nothing was read or written"
        ) from None
