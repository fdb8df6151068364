"""``HS3-384``: HMAC with SHA3-384, a complete JWS algorithm on the standard library.

Implements `jam.protocols.SigningAlgorithm` and the optional
`jam.protocols.SupportsKeyGeneration` (so `jam keys generate --alg HS3-384`
works). Keys are opaque to the kernel: here a loaded key is the secret's bytes.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import secrets
from collections.abc import Mapping
from typing import Any, Literal

from jam.exceptions import InvalidKey

__all__ = ["HS3_384"]

_DIGEST = "sha3_384"
_SIZE = 48
"""Bytes of the MAC, and the shortest secret accepted (RFC 7518 §3.2's rule for HS*)."""
_BASE64URL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


class HS3_384:  # noqa: N801  (named after the JOSE-style alg it implements)
    """HMAC-SHA3-384.

    Example:
        >>> alg = HS3_384()
        >>> key = alg.load_signing_key(alg.generate_key())
        >>> alg.verify(key, b"header.payload", alg.sign(key, b"header.payload"))
        True
    """

    name = "HS3-384"
    """The ``alg`` value tokens carry; the same as the record's name."""

    def load_signing_key(self, material: bytes | Mapping[str, Any]) -> bytes:
        """Return the secret of raw bytes (or UTF-8 text) or of an ``oct`` JWK.

        Raises:
            InvalidKey: A JWK that is not ``oct`` or has no valid ``k``, or a
                secret shorter than 48 bytes.
        """
        if isinstance(material, Mapping):
            if material.get("kty") != "oct":
                raise InvalidKey(f"{self.name} needs an 'oct' JWK")
            secret = _b64decode(material.get("k"))
        else:
            secret = bytes(material)
        if len(secret) < _SIZE:
            raise InvalidKey(f"{self.name} needs a secret of at least {_SIZE} bytes")
        return secret

    def load_verifying_key(self, material: bytes | Mapping[str, Any]) -> bytes:
        """A MAC verifies with the secret it signs with."""
        return self.load_signing_key(material)

    def public_key_of(self, signing_key: bytes) -> bytes:
        """The verifying key of a secret is the secret."""
        return signing_key

    def sign(self, key: bytes, message: bytes) -> bytes:
        """Return HMAC-SHA3-384(key, message)."""
        return hmac.digest(key, message, _DIGEST)

    def verify(self, key: bytes, message: bytes, signature: bytes) -> bool:
        """True only for the right MAC; compared in constant time, never raises."""
        return hmac.compare_digest(hmac.digest(key, message, _DIGEST), signature)

    def generate_key(self) -> bytes:
        """Return a new secret: 48 random bytes as base64url text (the text is the secret)."""
        return secrets.token_urlsafe(_SIZE).encode("ascii")

    def export_key(self, key: bytes, *, private: bool, format: Literal["pem", "jwk"]) -> bytes:
        """Export a secret as its text (``"pem"``) or as an ``oct`` JWK (``"jwk"``).

        Raises:
            InvalidKey: ``private`` is False (a secret has no public half), or
                the format is unknown.
        """
        if not isinstance(key, bytes) or not key:
            raise InvalidKey(f"{self.name} exports secrets (bytes) only")
        if not private:
            raise InvalidKey(f"an {self.name} secret has no public half")
        if format == "pem":
            return key
        if format == "jwk":
            k = base64.urlsafe_b64encode(key).rstrip(b"=").decode("ascii")
            return json.dumps({"kty": "oct", "alg": self.name, "k": k}).encode("ascii")
        raise InvalidKey("unknown key export format; use 'pem' or 'jwk'")


def _b64decode(value: object) -> bytes:
    if not isinstance(value, str) or not value:
        raise InvalidKey("the 'oct' JWK has no 'k' member")
    body = value.rstrip("=")
    if not set(body) <= _BASE64URL:
        raise InvalidKey("the 'oct' JWK member 'k' is not base64url")
    try:
        return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError):
        raise InvalidKey("the 'oct' JWK member 'k' is not base64url") from None
