"""Decode base64url JWK members (RFC 7517) into bytes and integers, for the key loaders."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from typing import Any

from jam.exceptions import InvalidKey

__all__ = ["b64url_bytes", "b64url_encode", "b64url_int", "int_bytes"]

_URLSAFE_TO_STANDARD = str.maketrans("-_", "+/")


def b64url_bytes(jwk: Mapping[str, Any], member: str) -> bytes:
    """Decode a base64url JWK member (trailing ``=`` padding tolerated, nothing else).

    Raises:
        InvalidKey: The member is missing, or has characters outside the
            base64url alphabet, or an impossible length.
    """
    value = jwk.get(member)
    if not isinstance(value, str) or not value:
        raise InvalidKey(f"JWK member {member!r} is missing")
    body = value.rstrip("=")
    if "+" in body or "/" in body or len(value) - len(body) > 2:
        raise InvalidKey(f"JWK member {member!r} is not base64url")
    try:
        standard = (body.translate(_URLSAFE_TO_STANDARD) + "=" * (-len(body) % 4)).encode("ascii")
        return binascii.a2b_base64(standard, strict_mode=True)
    except (binascii.Error, ValueError):  # UnicodeEncodeError is a ValueError
        raise InvalidKey(f"JWK member {member!r} is not base64url") from None


def b64url_int(jwk: Mapping[str, Any], member: str) -> int:
    """Decode a base64url JWK member as a big-endian unsigned integer."""
    return int.from_bytes(b64url_bytes(jwk, member), "big")


def b64url_encode(data: bytes) -> str:
    """Encode bytes as unpadded base64url text (a JWK member)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def int_bytes(value: int, size: int = 0) -> bytes:
    """Big-endian bytes of ``value``: the minimum length, or exactly ``size`` when given."""
    return value.to_bytes(size or max(1, (value.bit_length() + 7) // 8), "big")
