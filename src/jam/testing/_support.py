"""Shared helpers of the contract suites: realistic ids, keys, payloads and timings.

Used by `jam.testing._sessions`, `jam.testing._async_sessions` and
`jam.testing._token_lists`. Plugin authors rarely need these directly.
"""

from __future__ import annotations

import secrets

__all__ = [
    "AWKWARD_KEYS",
    "EXPIRY_SLEEP",
    "LONG_TTL",
    "NOT_TEXT",
    "ODD_IDS",
    "ODD_KEYS",
    "SHORT_TTL",
    "binary_payload",
    "new_session_id",
    "new_token_id",
]

SHORT_TTL = 1
"""Lifetime (seconds) of entries that the suite waits out."""

EXPIRY_SLEEP = 1.15
"""How long the suite sleeps for a `SHORT_TTL` entry to expire."""

LONG_TTL = 3600
"""Lifetime (seconds) of entries that must outlive a test."""

AWKWARD_KEYS = (
    "user:{42}",
    "ünïcødé@example.org",
    "with space and 'quotes' and \"double\"",
    "%_*?[]\\",
)
"""Session keys a store must keep apart and store verbatim.

Braces (Redis hash tags), SQL ``LIKE`` wildcards, glob characters, quotes and
non-ASCII text all appear in real user identifiers.
"""


ODD_KEYS = (
    "",
    "k" * 1024,
    "k" * 1025,
    "nul\x00",
    "nul",
    "line\nbreak",
    "line",
    "%",
    "*",
    ":",
    "user:*:%s?[a]",
    "ünïcødé 🙂",
)
"""Session keys (and token ids) every store must hold verbatim and keep apart.

Empty, longer than 1024 characters, with a NUL or a newline, glob and
``LIKE`` wildcards, the ``:`` separator of key names, and non-ASCII text.
Pairs that differ only after a NUL, a newline or the 1024th character catch
a store that truncates there.
"""

ODD_IDS = (
    "",
    "i" * 1024,
    "id:with:colons",
    "id*glob?[x]",
    "%id%_",
    "id\nline",
    "id\x00nul",
    "ïd-ünï-🙂",
)
"""Session ids a store must hold verbatim: the kernel makes base64url ids, but a
store called directly must not confuse or truncate these."""

NOT_TEXT = ("\ud800", "a\udfffb")
"""Strings that are not valid UTF-8 text (lone surrogates).

No store can keep them in SQLite or Redis, so every store refuses them, as a
key, session id or token id, with `jam.exceptions.BackendError` and
writes nothing. (The session engine refuses them before any store is called.)
"""


def new_session_id() -> str:
    """Return a fresh id shaped like the kernel's (URL-safe, 256 random bits)."""
    return secrets.token_urlsafe(32)


def new_token_id() -> str:
    """Return a fresh token id shaped like a ``jti`` or a SHA-256 hex digest."""
    return secrets.token_hex(32)


def binary_payload(size: int = 256) -> bytes:
    """Return ``size`` bytes covering every byte value, with NULs (ciphertext-like)."""
    pattern = bytes(range(256))
    return (pattern * (size // 256 + 1))[:size]
