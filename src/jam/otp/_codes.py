"""HOTP code generation (RFC 4226 section 5), the primitive under HOTP and TOTP.

TOTP (RFC 6238) is HOTP with the counter ``T = floor((time - T0) / step)``
(``T0 = 0``); the core (:mod:`jam.otp._core`) computes ``T``. The dynamic
truncation of RFC 4226 §5.3 is written once, in :func:`window_codes`, which
every code Jam makes or checks goes through. No state, no I/O: this is the
part the RFC test vectors pin down.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from typing import Final, Literal

from jam.exceptions import OTPError

__all__ = ["DIGESTS", "MAX_COUNTER", "Digest", "hotp", "window_codes"]

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
    return window_codes(hmac.new(key, digestmod=digest), (counter,), digits)[0]


def window_codes(keyed: hmac.HMAC, counters: Iterable[int], digits: int) -> list[str]:
    """Return the HOTP value of each counter, from an HMAC already keyed with the secret.

    Args:
        keyed: ``hmac.new(key, digestmod=...)``, never updated (it is copied per counter).
        counters: 0 <= counter < 2**64 each (not checked here).
        digits: Code length, 6 to 10 (not checked here).

    Example:
        >>> window_codes(hmac.new(b"12345678901234567890", digestmod="sha1"), [0, 1], 6)
        ['755224', '287082']
    """
    modulus = _MODULI[digits]
    codes = []
    for counter in counters:
        mac = keyed.copy()
        mac.update(counter.to_bytes(8, "big"))
        out = mac.digest()
        offset = out[-1] & 0x0F
        value = (int.from_bytes(out[offset : offset + 4], "big") & 0x7FFFFFFF) % modulus
        codes.append(str(value).zfill(digits))
    return codes
