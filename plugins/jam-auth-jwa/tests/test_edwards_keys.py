"""Small-order and non-canonical Edwards public keys are refused when loaded (issue 9.2).

With the identity point as an Ed25519 public key, the signature (R = identity,
S = 0) verifies for every message in ``cryptography``. The published small-order
encodings live in ``vectors/edwards-small-order.json``.
"""

from __future__ import annotations

import base64
import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed448, ed25519
from cryptography.x509.oid import NameOID

import jam
from jam.exceptions import InvalidKey
from jam_jwa._edwards import ED25519, _add, _decode

SMALL_ORDER = json.loads(
    (Path(__file__).parent / "vectors" / "edwards-small-order.json").read_text(encoding="utf-8")
)
PUBLIC = {"ed25519": ed25519.Ed25519PublicKey, "ed448": ed448.Ed448PublicKey}
CRV = {"ed25519": "Ed25519", "ed448": "Ed448"}


def encodings(kind: str) -> list[tuple[str, str, bytes]]:
    return [
        (curve, name, bytes.fromhex(value))
        for curve in ("ed25519", "ed448")
        for name, value in SMALL_ORDER[curve][kind].items()
    ]


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def forms(curve: str, raw: bytes) -> dict[str, Any]:
    """The public key ``raw`` as a JWK, PEM, DER and (Ed25519) OpenSSH key."""
    result: dict[str, Any] = {"jwk": {"kty": "OKP", "crv": CRV[curve], "x": b64(raw)}}
    key = PUBLIC[curve].from_public_bytes(raw)  # cryptography accepts every 32/57 bytes
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    result["pem"] = key.public_bytes(serialization.Encoding.PEM, spki)
    result["der"] = key.public_bytes(serialization.Encoding.DER, spki)
    if curve == "ed25519":
        result["openssh"] = key.public_bytes(
            serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
        )
    return result


def test_cryptography_alone_lets_the_identity_key_verify_any_message() -> None:
    """Why the check exists (remove it only if this starts failing everywhere)."""
    identity = bytes.fromhex(SMALL_ORDER["ed25519"]["canonical"]["identity (order 1)"])
    key = ed25519.Ed25519PublicKey.from_public_bytes(identity)
    for message in (b"", b"any payload", b'{"sub":"admin"}'):
        key.verify(identity + bytes(32), message)


@pytest.mark.parametrize(
    ("curve", "name", "raw"), encodings("canonical"), ids=lambda v: str(v)[:24]
)
def test_small_order_public_keys_are_refused_in_every_form(
    curve: str, name: str, raw: bytes, algorithm: Any
) -> None:
    for alg_name in ("EdDSA", CRV[curve]):
        alg = algorithm(alg_name)
        for material in forms(curve, raw).values():
            with pytest.raises(InvalidKey, match="small order"):
                alg.load_verifying_key(material)


@pytest.mark.parametrize(
    ("curve", "name", "raw"), encodings("non_canonical"), ids=lambda v: str(v)[:24]
)
def test_non_canonical_encodings_are_refused(
    curve: str, name: str, raw: bytes, algorithm: Any
) -> None:
    alg = algorithm("EdDSA")
    with pytest.raises(InvalidKey, match=r"canonical|not a point"):
        alg.load_verifying_key({"kty": "OKP", "crv": CRV[curve], "x": b64(raw)})
    pem = (
        PUBLIC[curve]
        .from_public_bytes(raw)
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    with pytest.raises(InvalidKey, match=r"canonical|not a point"):
        alg.load_verifying_key(pem)


def test_a_key_with_a_small_order_component_is_refused(algorithm: Any) -> None:
    """A real key plus a point of order 8 is on the curve and not of small order, yet not a*B."""
    real = ed25519.Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    torsion = bytes.fromhex(SMALL_ORDER["ed25519"]["canonical"]["order 8 (a)"])
    x, y, z, _ = _add(ED25519, _decode(ED25519, real), _decode(ED25519, torsion))
    p = ED25519.p
    x, y = x * pow(z, -1, p) % p, y * pow(z, -1, p) % p
    mixed = (y | (x & 1) << 255).to_bytes(32, "little")
    with pytest.raises(InvalidKey, match="small-order component"):
        algorithm("EdDSA").load_verifying_key({"kty": "OKP", "crv": "Ed25519", "x": b64(mixed)})


def test_a_certificate_for_a_small_order_key_is_refused(
    algorithm: Any, private_keys: dict[str, Any]
) -> None:
    identity = bytes.fromhex(SMALL_ORDER["ed25519"]["canonical"]["identity (order 1)"])
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "small order")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(ed25519.Ed25519PublicKey.from_public_bytes(identity))
        .serial_number(7)
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(private_keys["Ed25519"], None)
    )
    with pytest.raises(InvalidKey, match="small order"):
        algorithm("EdDSA").load_verifying_key(certificate.public_bytes(serialization.Encoding.PEM))


@pytest.mark.parametrize("curve", ["ed25519", "ed448"])
def test_a_jam_with_a_small_order_public_key_is_never_built(curve: str) -> None:
    """Before the check, this Jam accepted a forged token for any claims."""
    identity = bytes.fromhex(SMALL_ORDER[curve]["canonical"]["identity (order 1)"])
    jwk = {"kty": "OKP", "crv": CRV[curve], "x": b64(identity)}
    with pytest.raises(InvalidKey, match="small order"):
        jam.Jam(config={"jwt": {"alg": "EdDSA", "public_key": jwk}})


@pytest.mark.parametrize(
    ("family", "alg_name"), [("Ed25519", "EdDSA"), ("Ed448", "EdDSA"), ("Ed448", "Ed448")]
)
def test_real_keys_are_accepted(family: str, alg_name: str, algorithm: Any) -> None:
    generate = ed25519.Ed25519PrivateKey if family == "Ed25519" else ed448.Ed448PrivateKey
    alg = algorithm(alg_name)
    for _ in range(16):
        private = generate.generate()
        raw = private.public_key().public_bytes_raw()
        key = alg.load_verifying_key({"kty": "OKP", "crv": family, "x": b64(raw)})
        assert alg.verify(key, b"m", private.sign(b"m")) is True
