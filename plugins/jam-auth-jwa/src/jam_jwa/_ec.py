"""ES256, ES384, ES512 (RFC 7518 §3.4) and ES256K (RFC 8812): ECDSA with raw R||S signatures."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

from jam.exceptions import InvalidKey
from jam_jwa._jwk import load_private, load_public

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["ECAlgorithm"]

_PARAMETERS: dict[str, tuple[type[ec.EllipticCurve], type[hashes.HashAlgorithm]]] = {
    "ES256": (ec.SECP256R1, hashes.SHA256),
    "ES384": (ec.SECP384R1, hashes.SHA384),
    "ES512": (ec.SECP521R1, hashes.SHA512),
    "ES256K": (ec.SECP256K1, hashes.SHA256),
}


class ECAlgorithm:
    """ECDSA on one curve; the JWS signature is R||S, each of the curve's byte size."""

    __slots__ = ("_curve", "_ecdsa", "_size", "name")

    def __init__(self, name: str) -> None:
        """Create ``ES256``, ``ES384``, ``ES512`` or ``ES256K``."""
        self.name = name
        curve, hash_type = _PARAMETERS[name]
        self._curve = curve
        self._ecdsa = ec.ECDSA(hash_type())
        self._size = (curve().key_size + 7) // 8

    def load_signing_key(self, material: bytes | Mapping[str, Any]) -> ec.EllipticCurvePrivateKey:
        """Load a private key on this algorithm's curve."""
        key = load_private(material)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise InvalidKey(f"{self.name} needs an EC private key")
        self._check_curve(key.curve)
        return key

    def load_verifying_key(self, material: bytes | Mapping[str, Any]) -> ec.EllipticCurvePublicKey:
        """Load a public key on this algorithm's curve."""
        key = load_public(material)
        if not isinstance(key, ec.EllipticCurvePublicKey):
            raise InvalidKey(f"{self.name} needs an EC public key")
        self._check_curve(key.curve)
        return key

    def public_key_of(self, signing_key: ec.EllipticCurvePrivateKey) -> ec.EllipticCurvePublicKey:
        """Derive the public key."""
        return signing_key.public_key()

    def sign(self, key: ec.EllipticCurvePrivateKey, message: bytes) -> bytes:
        """Sign and convert the DER signature to fixed-length R||S."""
        r, s = decode_dss_signature(key.sign(message, self._ecdsa))
        return r.to_bytes(self._size, "big") + s.to_bytes(self._size, "big")

    def verify(self, key: ec.EllipticCurvePublicKey, message: bytes, signature: bytes) -> bool:
        """Return True for a valid R||S signature of exactly the right length."""
        size = self._size
        if len(signature) != 2 * size:
            return False
        der = encode_dss_signature(
            int.from_bytes(signature[:size], "big"), int.from_bytes(signature[size:], "big")
        )
        try:
            key.verify(der, message, self._ecdsa)
        except (InvalidSignature, ValueError):
            return False
        return True

    def _check_curve(self, curve: ec.EllipticCurve) -> None:
        if not isinstance(curve, self._curve):
            raise InvalidKey(f"{self.name} needs a key on {self._curve.name}, not {curve.name}")
