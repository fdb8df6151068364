"""Write ``cryptography`` keys as PEM or as JWK JSON (RFC 7517, 7518 §6, 8037 §2).

Used by every algorithm family's ``export_key`` (the optional
`jam.protocols.SupportsKeyGeneration` capability). The family checks the
key's type first; this module only serialises.
"""

from __future__ import annotations

import json
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa

from jam._text import excerpt
from jam.exceptions import InvalidKey
from jam_jwa._jwk import EC_CURVES
from jam_jwa._material import b64url_encode, int_bytes

__all__ = ["export_key"]

_PRIVATE = (
    rsa.RSAPrivateKey,
    ec.EllipticCurvePrivateKey,
    ed25519.Ed25519PrivateKey,
    ed448.Ed448PrivateKey,
)
_CRV = {curve.name: crv for crv, curve in EC_CURVES.items()}


def export_key(key: Any, *, private: bool, format: str, alg: str) -> bytes:
    """Serialise ``key`` (or, with ``private=False``, its public half).

    Args:
        key: A private or public ``cryptography`` key of a type Jam signs with.
        private: Export the private key (refused for a public key).
        format: ``"pem"`` (PKCS#8 or SubjectPublicKeyInfo) or ``"jwk"`` (JSON).
        alg: Written as the JWK ``alg`` member.

    Raises:
        InvalidKey: A private export of a public key, or an unknown format.
    """
    is_private = isinstance(key, _PRIVATE)
    if private and not is_private:
        raise InvalidKey("cannot export a private key from a public key")
    if not private and is_private:
        key = key.public_key()
    if format == "pem":
        if private:
            pem: bytes = key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            return pem
        spki: bytes = key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return spki
    if format == "jwk":
        return json.dumps({**_jwk(key), "alg": alg}, indent=2).encode("ascii")
    raise InvalidKey(f"unknown key export format {excerpt(format)}; use 'pem' or 'jwk'")


def _jwk(key: Any) -> dict[str, str]:
    if isinstance(key, rsa.RSAPrivateKey):
        numbers = key.private_numbers()
        members = {
            "d": numbers.d,
            "p": numbers.p,
            "q": numbers.q,
            "dp": numbers.dmp1,
            "dq": numbers.dmq1,
            "qi": numbers.iqmp,
        }
        return {
            **_jwk(key.public_key()),
            **{name: _b64_int(value) for name, value in members.items()},
        }
    if isinstance(key, rsa.RSAPublicKey):
        public = key.public_numbers()
        return {"kty": "RSA", "n": _b64_int(public.n), "e": _b64_int(public.e)}
    if isinstance(key, ec.EllipticCurvePrivateKey):
        size = (key.curve.key_size + 7) // 8
        return {**_jwk(key.public_key()), "d": _b64_int(key.private_numbers().private_value, size)}
    if isinstance(key, ec.EllipticCurvePublicKey):
        size = (key.curve.key_size + 7) // 8
        point = key.public_numbers()
        return {
            "kty": "EC",
            "crv": _CRV[key.curve.name],
            "x": _b64_int(point.x, size),
            "y": _b64_int(point.y, size),
        }
    if isinstance(key, ed25519.Ed25519PrivateKey | ed448.Ed448PrivateKey):
        return {**_jwk(key.public_key()), "d": b64url_encode(key.private_bytes_raw())}
    crv = "Ed25519" if isinstance(key, ed25519.Ed25519PublicKey) else "Ed448"
    return {"kty": "OKP", "crv": crv, "x": b64url_encode(key.public_bytes_raw())}


def _b64_int(value: int, size: int = 0) -> str:
    """An integer JWK member: minimal big-endian bytes, or exactly ``size`` (EC, RFC 7518 §6.2)."""
    return b64url_encode(int_bytes(value, size))
