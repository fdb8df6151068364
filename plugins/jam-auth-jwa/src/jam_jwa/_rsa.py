"""RS256/384/512 (RSASSA-PKCS1-v1_5) and PS256/384/512 (RSASSA-PSS), RFC 7518 §3.3 and §3.5.

A signature is accepted only in its one canonical form (RFC 8017 §8.1.2,
§8.2.2): exactly as many bytes as the modulus, and an integer below the
modulus. OpenSSL alone accepts a PSS signature with its leading zero bytes
stripped, so the length is checked here, before OpenSSL sees it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from jam.exceptions import InvalidKey
from jam_jwa._export import export_key
from jam_jwa._jwk import load_private, load_public

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["GENERATED_RSA_BITS", "MIN_RSA_BITS", "RSAAlgorithm", "RSAVerifyingKey"]

MIN_RSA_BITS = 2048
"""RFC 7518 §3.3: keys of 2048 bits or larger MUST be used."""

GENERATED_RSA_BITS = 3072
"""Size of keys made by `RSAAlgorithm.generate_key` (128-bit security)."""

_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "256": hashes.SHA256,
    "384": hashes.SHA384,
    "512": hashes.SHA512,
}


@dataclass(frozen=True, slots=True)
class RSAVerifyingKey:
    """A loaded RSA public key with its modulus as bytes, for the canonical-form check.

    Attributes:
        key: The public key.
        modulus: The modulus, big-endian, exactly as long as a signature.
    """

    key: rsa.RSAPublicKey
    modulus: bytes

    @classmethod
    def of(cls, key: rsa.RSAPublicKey) -> RSAVerifyingKey:
        """Wrap ``key``."""
        n = key.public_numbers().n
        return cls(key, n.to_bytes((key.key_size + 7) // 8, "big"))


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

    def load_verifying_key(self, material: bytes | Mapping[str, Any]) -> RSAVerifyingKey:
        """Load an RSA public key (PEM, DER, SSH, certificate or JWK)."""
        key = load_public(material)
        if not isinstance(key, rsa.RSAPublicKey):
            raise InvalidKey(f"{self.name} needs an RSA public key")
        self._check_size(key.key_size)
        return RSAVerifyingKey.of(key)

    def public_key_of(self, signing_key: rsa.RSAPrivateKey) -> RSAVerifyingKey:
        """Derive the public key."""
        return RSAVerifyingKey.of(signing_key.public_key())

    def sign(self, key: rsa.RSAPrivateKey, message: bytes) -> bytes:
        """Sign ``message``."""
        return key.sign(message, self._padding, self._hash)

    def verify(self, key: RSAVerifyingKey, message: bytes, signature: bytes) -> bool:
        """Return True for a valid signature in canonical form; False for anything else."""
        # Same length, so bytes order is integer order: the signature must be < n.
        if len(signature) != len(key.modulus) or signature >= key.modulus:
            return False
        try:
            key.key.verify(signature, message, self._padding, self._hash)
        except (InvalidSignature, ValueError):
            return False
        return True

    def generate_key(self) -> rsa.RSAPrivateKey:
        """Return a new 3072-bit private key (public exponent 65537)."""
        return rsa.generate_private_key(public_exponent=65537, key_size=GENERATED_RSA_BITS)

    def export_key(
        self,
        key: rsa.RSAPrivateKey | rsa.RSAPublicKey | RSAVerifyingKey,
        *,
        private: bool,
        format: Literal["pem", "jwk"],
    ) -> bytes:
        """Export as PEM (PKCS#8 / SubjectPublicKeyInfo) or as an ``RSA`` JWK."""
        if isinstance(key, RSAVerifyingKey):
            key = key.key
        if not isinstance(key, rsa.RSAPrivateKey | rsa.RSAPublicKey):
            raise InvalidKey(f"{self.name} exports RSA keys only")
        return export_key(key, private=private, format=format, alg=self.name)

    def _check_size(self, bits: int) -> None:
        if bits < MIN_RSA_BITS:
            raise InvalidKey(f"{self.name} needs an RSA key of at least 2048 bits, got {bits}")
