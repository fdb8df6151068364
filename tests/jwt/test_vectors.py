"""RFC known-answer tokens through the public API (``Jam.jwt_verify_token``)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import pytest

import jam
from jam.builtin.plugin import jam_register_algorithms as builtin_algorithms
from jam.exceptions import AlgorithmNotAllowed, InvalidSignature, JamError, MalformedToken
from jam_jwa.plugin import jam_register_algorithms as jwa_algorithms

RFC7515_CLAIMS = {"iss": "joe", "exp": 1300819380, "http://example.com/is_root": True}


def public_jwk(jwk: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in jwk.items() if k not in {"d", "p", "q", "dp", "dq", "qi"}}


def b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def plugin_algorithm(name: str) -> Any:
    records = [*builtin_algorithms(), *jwa_algorithms()]
    return next(r for r in records if r.name == name).factory()


def test_rfc7515_a1_hs256_verifies_with_the_jwk_as_secret(
    vectors: dict[str, Any], make_jam: Callable[..., jam.Jam]
) -> None:
    vector = vectors["rfc7515_a1_hs256"]
    j = make_jam({"alg": "HS256", "secret_key": vector["jwk"]})
    assert j.jwt_verify_token(vector["compact"], check_exp=False) == RFC7515_CLAIMS


def test_rfc7515_a1_is_expired_when_exp_is_checked(
    vectors: dict[str, Any], make_jam: Callable[..., jam.Jam]
) -> None:
    vector = vectors["rfc7515_a1_hs256"]
    j = make_jam({"alg": "HS256", "secret_key": vector["jwk"]})
    with pytest.raises(jam.TokenLifeTimeExpired):
        j.jwt_verify_token(vector["compact"])


@pytest.mark.parametrize("field", ["public_key", "private_key"])
def test_rfc7515_a2_rs256_verifies_with_the_rsa_jwk(
    field: str, vectors: dict[str, Any], make_jam: Callable[..., jam.Jam]
) -> None:
    vector = vectors["rfc7515_a2_rs256"]
    jwk = public_jwk(vector["jwk"]) if field == "public_key" else vector["jwk"]
    j = make_jam({"alg": "RS256", field: jwk})
    assert j.jwt_verify_token(vector["compact"], check_exp=False) == RFC7515_CLAIMS


def test_rfc7515_a2_resigning_with_the_private_jwk_reproduces_the_signature(
    vectors: dict[str, Any], make_jam: Callable[..., jam.Jam]
) -> None:
    """PKCS#1 v1.5 is deterministic: the engine's signer must give the RFC's bytes."""
    vector = vectors["rfc7515_a2_rs256"]
    j = make_jam({"alg": "RS256", "private_key": vector["jwk"]})
    header, payload, signature = vector["compact"].split(".")
    engine = j.jwt
    assert engine is not None
    signer = engine.keyring.signer
    assert signer is not None
    assert signer.alg == "RS256"
    assert signer.sign(signer.key, f"{header}.{payload}".encode("ascii")) == b64d(signature)


@pytest.mark.parametrize("field", ["public_key", "private_key"])
def test_rfc7515_a3_es256_high_s_signature_is_refused_and_its_low_s_twin_verifies(
    field: str,
    vectors: dict[str, Any],
    make_jam: Callable[..., jam.Jam],
    both_s_forms: Callable[[str], tuple[str, str]],
) -> None:
    """The RFC's example happens to carry a high S; Jam accepts only the low-S form (issue 9)."""
    vector = vectors["rfc7515_a3_es256"]
    jwk = public_jwk(vector["jwk"]) if field == "public_key" else vector["jwk"]
    j = make_jam({"alg": "ES256", field: jwk})
    low, high = both_s_forms(vector["compact"])
    assert high == vector["compact"]
    with pytest.raises(InvalidSignature):
        j.jwt_verify_token(vector["compact"], check_exp=False)
    assert j.jwt_verify_token(low, check_exp=False) == RFC7515_CLAIMS


def test_rfc7515_tampered_vectors_are_rejected(
    vectors: dict[str, Any], make_jam: Callable[..., jam.Jam]
) -> None:
    for name, alg, field in (
        ("rfc7515_a1_hs256", "HS256", "secret_key"),
        ("rfc7515_a2_rs256", "RS256", "public_key"),
        ("rfc7515_a3_es256", "ES256", "public_key"),
    ):
        vector = vectors[name]
        j = make_jam({"alg": alg, field: vector["jwk"]})
        header, _payload, signature = vector["compact"].split(".")
        other = base64.urlsafe_b64encode(b'{"iss":"eve","exp":1300819380}').rstrip(b"=")
        with pytest.raises(jam.InvalidSignature):
            j.jwt_verify_token(f"{header}.{other.decode()}.{signature}", check_exp=False)


def test_rfc8037_a4_ed25519_signature_verifies_through_the_plugin(
    vectors: dict[str, Any],
) -> None:
    vector = vectors["rfc8037_a4_ed25519"]
    eddsa = plugin_algorithm("EdDSA")
    header, payload, signature = vector["compact"].split(".")
    key = eddsa.load_verifying_key(public_jwk(vector["jwk"]))
    assert eddsa.verify(key, f"{header}.{payload}".encode(), b64d(signature)) is True
    assert b64d(payload).decode("utf-8") == vector["payload_utf8"]


def test_rfc8037_a4_ed25519_signing_reproduces_the_signature(vectors: dict[str, Any]) -> None:
    vector = vectors["rfc8037_a4_ed25519"]
    eddsa = plugin_algorithm("EdDSA")
    header, payload, signature = vector["compact"].split(".")
    key = eddsa.load_signing_key(vector["jwk"])
    assert eddsa.sign(key, f"{header}.{payload}".encode()) == b64d(signature)


def test_rfc7520_4_4_hs256_signature_verifies_through_the_builtin_plugin(
    vectors: dict[str, Any],
) -> None:
    vector = vectors["rfc7520_4_4_hs256"]
    hs256 = plugin_algorithm("HS256")
    header, payload, signature = vector["compact"].split(".")
    key = hs256.load_verifying_key(vector["jwk"])
    assert hs256.verify(key, f"{header}.{payload}".encode(), b64d(signature)) is True
    assert b64d(payload).decode("utf-8") == vector["payload_utf8"]


@pytest.mark.parametrize(
    ("name", "alg", "field"),
    [
        ("rfc8037_a4_ed25519", "EdDSA", "private_key"),
        ("rfc8037_a4_ed25519", "EdDSA", "public_key"),
        ("rfc7520_4_4_hs256", "HS256", "secret_key"),
    ],
)
def test_plain_text_payload_vectors_are_rejected_by_jwt_verify_token(
    name: str, alg: str, field: str, vectors: dict[str, Any], make_jam: Callable[..., jam.Jam]
) -> None:
    """Their signatures are valid, but a JWT needs a JSON claim set: typed MalformedToken."""
    vector = vectors[name]
    key = vector["jwk"] if field != "public_key" else public_jwk(vector["jwk"])
    j = make_jam({"alg": alg, field: key})
    with pytest.raises(MalformedToken) as info:
        j.jwt_verify_token(vector["compact"], check_exp=False)
    assert isinstance(info.value, ValueError)
    assert "claim set" in str(info.value) or "JSON" in str(info.value)


@pytest.mark.parametrize(
    ("alg", "field", "source"),
    [
        ("HS256", "secret_key", "rfc7515_a1_hs256"),
        ("RS256", "public_key", "rfc7515_a2_rs256"),
        ("ES256", "public_key", "rfc7515_a3_es256"),
    ],
)
def test_rfc7515_a5_unsecured_token_is_rejected(
    alg: str,
    field: str,
    source: str,
    vectors: dict[str, Any],
    make_jam: Callable[..., jam.Jam],
) -> None:
    j = make_jam({"alg": alg, field: vectors[source]["jwk"]})
    with pytest.raises(AlgorithmNotAllowed) as info:
        j.jwt_verify_token(vectors["rfc7515_a5_unsecured"]["compact"], check_exp=False)
    assert isinstance(info.value, JamError)
    assert isinstance(info.value, ValueError)
