"""HS256, HS384, HS512 (RFC 7518 §3.2): HMAC with SHA-2."""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from typing import Any

from jam.exceptions import InvalidKey
from jam_jwa._material import b64url_bytes, looks_asymmetric

__all__ = ["HMACAlgorithm"]


class HMACAlgorithm:
    """HMAC-SHA2 signing; the secret must be at least as long as the hash (RFC 7518 §3.2)."""

    __slots__ = ("_digest", "min_key_bytes", "name")

    def __init__(self, name: str, digest: str, min_key_bytes: int) -> None:
        """Create the algorithm ``name`` using hashlib ``digest``."""
        self.name = name
        self._digest = digest
        self.min_key_bytes = min_key_bytes

    def load_signing_key(self, material: bytes | Mapping[str, Any]) -> bytes:
        """Return the secret bytes from raw bytes/text or an ``oct`` JWK.

        Raises:
            InvalidKey: The material is a public/private key (key-confusion
                guard) or shorter than the hash output.
        """
        if isinstance(material, Mapping):
            if material.get("kty") != "oct":
                raise InvalidKey(f"{self.name} needs an 'oct' JWK")
            secret = b64url_bytes(material, "k")
        else:
            if looks_asymmetric(material):
                raise InvalidKey(
                    f"{self.name} refuses PEM/SSH/DER key material as an HMAC secret "
                    "(this is the classic key-confusion attack)"
                )
            secret = bytes(material)
        if len(secret) < self.min_key_bytes:
            raise InvalidKey(
                f"{self.name} needs a secret of at least {self.min_key_bytes} bytes "
                f"(RFC 7518 §3.2), got {len(secret)}; generate one with "
                "python -c 'import secrets; print(secrets.token_urlsafe(64))'"
            )
        return secret

    def load_verifying_key(self, material: bytes | Mapping[str, Any]) -> bytes:
        """HMAC verifies with the same secret it signs with."""
        return self.load_signing_key(material)

    def public_key_of(self, signing_key: bytes) -> bytes:
        """The verifying key of a secret is the secret."""
        return signing_key

    def sign(self, key: bytes, message: bytes) -> bytes:
        """Return HMAC(key, message)."""
        return hmac.digest(key, message, self._digest)

    def verify(self, key: bytes, message: bytes, signature: bytes) -> bool:
        """Compare in constant time."""
        return hmac.compare_digest(hmac.digest(key, message, self._digest), signature)
