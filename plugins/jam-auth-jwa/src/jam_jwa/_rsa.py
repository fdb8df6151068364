"""RS256/384/512 (RSASSA-PKCS1-v1_5) and PS256/384/512 (RSASSA-PSS), RFC 7518 §3.3 and §3.5."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from jam.exceptions import InvalidKey
from jam_jwa._jwk import load_private, load_public

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["MIN_RSA_BITS", "RSAAlgorithm"]

MIN_RSA_BITS = 2048
"""RFC 7518 §3.3: keys of 2048 bits or larger MUST be used."""

_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "256": hashes.SHA256,
    "384": hashes.SHA384,
    "512": hashes.SHA512,
}


class RSAAlgorithm:
    """RSA signatures with PKCS#1 v1.5 (``RS*``) or PSS (``PS*``) padding."""

    __slots__ = ("_hash", "_padding", "name")

    def __init__(self, name: str) -> None:
        """Create ``RS256``...``PS512`` from its name."""
        self.name = name
        hash_alg = _HASHES[name[2:]]()
        self._hash = hash_alg
        self._padding: padding.AsymmetricPadding = (
            padding.PSS(mgf=padding.MGF1(hash_alg), salt_length=hash_alg.digest_size)
            if name.startswith("PS")
            else padding.PKCS1v15()
        )

    def load_signing_key(self, material: bytes | Mapping[str, Any]) -> rsa.RSAPrivateKey:
        """Load an RSA private key (PEM, DER or JWK) of at least 2048 bits."""
        key = load_private(material)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise InvalidKey(f"{self.name} needs an RSA private key")
        self._check_size(key.key_size)
        return key

    def load_verifying_key(self, material: bytes | Mapping[str, Any]) -> rsa.RSAPublicKey:
        """Load an RSA public key (PEM, DER, SSH, certificate or JWK)."""
        key = load_public(material)
        if not isinstance(key, rsa.RSAPublicKey):
            raise InvalidKey(f"{self.name} needs an RSA public key")
        self._check_size(key.key_size)
        return key

    def public_key_of(self, signing_key: rsa.RSAPrivateKey) -> rsa.RSAPublicKey:
        """Derive the public key."""
        return signing_key.public_key()

    def sign(self, key: rsa.RSAPrivateKey, message: bytes) -> bytes:
        """Sign ``message``."""
        return key.sign(message, self._padding, self._hash)

    def verify(self, key: rsa.RSAPublicKey, message: bytes, signature: bytes) -> bool:
        """Return True for a valid signature; False for anything else."""
        try:
            key.verify(signature, message, self._padding, self._hash)
        except (InvalidSignature, ValueError):
            return False
        return True

    def _check_size(self, bits: int) -> None:
        if bits < MIN_RSA_BITS:
            raise InvalidKey(f"{self.name} needs an RSA key of at least 2048 bits, got {bits}")
