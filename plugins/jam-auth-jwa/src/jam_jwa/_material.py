"""Key-material helpers that need no ``cryptography`` import (used by HMAC).

Keeping these apart lets an HS256-only configuration start without importing
``cryptography`` at all, except for the rare secret that starts like DER.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from typing import Any

from jam.exceptions import InvalidKey

__all__ = ["b64url_bytes", "b64url_int", "looks_asymmetric"]

_ASYMMETRIC_MARKERS = (
    b"-----BEGIN",
    b"ssh-rsa ",
    b"ssh-ed25519 ",
    b"ssh-ed448 ",
    b"ecdsa-sha2-",
    b"---- BEGIN SSH2",
)


def looks_asymmetric(data: bytes) -> bool:
    """True for PEM, certificates and SSH keys: material that must never be an HMAC secret."""
    stripped = data.lstrip()
    if any(stripped.startswith(marker) for marker in _ASYMMETRIC_MARKERS):
        return True
    if not _der_sequence_shaped(data):  # cheap structural test before importing cryptography
        return False
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives import serialization
    from cryptography.x509 import load_der_x509_certificate

    def _private(der: bytes) -> object:
        return serialization.load_der_private_key(der, password=None)

    for loader in (serialization.load_der_public_key, load_der_x509_certificate, _private):
        try:
            loader(data)
        except (ValueError, TypeError, UnsupportedAlgorithm):
            continue
        return True
    return False


def _der_sequence_shaped(data: bytes) -> bool:
    """True when ``data`` is one DER SEQUENCE whose encoded length matches its size."""
    if len(data) < 2 or data[0] != 0x30:
        return False
    first = data[1]
    if first < 0x80:
        return len(data) == 2 + first
    count = first & 0x7F
    if not 1 <= count <= 4 or len(data) < 2 + count:
        return False
    return len(data) == 2 + count + int.from_bytes(data[2 : 2 + count], "big")


def b64url_bytes(jwk: Mapping[str, Any], member: str) -> bytes:
    """Decode a base64url JWK member.

    Raises:
        InvalidKey: The member is missing or not base64url.
    """
    value = jwk.get(member)
    if not isinstance(value, str) or not value:
        raise InvalidKey(f"JWK member {member!r} is missing")
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        raise InvalidKey(f"JWK member {member!r} is not base64url") from None


def b64url_int(jwk: Mapping[str, Any], member: str) -> int:
    """Decode a base64url JWK member as a big-endian unsigned integer."""
    return int.from_bytes(b64url_bytes(jwk, member), "big")
