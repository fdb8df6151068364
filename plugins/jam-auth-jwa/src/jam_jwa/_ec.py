"""ES256, ES384, ES512 (RFC 7518 §3.4) and ES256K (RFC 8812): ECDSA with raw R||S signatures.

ECDSA is malleable: if (r, s) is a valid signature, so is (r, n - s). Jam
signs with the low half only (s <= n/2) and refuses high-S signatures, and r or
s outside 1..n-1, so every message has exactly one accepted signature per
nonce and a token cannot be re-encoded into a second valid token.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

from jam.exceptions import InvalidKey
from jam_jwa._export import export_key
from jam_jwa._jwk import load_private, load_public

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["CURVE_ORDERS", "ECAlgorithm"]

CURVE_ORDERS: dict[str, int] = {
    # Group orders n, published in SEC 2 v2 and FIPS 186-4 Appendix D.
    "secp256r1": int("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16),
    "secp384r1": int(
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
        "C7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973",
        16,
    ),
    "secp521r1": int(
        "01FF" + "FFFFFFFF" * 7 + "FFFFFFFA"
        "51868783BF2F966B7FCC0148F709A5D03BB5C9B8899C47AEBB6FB71E91386409",
        16,
    ),
    "secp256k1": int("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16),
}
"""Order of each curve's base point, by ``cryptography`` curve name."""

_PARAMETERS: dict[str, tuple[type[ec.EllipticCurve], type[hashes.HashAlgorithm]]] = {
    "ES256": (ec.SECP256R1, hashes.SHA256),
    "ES384": (ec.SECP384R1, hashes.SHA384),
    "ES512": (ec.SECP521R1, hashes.SHA512),
    "ES256K": (ec.SECP256K1, hashes.SHA256),
}


class ECAlgorithm:
    """ECDSA on one curve; the JWS signature is R||S, each of the curve's byte size."""

    __slots__ = ("_curve", "_ecdsa", "_half", "_order", "_size", "name")

    def __init__(self, name: str) -> None:
        """Create ``ES256``, ``ES384``, ``ES512`` or ``ES256K``."""
        self.name = name
        curve, hash_type = _PARAMETERS[name]
        self._curve = curve
        self._ecdsa = ec.ECDSA(hash_type())
        instance = curve()
        self._size = (instance.key_size + 7) // 8
        self._order = CURVE_ORDERS[instance.name]
        self._half = self._order // 2

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
        """Sign, normalise to low S, and write fixed-length R||S."""
        r, s = decode_dss_signature(key.sign(message, self._ecdsa))
        if s > self._half:
            s = self._order - s
        return r.to_bytes(self._size, "big") + s.to_bytes(self._size, "big")

    def verify(self, key: ec.EllipticCurvePublicKey, message: bytes, signature: bytes) -> bool:
        """True only for a valid R||S of the right length with 0 < r < n and 0 < s <= n/2."""
        size = self._size
        if len(signature) != 2 * size:
            return False
        r = int.from_bytes(signature[:size], "big")
        s = int.from_bytes(signature[size:], "big")
        if not (0 < r < self._order and 0 < s <= self._half):
            return False
        try:
            key.verify(encode_dss_signature(r, s), message, self._ecdsa)
        except (InvalidSignature, ValueError):
            return False
        return True

    def generate_key(self) -> ec.EllipticCurvePrivateKey:
        """Return a new private key on this algorithm's curve."""
        return ec.generate_private_key(self._curve())

    def export_key(
        self,
        key: ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey,
        *,
        private: bool,
        format: Literal["pem", "jwk"],
    ) -> bytes:
        """Export as PEM (PKCS#8 / SubjectPublicKeyInfo) or as an ``EC`` JWK."""
        if not isinstance(key, ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey):
            raise InvalidKey(f"{self.name} exports EC keys only")
        self._check_curve(key.curve)
        return export_key(key, private=private, format=format, alg=self.name)

    def _check_curve(self, curve: ec.EllipticCurve) -> None:
        if not isinstance(curve, self._curve):
            raise InvalidKey(f"{self.name} needs a key on {self._curve.name}, not {curve.name}")
