"""HOTP code generation (RFC 4226 section 5), the primitive under HOTP and TOTP.

TOTP (RFC 6238) is HOTP with the counter ``T = floor((time - T0) / step)``
(``T0 = 0``); the core (`jam.otp._core`) computes ``T``. The dynamic
truncation of RFC 4226 §5.3 is written once, in `code_at`, which every
code Jam makes or checks goes through. No state, no I/O: this is the
part the RFC test vectors pin down.
"""

from __future__ import annotations

import hmac
from typing import Any, Final, Literal

from jam.exceptions import OTPError

__all__ = ["DIGESTS", "MAX_COUNTER", "Digest", "Keyed", "code_at", "hotp", "keyed_hmac"]

Digest = Literal["sha1", "sha256", "sha512"]
"""HMAC digests allowed by RFC 6238."""

DIGESTS: Final = ("sha1", "sha256", "sha512")
"""The values of `Digest`."""

MAX_COUNTER: Final = (1 << 64) - 1
"""Counters are 8-byte unsigned integers (RFC 4226 section 5.1)."""

_MODULI: Final = {digits: 10**digits for digits in range(6, 11)}

Keyed = Any
"""A keyed HMAC object with ``copy``, ``update`` and ``digest`` (see `keyed_hmac`)."""


def hotp(key: bytes, counter: int, digits: int = 6, digest: Digest = "sha1") -> str:
    """Return the HOTP value of ``counter`` as a zero-padded decimal string.

    Args:
        key: The raw shared secret (see `jam.otp.parse_secret`).
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
    return code_at(keyed_hmac(key, digest), counter, digits)


def code_at(keyed: Keyed, counter: int, digits: int) -> str:
    """Return the HOTP value of ``counter`` from an HMAC already keyed with the secret.

    Args:
        keyed: A keyed HMAC object (see `keyed_hmac`), never updated: it is copied.
        counter: 0 <= counter < 2**64 (not checked here).
        digits: Code length, 6 to 10 (not checked here).

    Example:
        >>> code_at(keyed_hmac(b"12345678901234567890", "sha1"), 1, 6)
        '287082'
    """
    mac = keyed.copy()
    mac.update(counter.to_bytes(8, "big"))
    out = mac.digest()
    offset = out[-1] & 0x0F
    value = (int.from_bytes(out[offset : offset + 4], "big") & 0x7FFFFFFF) % _MODULI[digits]
    return str(value).zfill(digits)


def keyed_hmac(key: bytes, digest: str) -> Keyed:
    """Return an HMAC keyed with ``key``, to be copied for each code.

    The C object under `hmac.HMAC` when CPython has one (its ``copy``,
    ``update`` and ``digest`` are a third cheaper than the Python wrapper's),
    else the wrapper itself: the same values either way.
    """
    wrapper = hmac.new(key, digestmod=digest)
    inner = getattr(wrapper, "_hmac", None)
    return inner if inner is not None else wrapper
