"""Shared helpers of the contract suites: realistic ids, keys, payloads and timings.

Used by :mod:`jam.testing._sessions`, :mod:`jam.testing._async_sessions` and
:mod:`jam.testing._token_lists`. Plugin authors rarely need these directly.
"""

from __future__ import annotations

import secrets

__all__ = [
    "AWKWARD_KEYS",
    "EXPIRY_SLEEP",
    "LONG_TTL",
    "SHORT_TTL",
    "binary_payload",
    "new_session_id",
    "new_token_id",
]

SHORT_TTL = 1
"""Lifetime (seconds) of entries that the suite waits out."""

EXPIRY_SLEEP = 1.15
"""How long the suite sleeps for a :data:`SHORT_TTL` entry to expire."""

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
