"""EdDSA (RFC 8037) with Ed25519 or Ed448, and the fully-specified ``Ed25519``/``Ed448`` names.

Public keys are checked when loaded (`jam_jwa._edwards`): a small-order
key would let anyone forge signatures. Signatures need no extra check here:
OpenSSL already refuses a wrong length, a non-canonical S (S >= L) and a
non-canonical R, which the tests hold it to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, cast

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed448, ed25519

from jam.exceptions import InvalidKey
from jam_jwa._edwards import ED448, ED25519, check_public_key
from jam_jwa._export import export_key
from jam_jwa._jwk import load_private, load_public

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["EdDSAAlgorithm"]

_PRIVATE = {
    "Ed25519": (ed25519.Ed25519PrivateKey,),
    "Ed448": (ed448.Ed448PrivateKey,),
    "EdDSA": (ed25519.Ed25519PrivateKey, ed448.Ed448PrivateKey),
}
_PUBLIC = {
    "Ed25519": (ed25519.Ed25519PublicKey,),
    "Ed448": (ed448.Ed448PublicKey,),
    "EdDSA": (ed25519.Ed25519PublicKey, ed448.Ed448PublicKey),
}

PrivateKey = ed25519.Ed25519PrivateKey | ed448.Ed448PrivateKey
PublicKey = ed25519.Ed25519PublicKey | ed448.Ed448PublicKey


class EdDSAAlgorithm:
    """Edwards-curve signatures; ``EdDSA`` takes either curve, the others exactly one."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        """Create ``EdDSA``, ``Ed25519`` or ``Ed448``."""
        self.name = name

    def load_signing_key(self, material: bytes | Mapping[str, Any]) -> PrivateKey:
        """Load an Ed25519/Ed448 private key."""
        key = load_private(material)
        if not isinstance(key, _PRIVATE[self.name]):
            raise InvalidKey(f"{self.name} needs an Edwards-curve private key")
        return cast("PrivateKey", key)

    def load_verifying_key(self, material: bytes | Mapping[str, Any]) -> PublicKey:
        """Load an Ed25519/Ed448 public key of prime order (see `jam_jwa._edwards`).

        Raises:
            InvalidKey: Unreadable, of the wrong curve, non-canonical, or of
                small order.
        """
        loaded = load_public(material)
        if not isinstance(loaded, _PUBLIC[self.name]):
            raise InvalidKey(f"{self.name} needs an Edwards-curve public key")
        key = cast("PublicKey", loaded)
        curve = ED25519 if isinstance(key, ed25519.Ed25519PublicKey) else ED448
        check_public_key(curve, key.public_bytes_raw())
        return key

    def public_key_of(self, signing_key: PrivateKey) -> PublicKey:
        """Derive the public key."""
        return signing_key.public_key()

    def sign(self, key: PrivateKey, message: bytes) -> bytes:
        """Sign ``message``."""
        return key.sign(message)

    def verify(self, key: PublicKey, message: bytes, signature: bytes) -> bool:
        """Return True for a valid signature."""
        try:
            key.verify(signature, message)
        except (InvalidSignature, ValueError):
            return False
        return True

    def generate_key(self) -> PrivateKey:
        """Return a new private key: Ed448 for ``Ed448``, else Ed25519."""
        if self.name == "Ed448":
            return ed448.Ed448PrivateKey.generate()
        return ed25519.Ed25519PrivateKey.generate()

    def export_key(
        self,
        key: PrivateKey | PublicKey,
        *,
        private: bool,
        format: Literal["pem", "jwk"],
    ) -> bytes:
        """Export as PEM (PKCS#8 / SubjectPublicKeyInfo) or as an ``OKP`` JWK (RFC 8037)."""
        if not isinstance(key, _PRIVATE[self.name] + _PUBLIC[self.name]):
            raise InvalidKey(f"{self.name} exports its own Edwards-curve keys only")
        return export_key(key, private=private, format=format, alg=self.name)
