"""HOTP code generation (RFC 4226 section 5), the primitive under HOTP and TOTP.

TOTP (RFC 6238) is HOTP with the counter ``T = floor((time - T0) / step)``
(``T0 = 0``); the engine computes ``T`` and calls :func:`hotp_value`. This
module has no state and no I/O: it is the part the RFC test vectors pin down.
"""

from __future__ import annotations

import hmac
from typing import Final, Literal

from jam.exceptions import OTPError

__all__ = ["DIGESTS", "MAX_COUNTER", "Digest", "hotp", "hotp_value"]

Digest = Literal["sha1", "sha256", "sha512"]
"""HMAC digests allowed by RFC 6238."""

DIGESTS: Final = ("sha1", "sha256", "sha512")
"""The values of :data:`Digest`."""

MAX_COUNTER: Final = (1 << 64) - 1
"""Counters are 8-byte unsigned integers (RFC 4226 section 5.1)."""

_MODULI: Final = {digits: 10**digits for digits in range(6, 11)}


def hotp(key: bytes, counter: int, digits: int = 6, digest: Digest = "sha1") -> str:
    """Return the HOTP value of ``counter`` as a zero-padded decimal string.

    Args:
        key: The raw shared secret (see :func:`jam.otp.parse_secret`).
        counter: 0 <= counter < 2**64.
        digits: Code length, 6 to 10.
        digest: HMAC hash function.

    Returns:
        ``digits`` ASCII digits.

    Raises:
        OTPError: An argument is out of range.

    Example:
        >>> hotp(b"12345678901234567890", 0)
        '755224'
    """
    if not isinstance(key, bytes):
        raise OTPError("hotp() takes the raw key as bytes")
    if isinstance(counter, bool) or not isinstance(counter, int):
        raise OTPError("the counter must be an integer")
    if not 0 <= counter <= MAX_COUNTER:
        raise OTPError("the counter must be between 0 and 2**64 - 1")
    if digits not in _MODULI:
        raise OTPError("digits must be between 6 and 10")
    if digest not in DIGESTS:
        raise OTPError(f"digest must be one of {', '.join(DIGESTS)}")
    return hotp_value(key, counter, digits, digest)


def hotp_value(key: bytes, counter: int, digits: int, digest: str) -> str:
    """:func:`hotp` without argument checks, for callers that validated them once.

    One ``hmac.digest`` call (OpenSSL, no Python-level HMAC object), then the
    dynamic truncation of RFC 4226 section 5.3.
    """
    mac = hmac.digest(key, counter.to_bytes(8, "big"), digest)
    offset = mac[-1] & 0x0F
    binary = int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF
    return str(binary % _MODULI[digits]).zfill(digits)
