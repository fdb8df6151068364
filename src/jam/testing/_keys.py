"""Key material for `SigningAlgorithmContract`: generated, and foreign.

Two things the algorithm suite needs and a plugin author should not have to
write: key pairs made with the algorithm's own ``generate_key``/``export_key``
(when it has them), and key material of *other* families that the algorithm
must refuse (RSA, EC on each curve, Edwards and Montgomery curves, ``oct``
JWKs, raw secrets). Both are cached for the process: RSA key generation is
slow, and the same material serves every test of a suite.

Imports ``cryptography`` (a dependency of ``jam-auth``) only when called.
"""

from __future__ import annotations

import functools
import json
import secrets
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pytest

from jam.protocols import SupportsKeyGeneration

if TYPE_CHECKING:
    from jam.plugins import AlgorithmRecord
    from jam.protocols import KeyMaterial, SigningAlgorithm

__all__ = ["KeyPair", "foreign_material", "generated_pair", "is_symmetric", "parse_jwk"]

KeyPair = tuple["KeyMaterial", "KeyMaterial"]
"""``(signing material, verifying material)``, as the configuration would hold them."""

_GENERATED: dict[tuple[str, str, str, int], KeyPair] = {}

EC_CURVES = ("P-256", "P-384", "P-521", "secp256k1")
"""JWK ``crv`` names of the EC curves foreign material is made on."""
OKP_CURVES = ("Ed25519", "Ed448", "X25519", "X448")
"""JWK ``crv`` names of the OKP curves foreign material is made on."""


def is_symmetric(record: AlgorithmRecord) -> bool:
    """True for MAC algorithms (``oct`` keys): one secret signs and verifies."""
    return "oct" in record.key_types


def generated_pair(record: AlgorithmRecord, algorithm: SigningAlgorithm, index: int) -> KeyPair:
    """Return key pair number ``index`` made with the algorithm's own key generation.

    The signing half is the private export (PEM); the verifying half is the
    public export (PEM), or the same secret for MAC algorithms.

    Raises:
        pytest.fail.Exception: The algorithm cannot make keys; the message
            says which fixtures to provide instead.
    """
    if not isinstance(algorithm, SupportsKeyGeneration):
        pytest.fail(
            f"{record.name} has no generate_key/export_key (jam.protocols.SupportsKeyGeneration): "
            "provide the key_material and other_key_material fixtures, each a "
            "(signing material, verifying material) pair",
            pytrace=False,
        )
    owner = type(algorithm)
    cache_key = (record.name, owner.__module__, owner.__qualname__, index)
    if cache_key not in _GENERATED:
        key = algorithm.generate_key()
        signing = algorithm.export_key(key, private=True, format="pem")
        verifying = (
            signing
            if is_symmetric(record)
            else algorithm.export_key(key, private=False, format="pem")
        )
        _GENERATED[cache_key] = (signing, verifying)
    return _GENERATED[cache_key]


def foreign_material(record: AlgorithmRecord) -> dict[str, KeyMaterial]:
    """Key material of families and curves ``record`` does not accept, by description.

    For a MAC algorithm: JWKs of every asymmetric family (whether a PEM file
    may be an HMAC secret is the kernel's key-confusion guard, not the
    plugin's). For an asymmetric one: private and public PEM and JWKs of every
    other family and curve, an ``oct`` JWK, and a raw random secret.
    """
    accepted_types = set(record.key_types)
    accepted_curves = set(record.curves)
    found: dict[str, KeyMaterial] = {}
    for label, (kty, crv, private_pem, public_pem, jwk) in _catalogue().items():
        if kty in accepted_types and (not accepted_curves or crv in accepted_curves or not crv):
            continue
        found[f"{label} JWK"] = jwk
        if not is_symmetric(record):
            found[f"{label} private PEM"] = private_pem
            found[f"{label} public PEM"] = public_pem
    if "oct" not in accepted_types:
        found["oct JWK"] = {"kty": "oct", "k": _b64(secrets.token_bytes(32))}
        found["raw 32-byte secret"] = secrets.token_bytes(32)
    return found


_Entry = tuple[str, str, bytes, bytes, Mapping[str, Any]]


@functools.cache
def _catalogue() -> dict[str, _Entry]:
    """One key of every family and curve: ``(kty, crv, private PEM, public PEM, public JWK)``."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa, x448, x25519

    curves = {
        "P-256": ec.SECP256R1(),
        "P-384": ec.SECP384R1(),
        "P-521": ec.SECP521R1(),
        "secp256k1": ec.SECP256K1(),
    }
    keys: dict[str, tuple[str, str, Any]] = {
        "RSA-2048": ("RSA", "", rsa.generate_private_key(public_exponent=65537, key_size=2048)),
        **{f"EC {crv}": ("EC", crv, ec.generate_private_key(c)) for crv, c in curves.items()},
        "Ed25519": ("OKP", "Ed25519", ed25519.Ed25519PrivateKey.generate()),
        "Ed448": ("OKP", "Ed448", ed448.Ed448PrivateKey.generate()),
        "X25519": ("OKP", "X25519", x25519.X25519PrivateKey.generate()),
        "X448": ("OKP", "X448", x448.X448PrivateKey.generate()),
    }
    found: dict[str, _Entry] = {}
    for label, (kty, crv, key) in keys.items():
        private_pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        public_pem = key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        found[label] = (kty, crv, private_pem, public_pem, _public_jwk(kty, crv, key))
    return found


def _public_jwk(kty: str, crv: str, key: Any) -> dict[str, str]:
    public = key.public_key()
    if kty == "RSA":
        numbers = public.public_numbers()
        return {"kty": "RSA", "n": _b64_int(numbers.n), "e": _b64_int(numbers.e)}
    if kty == "EC":
        numbers = public.public_numbers()
        size = (public.curve.key_size + 7) // 8
        return {
            "kty": "EC",
            "crv": crv,
            "x": _b64(numbers.x.to_bytes(size, "big")),
            "y": _b64(numbers.y.to_bytes(size, "big")),
        }
    return {"kty": "OKP", "crv": crv, "x": _b64(public.public_bytes_raw())}


def _b64(data: bytes) -> str:
    import base64

    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64_int(value: int) -> str:
    return _b64(value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big"))


def parse_jwk(exported: bytes) -> dict[str, Any]:
    """Read an ``export_key(..., format="jwk")`` result back into a mapping."""
    value = json.loads(exported)
    assert isinstance(value, dict), "export_key(format='jwk') must write a JSON object"  # noqa: S101
    return value
