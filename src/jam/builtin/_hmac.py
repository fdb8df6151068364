"""HS256, HS384, HS512 (RFC 7518 §3.2): HMAC with SHA-2, on the standard library.

Registered by the built-in plugin (`jam.builtin.plugin`), so a bare
``pip install jam-auth`` serves the default configuration. Loading refuses key
material that is not a secret (`jam.builtin._keyguard`); how strong a
secret must be is the kernel's policy (`jam.jwt._secret_policy`), applied
when keys are loaded from the configuration, where ``allow_weak_secret`` can
relax it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping
from typing import Any, Literal

from jam._text import excerpt
from jam.builtin._keyguard import asymmetric_form
from jam.exceptions import InvalidKey
from jam.jwt._codec import b64encode
from jam.jwt._secret_policy import secret_bytes

__all__ = ["HMACAlgorithm"]

_BASE64URL = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


class HMACAlgorithm:
    """HMAC-SHA2 signing with a shared secret.

    Attributes:
        name: ``HS256``, ``HS384`` or ``HS512``.
        digest_size: Bytes of the MAC, and the minimum secret length (RFC 7518 §3.2).

    Example:
        >>> hs256 = HMACAlgorithm("HS256", "sha256")
        >>> key = hs256.load_signing_key(hs256.generate_key())
        >>> hs256.verify(key, b"header.payload", hs256.sign(key, b"header.payload"))
        True
    """

    __slots__ = ("_digest", "digest_size", "name")

    def __init__(self, name: str, digest: str) -> None:
        """Create the algorithm ``name`` on hashlib's ``digest`` (``"sha256"``...)."""
        self.name = name
        self._digest = digest
        self.digest_size = hashlib.new(digest).digest_size

    def load_signing_key(self, material: bytes | Mapping[str, Any]) -> bytes:
        """Return the secret bytes of raw bytes/UTF-8 text or an ``oct`` JWK.

        Raises:
            InvalidKey: Not an ``oct`` JWK, a malformed ``k``, or key material
                that is not a secret at all (the key-confusion guard).
        """
        if isinstance(material, Mapping):
            if material.get("kty") != "oct":
                raise InvalidKey(f"{self.name} needs an 'oct' JWK")
            secret = secret_bytes(material)
        else:
            secret = bytes(material)
        if not secret:
            raise InvalidKey(f"{self.name} needs a non-empty secret")
        form = asymmetric_form(secret)
        if form is not None:
            raise InvalidKey(
                f"{self.name} refuses {form} as an HMAC secret: a key is not a secret "
                "(this is the classic key-confusion attack); use a random secret, "
                "for example from `jam secret`"
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

    def generate_key(self) -> bytes:
        """Return a new secret: as many random bytes as the hash, as base64url text.

        The text itself is the secret (what ``jam secret`` prints), so it can
        be pasted into ``secret_key`` as it is.
        """
        return secrets.token_urlsafe(self.digest_size).encode("ascii")

    def export_key(self, key: bytes, *, private: bool, format: Literal["pem", "jwk"]) -> bytes:
        """Export a secret as an ``oct`` JWK (JSON) or, for ``"pem"``, as its text.

        Raises:
            InvalidKey: ``private`` is False (a secret has no public half), the
                key is not bytes, the format is unknown, or ``"pem"`` is asked
                for a secret that is not base64url text (export it as a JWK).
        """
        if not isinstance(key, bytes) or not key:
            raise InvalidKey(f"{self.name} exports secrets (bytes) only")
        if not private:
            raise InvalidKey(
                f"an {self.name} secret has no public half: anyone who can verify can also "
                "sign; export it only with private=True and keep it secret"
            )
        if format == "jwk":
            jwk = {"kty": "oct", "alg": self.name, "k": b64encode(key)}
            return json.dumps(jwk, indent=2).encode("ascii")
        if format == "pem":
            if not set(key) <= _BASE64URL:
                raise InvalidKey(f"this {self.name} secret is not base64url text; export a JWK")
            return key
        raise InvalidKey(f"unknown key export format {excerpt(format)}; use 'pem' or 'jwk'")
