"""OTP shared secrets: generation and parsing (base32 text or raw bytes).

Used by `jam.otp.OTPEngine` on every call and by applications that
enrol a user (`generate_secret`). Nothing here logs or echoes a secret:
error messages describe the problem, never the value.
"""

from __future__ import annotations

import base64
import secrets

from jam.exceptions import OTPError, WeakSecret

__all__ = [
    "DEFAULT_SECRET_BYTES",
    "MIN_SECRET_BITS",
    "OTPSecret",
    "encode_secret",
    "generate_secret",
    "parse_secret",
]

OTPSecret = str | bytes
"""A shared secret as accepted by every OTP call.

``str`` is base32 text (any case, ``=`` padding optional, spaces ignored), as
shown by authenticator apps; ``bytes`` is the raw key.
"""

MIN_SECRET_BITS = 128
"""RFC 4226 section 4 requires at least 128 bits; shorter secrets are refused by default."""

DEFAULT_SECRET_BYTES = 20
"""160 bits, the length RFC 4226 recommends (and the HMAC-SHA1 block's natural key size)."""

MAX_SECRET_CHARS = 4096
"""Longer base32 text is refused before decoding (no real secret is this long)."""

_IGNORED = b" \t\r\n-"
"""Separators people copy along with a secret; removed before decoding."""

_B32_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_INT_DIGITS = b"0123456789abcdefghijklmnopqrstuv"
# base32 (either case) -> the digits int(..., 32) reads; every other byte -> "!", which
# int() rejects (so signs, underscores, spaces and 0/1/8/9 cannot slip through).
_TO_INT_DIGITS = bytes(
    _INT_DIGITS[_B32_ALPHABET.index(bytes([byte]).upper())]
    if bytes([byte]).upper() in _B32_ALPHABET and byte < 128
    else ord("!")
    for byte in range(256)
)
_VALID_TAIL = frozenset({0, 2, 4, 5, 7})
"""Unpadded base32 lengths modulo 8 that encode whole bytes (RFC 4648 section 6)."""


def generate_secret(nbytes: int = DEFAULT_SECRET_BYTES) -> str:
    """Return a new random secret as base32 text without padding.

    Args:
        nbytes: Random bytes from `secrets`; at least 20 (160 bits).

    Returns:
        Uppercase base32 text, ready for `jam.Jam.otp_uri` and for storage.

    Raises:
        OTPError: ``nbytes`` is below 20.

    Example:
        >>> len(generate_secret())
        32
    """
    if isinstance(nbytes, bool) or not isinstance(nbytes, int) or nbytes < DEFAULT_SECRET_BYTES:
        raise OTPError(f"generate_secret() needs nbytes >= {DEFAULT_SECRET_BYTES} (160 bits)")
    return encode_secret(secrets.token_bytes(nbytes))


def encode_secret(key: bytes) -> str:
    """Return raw key bytes as uppercase base32 text without ``=`` padding.

    Example:
        >>> encode_secret(b"12345678901234567890")
        'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
    """
    return base64.b32encode(key).decode("ascii").rstrip("=")


def parse_secret(secret: OTPSecret, *, allow_weak: bool = False) -> bytes:
    """Return the raw key of a secret.

    Args:
        secret: Base32 text (any case, padding optional, spaces and dashes
            ignored) or raw bytes.
        allow_weak: Accept keys shorter than `MIN_SECRET_BITS`.

    Returns:
        The key bytes, never empty.

    Raises:
        OTPError: The secret is not text or bytes, not valid base32, or empty.
        WeakSecret: The key has fewer than 128 bits, or is one byte repeated
            (all zeros...), and ``allow_weak`` is False.

    Example:
        >>> parse_secret("gezd gnbv gy3t qojq gezd gnbv gy3t qojq")
        b'12345678901234567890'
    """
    if isinstance(secret, str):
        key = _decode_base32(secret)
    elif isinstance(secret, bytes | bytearray | memoryview):
        key = bytes(secret)
    else:
        raise OTPError(f"an OTP secret must be base32 text or bytes, not {type(secret).__name__}")
    if not key:
        raise OTPError("the OTP secret is empty")
    if not allow_weak:
        if len(key) * 8 < MIN_SECRET_BITS:
            raise WeakSecret(
                f"the OTP secret has {len(key) * 8} bits; at least {MIN_SECRET_BITS} are "
                "required (use jam.otp.generate_secret(), or set allow_weak_secrets = true "
                "in [jam.otp] for legacy secrets)"
            )
        if key.count(key[0]) == len(key):
            raise WeakSecret(
                "the OTP secret is one byte repeated (all zeros, or 'AAAA...' in base32): "
                "anyone can guess it (use jam.otp.generate_secret(), or set "
                "allow_weak_secrets = true in [jam.otp] for legacy secrets)"
            )
    return key


def _decode_base32(text: str) -> bytes:
    if len(text) > MAX_SECRET_CHARS:
        raise OTPError(f"the OTP secret is longer than {MAX_SECRET_CHARS} characters")
    # Two C-speed byte translations and int() instead of base64.b32decode (pure Python):
    # the base32 digits are read as one big base-32 integer, then the bits past the last
    # whole byte are dropped.
    try:
        cleaned = text.encode("ascii").translate(None, _IGNORED).rstrip(b"=")
    except UnicodeEncodeError:
        raise OTPError("the OTP secret is not valid base32") from None
    length = len(cleaned)
    if length % 8 not in _VALID_TAIL:
        raise OTPError("the OTP secret is not valid base32")
    if not length:
        return b""
    try:
        number = int(cleaned.translate(_TO_INT_DIGITS), 32)
    except ValueError:
        raise OTPError("the OTP secret is not valid base32") from None
    nbytes = length * 5 // 8
    return (number >> (length * 5 - nbytes * 8)).to_bytes(nbytes, "big")
