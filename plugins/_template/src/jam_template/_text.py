"""One rule for keys and ids: valid UTF-8 text, as every Jam store requires.

A ``str`` holding a lone surrogate (U+D800 alone) has no UTF-8 form: SQLite
and Redis cannot keep it, so no store may accept it, even one that could.
The contract suites check that every method refuses it with ``BackendError``.
"""

from __future__ import annotations

from jam.exceptions import BackendError

__all__ = ["require_text"]


def require_text(value: str, what: str) -> None:
    """Raise ``BackendError`` unless ``value`` can be encoded as UTF-8.

    Args:
        value: A session key, session id or token id.
        what: Its name, for the message (the value itself is never shown).

    Raises:
        BackendError: ``value`` is not valid UTF-8 text; nothing was read or written.
    """
    if value.isascii():
        return
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BackendError(f"template: the {what} is not valid UTF-8 text") from None
