"""HOTP code generation (RFC 4226 section 5), the primitive under HOTP and TOTP.

TOTP (RFC 6238) is HOTP with the counter ``T = floor((time - T0) / step)``;
the engine computes ``T`` and calls :func:`hotp`. This module has no state
and no I/O: it is the part the RFC test vectors pin down.
"""

from __future__ import annotations

import hmac
from typing import Final, Literal

__all__ = ["MAX_COUNTER", "Digest", "hotp", "time_step"]

Digest = Literal["sha1", "sha256", "sha512"]
"""HMAC digests allowed by RFC 6238."""

MAX_COUNTER: Final = (1 << 64) - 1
"""Counters are 8-byte unsigned integers (RFC 4226 section 5.1)."""

_POWERS: Final = {digits: 10**digits for digits in range(1, 11)}


def hotp(key: bytes, counter: int, digits: int = 6, digest: Digest = "sha1") -> str:
    """Return the HOTP value of ``counter`` as a zero-padded decimal string.

    Args:
        key: The raw shared secret.
        counter: 0 <= counter < 2**64 (callers validate).
        digits: Code length, 6 to 10.
        digest: HMAC hash function.

    Returns:
        ``digits`` ASCII digits.

    Example:
        >>> hotp(b"12345678901234567890", 0)
        '755224'
    """
    mac = hmac.digest(key, counter.to_bytes(8, "big"), digest)
    offset = mac[-1] & 0x0F
    binary = int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF
    return str(binary % _POWERS[digits]).zfill(digits)


def time_step(unix_time: float, interval: int) -> int:
    """Return the TOTP counter for ``unix_time`` (RFC 6238 section 4.2, T0 = 0).

    Example:
        >>> time_step(59, 30)
        1
    """
    return int(unix_time // interval)
