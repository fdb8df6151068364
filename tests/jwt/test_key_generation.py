"""Key generation and export (issue 10 preparation): ``SupportsKeyGeneration`` on every algorithm.

Round trips: a generated key, exported and loaded back through the same
algorithm, signs and verifies; a ``Jam`` configured with the exports works;
PyJWT and joserfc accept the exported public keys (PEM and JWK).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import jwt as pyjwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa
from joserfc import jwt as jose_jwt
from joserfc.jwk import JWKRegistry

import jam
from jam.builtin.plugin import jam_register_algorithms as builtin_algorithms
from jam.exceptions import InvalidKey
from jam.protocols import SigningAlgorithm, SupportsKeyGeneration
from jam_jwa.plugin import jam_register_algorithms as jwa_algorithms

RECORDS = {record.name: record for record in [*builtin_algorithms(), *jwa_algorithms()]}
ALL = sorted(RECORDS)
ASYMMETRIC = [name for name in ALL if not name.startswith("HS")]
MESSAGE = b"eyJhbGciOiJ4In0.eyJzdWIiOiIxIn0"


def algorithm(name: str) -> Any:
    return RECORDS[name].factory()


@pytest.fixture(scope="module")
def generated() -> dict[str, Any]:
    """One generated key per algorithm (RSA 3072 is slow: made once)."""
    return {name: algorithm(name).generate_key() for name in ALL}


@pytest.mark.parametrize("name", ALL)
def test_every_first_party_algorithm_supports_key_generation(name: str) -> None:
    alg = algorithm(name)
    assert isinstance(alg, SigningAlgorithm)
    assert isinstance(alg, SupportsKeyGeneration)


def test_generated_keys_have_the_documented_type_and_size(generated: dict[str, Any]) -> None:
    for name, size in (("HS256", 32), ("HS384", 48), ("HS512", 64)):
        secret = generated[name]
        assert isinstance(secret, bytes)
        assert len(secret) >= size  # base64url text of `size` random bytes
        assert secret.decode("ascii").isascii()
    for name in ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512"):
        assert isinstance(generated[name], rsa.RSAPrivateKey)
        assert generated[name].key_size == 3072
        assert generated[name].public_key().public_numbers().e == 65537
    curves = {"ES256": ec.SECP256R1, "ES384": ec.SECP384R1, "ES512": ec.SECP521R1}
    for name, curve in (*curves.items(), ("ES256K", ec.SECP256K1)):
        assert isinstance(generated[name].curve, curve)
    assert isinstance(generated["EdDSA"], ed25519.Ed25519PrivateKey)
    assert isinstance(generated["Ed25519"], ed25519.Ed25519PrivateKey)
    assert isinstance(generated["Ed448"], ed448.Ed448PrivateKey)


@pytest.mark.parametrize("name", ["HS256", "ES256", "EdDSA"])
def test_two_generated_keys_differ(name: str) -> None:
    alg = algorithm(name)
    first, second = alg.generate_key(), alg.generate_key()
    assert alg.export_key(first, private=True, format="jwk") != alg.export_key(
        second, private=True, format="jwk"
    )


def load_export(alg: Any, data: bytes, fmt: str, *, signing: bool) -> Any:
    material = json.loads(data) if fmt == "jwk" else data
    return alg.load_signing_key(material) if signing else alg.load_verifying_key(material)


@pytest.mark.parametrize("fmt", ["pem", "jwk"])
@pytest.mark.parametrize("name", ALL)
def test_exported_keys_load_back_and_sign_and_verify(
    name: str, fmt: str, generated: dict[str, Any]
) -> None:
    alg = algorithm(name)
    key = generated[name]
    signing = load_export(alg, alg.export_key(key, private=True, format=fmt), fmt, signing=True)
    signature = alg.sign(signing, MESSAGE)
    assert alg.verify(alg.public_key_of(key), MESSAGE, signature) is True
    if name.startswith("HS"):
        assert signing == key
        return
    verifying = load_export(alg, alg.export_key(key, private=False, format=fmt), fmt, signing=False)
    assert alg.verify(verifying, MESSAGE, alg.sign(key, MESSAGE)) is True
    assert alg.verify(verifying, MESSAGE, signature) is True
    assert alg.verify(verifying, MESSAGE + b".", signature) is False


@pytest.mark.parametrize("name", ALL)
def test_jwk_exports_carry_kty_alg_and_curve_members(name: str, generated: dict[str, Any]) -> None:
    alg = algorithm(name)
    private = json.loads(alg.export_key(generated[name], private=True, format="jwk"))
    assert private["alg"] == name
    kty = RECORDS[name].key_types[0]
    assert private["kty"] == kty
    expected = {
        "oct": {"kty", "alg", "k"},
        "RSA": {"kty", "alg", "n", "e", "d", "p", "q", "dp", "dq", "qi"},
        "EC": {"kty", "alg", "crv", "x", "y", "d"},
        "OKP": {"kty", "alg", "crv", "x", "d"},
    }[kty]
    assert set(private) == expected
    if RECORDS[name].curves:
        assert private["crv"] in RECORDS[name].curves
    if kty != "oct":
        public = json.loads(alg.export_key(generated[name], private=False, format="jwk"))
        assert set(public) == expected - {"d", "p", "q", "dp", "dq", "qi"}


@pytest.mark.parametrize("name", ASYMMETRIC)
def test_pem_exports_are_pkcs8_and_subject_public_key_info(
    name: str, generated: dict[str, Any]
) -> None:
    alg = algorithm(name)
    assert alg.export_key(generated[name], private=True, format="pem").startswith(
        b"-----BEGIN PRIVATE KEY-----\n"
    )
    assert alg.export_key(generated[name], private=False, format="pem").startswith(
        b"-----BEGIN PUBLIC KEY-----\n"
    )


@pytest.mark.parametrize("fmt", ["pem", "jwk"])
@pytest.mark.parametrize("name", ALL)
def test_a_jam_configured_with_the_exports_round_trips(
    name: str, fmt: str, generated: dict[str, Any], make_jam: Callable[..., jam.Jam]
) -> None:
    alg = algorithm(name)

    def material(private: bool) -> Any:
        data = alg.export_key(generated[name], private=private, format=fmt)
        return json.loads(data) if fmt == "jwk" else data.decode("ascii")

    if name.startswith("HS"):
        signer = verifier = make_jam({"alg": name, "secret_key": material(True)})
    else:
        signer = make_jam({"alg": name, "private_key": material(True)})
        verifier = make_jam({"alg": name, "public_key": material(False)})
    token = signer.jwt_create_token(signer.jwt_make_payload(60, {"sub": "42"}))
    assert verifier.jwt_verify_token(token)["sub"] == "42"


PYJWT = [name for name in ASYMMETRIC if name not in {"Ed25519", "Ed448"}]  # RFC 9864: PyJWT gap


@pytest.mark.parametrize("fmt", ["pem", "jwk"])
@pytest.mark.parametrize("name", PYJWT)
def test_pyjwt_accepts_the_exported_public_keys(
    name: str, fmt: str, generated: dict[str, Any], make_jam: Callable[..., jam.Jam]
) -> None:
    alg = algorithm(name)
    exported = alg.export_key(generated[name], private=False, format=fmt)
    key = pyjwt.PyJWK(json.loads(exported)).key if fmt == "jwk" else exported
    signer = make_jam(
        {"alg": name, "private_key": alg.export_key(generated[name], private=True, format="pem")}
    )
    payload = signer.jwt_make_payload(60, {"sub": "42"})
    assert pyjwt.decode(signer.jwt_create_token(payload), key, algorithms=[name]) == payload


@pytest.mark.filterwarnings("ignore:EdDSA is deprecated")
@pytest.mark.parametrize("fmt", ["pem", "jwk"])
@pytest.mark.parametrize("name", ASYMMETRIC)
def test_joserfc_accepts_the_exported_public_keys(
    name: str, fmt: str, generated: dict[str, Any], make_jam: Callable[..., jam.Jam]
) -> None:
    alg = algorithm(name)
    exported = alg.export_key(generated[name], private=False, format=fmt)
    kty = RECORDS[name].key_types[0]
    key = JWKRegistry.import_key(json.loads(exported) if fmt == "jwk" else exported, kty)
    signer = make_jam(
        {"alg": name, "private_key": alg.export_key(generated[name], private=True, format="pem")}
    )
    payload = signer.jwt_make_payload(60, {"sub": "42"})
    assert (
        jose_jwt.decode(signer.jwt_create_token(payload), key, algorithms=[name]).claims == payload
    )


@pytest.mark.parametrize("name", ["HS256", "HS384", "HS512"])
def test_peers_accept_exported_hmac_secrets(name: str, generated: dict[str, Any]) -> None:
    alg = algorithm(name)
    jwk = json.loads(alg.export_key(generated[name], private=True, format="jwk"))
    text = alg.export_key(generated[name], private=True, format="pem")
    token = pyjwt.encode({"sub": "42"}, text, algorithm=name)
    assert pyjwt.decode(token, pyjwt.PyJWK(jwk).key, algorithms=[name]) == {"sub": "42"}
    oct_key = JWKRegistry.import_key(jwk, "oct")
    assert jose_jwt.decode(token, oct_key, algorithms=[name]).claims == {"sub": "42"}


def test_an_hmac_secret_has_no_public_export(generated: dict[str, Any]) -> None:
    alg = algorithm("HS256")
    for fmt in ("pem", "jwk"):
        with pytest.raises(InvalidKey, match="no public half"):
            alg.export_key(generated["HS256"], private=False, format=fmt)


def test_a_binary_hmac_secret_exports_as_a_jwk_only() -> None:
    alg = algorithm("HS256")
    secret = bytes(range(1, 65))
    assert json.loads(alg.export_key(secret, private=True, format="jwk"))["kty"] == "oct"
    with pytest.raises(InvalidKey, match="JWK"):
        alg.export_key(secret, private=True, format="pem")


@pytest.mark.parametrize("name", ["HS256", "RS256", "ES256", "EdDSA"])
def test_unknown_formats_and_foreign_keys_are_refused(name: str, generated: dict[str, Any]) -> None:
    alg = algorithm(name)
    with pytest.raises(InvalidKey):
        alg.export_key(generated[name], private=True, format="der")
    foreign = generated["ES384" if name != "ES384" else "ES256"]
    with pytest.raises(InvalidKey):
        alg.export_key(foreign, private=True, format="pem")


@pytest.mark.parametrize("name", ["RS256", "ES256", "EdDSA"])
def test_a_public_key_cannot_be_exported_as_private(name: str, generated: dict[str, Any]) -> None:
    alg = algorithm(name)
    public = load_export(
        alg, alg.export_key(generated[name], private=False, format="pem"), "pem", signing=False
    )
    with pytest.raises(InvalidKey, match="private"):
        alg.export_key(public, private=True, format="pem")
    assert alg.export_key(public, private=False, format="pem") == alg.export_key(
        generated[name], private=False, format="pem"
    )
