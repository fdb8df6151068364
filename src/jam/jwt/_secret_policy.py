"""How strong an HMAC secret must be: the kernel's policy for every ``oct`` algorithm.

Applied by the key ring (`jam.jwt._keyring`) to each configured secret,
whichever plugin registered the algorithm; `secret_bytes` is shared with
the built-in HS* algorithms. ``[jam.jwt] allow_weak_secret = true``
turns a refusal into a warning; nothing here ever reveals the secret, its
length, or which byte it repeats.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jam.exceptions import InvalidKey, MalformedToken
from jam.jwt._codec import b64decode

__all__ = ["MAX_PATTERN", "secret_bytes", "weakness"]

MAX_PATTERN = 8
"""Secrets that are a block of at most this many bytes, repeated, are refused."""


def weakness(secret: bytes, min_bytes: int) -> str | None:
    """Say why ``secret`` is trivially weak, or return None when it is acceptable.

    Weak means: shorter than ``min_bytes`` (RFC 7518 §3.2: as long as the hash
    output), or one byte repeated (all zeros included), or a block of at most
    `MAX_PATTERN` bytes repeated (``"abab..."``, ``"SECRETSECRET..."``).

    Args:
        secret: The secret bytes.
        min_bytes: The minimum length, the size of the MAC.

    Returns:
        A phrase for an error or log message that says nothing about the
        secret beyond the rule it breaks, or None.

    Example:
        >>> weakness(b"SECRET", 32)
        'shorter than 32 bytes (RFC 7518 §3.2 wants at least the hash size)'
        >>> weakness(bytes(32), 32)
        'one byte or a short block of bytes repeated'
        >>> weakness(b"Lw1vX0c2yP9kRqB7tNzUa4HeJf8sDm3G", 32) is None
        True
    """
    if len(secret) < min_bytes:
        return f"shorter than {min_bytes} bytes (RFC 7518 §3.2 wants at least the hash size)"
    periods = range(1, min(MAX_PATTERN, len(secret) // 2) + 1)
    if any(secret[period:] == secret[:-period] for period in periods):
        return "one byte or a short block of bytes repeated"
    return None


def secret_bytes(material: bytes | Mapping[str, Any]) -> bytes:
    """Return the secret itself: raw bytes as given, or the decoded ``k`` of an ``oct`` JWK.

    Raises:
        InvalidKey: A JWK without a base64url ``k`` member (trailing ``=`` padding
            is tolerated).
    """
    if not isinstance(material, Mapping):
        return bytes(material)
    value = material.get("k")
    if not isinstance(value, str) or not value:
        raise InvalidKey("the 'oct' JWK has no 'k' member")
    try:
        return b64decode(value.removesuffix("==").removesuffix("="))
    except MalformedToken:
        raise InvalidKey("the 'oct' JWK member 'k' is not base64url") from None
