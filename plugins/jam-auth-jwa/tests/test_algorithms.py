"""Each algorithm family: registration metadata, signatures, and the key checks it enforces."""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from jam.exceptions import InvalidKey, JamError

ALL = [
    "RS256", "RS384", "RS512",
    "PS256", "PS384", "PS512",
    "ES256", "ES384", "ES512", "ES256K",
    "EdDSA", "Ed25519", "Ed448",
]  # fmt: skip

ASYMMETRIC = {
    "RS256": "RSA", "RS384": "RSA", "RS512": "RSA",
    "PS256": "RSA", "PS384": "RSA", "PS512": "RSA",
    "ES256": "P-256", "ES384": "P-384", "ES512": "P-521", "ES256K": "secp256k1",
    "EdDSA": "Ed25519", "Ed25519": "Ed25519", "Ed448": "Ed448",
}  # fmt: skip

EC_SIZES = {"ES256": 32, "ES384": 48, "ES512": 66, "ES256K": 32}

MESSAGE = b"eyJhbGciOiJ4In0.eyJzdWIiOiIxIn0"


def pem_public(key: Any) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def pem_private(key: Any) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def test_plugin_registers_every_asymmetric_jose_algorithm_and_never_none(
    records: dict[str, Any],
) -> None:
    """HS* live in the kernel's built-in plugin (issue 8): registering them here would conflict."""
    assert sorted(records) == sorted(ALL)
    assert not any(name.lower() == "none" or name.startswith("HS") for name in records)


def test_records_carry_key_types_and_security_metadata(records: dict[str, Any]) -> None:
    assert records["PS512"].key_types == ("RSA",)
    assert records["ES256"].curves == ("P-256",)
    assert records["ES256K"].recommended is False
    assert set(records["EdDSA"].curves) == {"Ed25519", "Ed448"}
    assert all(record.api_version == 1 for record in records.values())


@pytest.mark.parametrize("name", sorted(ASYMMETRIC))
def test_asymmetric_sign_then_verify_round_trips(
    name: str, algorithm: Any, private_keys: dict[str, Any]
) -> None:
    alg = algorithm(name)
    key = private_keys[ASYMMETRIC[name]]
    signing = alg.load_signing_key(pem_private(key))
    verifying = alg.load_verifying_key(pem_public(key))
    signature = alg.sign(signing, MESSAGE)
    assert alg.verify(verifying, MESSAGE, signature) is True
    assert alg.verify(alg.public_key_of(signing), MESSAGE, signature) is True
    assert alg.verify(verifying, MESSAGE + b".", signature) is False


@pytest.mark.parametrize("name", sorted(ALL))
def test_verify_returns_false_for_garbage_signatures_and_never_raises(
    name: str, algorithm: Any, private_keys: dict[str, Any]
) -> None:
    alg = algorithm(name)
    key = alg.load_verifying_key(pem_public(private_keys[ASYMMETRIC[name]]))
    for size in (0, 1, 31, 32, 63, 64, 65, 66, 96, 114, 132, 256, 512, 4096):
        assert alg.verify(key, MESSAGE, bytes(size)) is False
        assert alg.verify(key, MESSAGE, b"\xff" * size) is False


@pytest.mark.parametrize("name", sorted(EC_SIZES))
def test_ecdsa_signature_is_fixed_length_r_s(
    name: str, algorithm: Any, private_keys: dict[str, Any]
) -> None:
    alg = algorithm(name)
    key = alg.load_signing_key(pem_private(private_keys[ASYMMETRIC[name]]))
    for _ in range(8):  # short R or S values must still be left-padded
        assert len(alg.sign(key, MESSAGE)) == 2 * EC_SIZES[name]


@pytest.mark.parametrize("name", sorted(EC_SIZES))
def test_ecdsa_rejects_wrong_length_and_der_signatures(
    name: str, algorithm: Any, private_keys: dict[str, Any]
) -> None:
    alg = algorithm(name)
    private = private_keys[ASYMMETRIC[name]]
    public = alg.load_verifying_key(pem_public(private))
    good = alg.sign(alg.load_signing_key(pem_private(private)), MESSAGE)
    size = EC_SIZES[name]
    assert alg.verify(public, MESSAGE, good) is True
    assert alg.verify(public, MESSAGE, good[:-1]) is False
    assert alg.verify(public, MESSAGE, good + b"\0") is False
    assert alg.verify(public, MESSAGE, b"\0" + good) is False
    hash_alg = {"ES384": hashes.SHA384(), "ES512": hashes.SHA512()}.get(name, hashes.SHA256())
    der = private.sign(MESSAGE, ec.ECDSA(hash_alg))
    assert decode_dss_signature(der)  # a valid DER signature of the same message...
    assert len(der) != 2 * size or der[0] == 0x30
    assert alg.verify(public, MESSAGE, der) is False  # ...is not a JWS signature
    zero = bytes(2 * size)
    assert alg.verify(public, MESSAGE, zero) is False


@pytest.mark.parametrize("name", ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"])
def test_rsa_keys_shorter_than_2048_bits_are_refused(name: str, algorithm: Any) -> None:
    small = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505  (the weak key under test)
    alg = algorithm(name)
    with pytest.raises(InvalidKey, match="2048"):
        alg.load_signing_key(pem_private(small))
    with pytest.raises(InvalidKey, match="2048"):
        alg.load_verifying_key(pem_public(small))


def test_rs256_and_ps256_signatures_are_not_interchangeable(
    algorithm: Any, private_keys: dict[str, Any]
) -> None:
    rs, ps = algorithm("RS256"), algorithm("PS256")
    key = private_keys["RSA"]
    signature = rs.sign(rs.load_signing_key(pem_private(key)), MESSAGE)
    assert ps.verify(ps.load_verifying_key(pem_public(key)), MESSAGE, signature) is False


@pytest.mark.parametrize(
    ("name", "family"),
    [("ES256", "P-384"), ("ES384", "P-256"), ("ES512", "P-256"), ("ES256K", "P-256"),
     ("ES256", "secp256k1"), ("ES256", "RSA"), ("RS256", "P-256"), ("EdDSA", "P-256"),
     ("Ed25519", "Ed448"), ("Ed448", "Ed25519"), ("PS256", "Ed25519")],
)  # fmt: skip
def test_keys_of_the_wrong_type_or_curve_are_refused(
    name: str, family: str, algorithm: Any, private_keys: dict[str, Any]
) -> None:
    alg = algorithm(name)
    key = private_keys[family]
    with pytest.raises(InvalidKey):
        alg.load_signing_key(pem_private(key))
    with pytest.raises(InvalidKey):
        alg.load_verifying_key(pem_public(key))


def test_eddsa_accepts_both_edwards_curves(algorithm: Any, private_keys: dict[str, Any]) -> None:
    eddsa = algorithm("EdDSA")
    for family, size in (("Ed25519", 64), ("Ed448", 114)):
        key = eddsa.load_signing_key(pem_private(private_keys[family]))
        signature = eddsa.sign(key, MESSAGE)
        assert len(signature) == size
        assert eddsa.verify(
            eddsa.load_verifying_key(pem_public(private_keys[family])), MESSAGE, signature
        )


@pytest.mark.parametrize(
    "material",
    [b"not a key", b"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
     b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", b"\x30\x03\x02\x01\x01",
     b"ssh-rsa AAAA", {"kty": "RSA"}, {"kty": "EC", "crv": "P-999", "x": "AA", "y": "AA"},
     {"kty": "OKP", "crv": "X25519", "x": "AA"},
     {"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA"},
     {"kty": "RSA", "n": "!!!", "e": "AQAB"}],
)  # fmt: skip
def test_unreadable_public_material_raises_invalid_key(material: Any, algorithm: Any) -> None:
    for name in ("RS256", "ES256", "EdDSA"):
        with pytest.raises(InvalidKey) as info:
            algorithm(name).load_verifying_key(material)
        assert isinstance(info.value, JamError)


def test_encrypted_private_key_is_refused_with_advice(
    algorithm: Any, private_keys: dict[str, Any]
) -> None:
    encrypted = private_keys["P-256"].private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"passphrase"),
    )
    with pytest.raises(InvalidKey, match="encrypted"):
        algorithm("ES256").load_signing_key(encrypted)


def test_public_key_is_not_accepted_as_signing_key(
    algorithm: Any, private_keys: dict[str, Any]
) -> None:
    with pytest.raises(InvalidKey):
        algorithm("RS256").load_signing_key(pem_public(private_keys["RSA"]))


def test_private_key_pem_as_verifying_key_yields_its_public_half(
    algorithm: Any, private_keys: dict[str, Any]
) -> None:
    es = algorithm("ES256")
    key = private_keys["P-256"]
    verifying = es.load_verifying_key(pem_private(key))
    assert verifying.public_numbers() == key.public_key().public_numbers()


def test_ec_jwk_whose_d_does_not_match_x_y_is_refused(
    vectors: dict[str, Any], algorithm: Any
) -> None:
    jwk = dict(vectors["rfc7515_a3_es256"]["jwk"])
    jwk["d"] = "AQ" + jwk["d"][2:]
    with pytest.raises(InvalidKey, match="does not match"):
        algorithm("ES256").load_signing_key(jwk)


def test_okp_jwk_whose_d_does_not_match_x_is_refused(
    vectors: dict[str, Any], algorithm: Any
) -> None:
    jwk = dict(vectors["rfc8037_a4_ed25519"]["jwk"])
    jwk["x"] = vectors["rfc7515_a3_es256"]["jwk"]["x"]
    with pytest.raises(InvalidKey, match="does not match"):
        algorithm("EdDSA").load_signing_key(jwk)


@pytest.mark.parametrize("x", ["11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo", "11qYAYKx Crf", "A"])
def test_jwk_members_must_be_base64url(x: str, vectors: dict[str, Any], algorithm: Any) -> None:
    """Characters outside the base64url alphabet used to be skipped silently by the decoder."""
    jwk = {**vectors["rfc8037_a4_ed25519"]["jwk"], "x": x}
    jwk.pop("d")
    with pytest.raises(InvalidKey, match="base64url"):
        algorithm("EdDSA").load_verifying_key(jwk)
