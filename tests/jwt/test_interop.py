"""Interoperability with PyJWT and joserfc, both directions, for every algorithm.

Peer gaps are explicit in the parameter lists below, never skipped silently:

* PyJWT has no RFC 9864 fully-specified names (``Ed25519``/``Ed448`` as ``alg``); it signs
  both curves as ``EdDSA``, which is covered.
* joserfc supports every algorithm, but the non-recommended ones (``ES256K``, ``EdDSA``...)
  must be listed in ``algorithms=`` explicitly; the tests always do.
* Neither peer normalises ECDSA signatures to low S, and Jam refuses high-S signatures
  (malleability), so about half of their ES* tokens are refused. Peer ES* tokens are fed to
  Jam in both forms: the low-S twin verifies, the high-S twin is refused.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import jwt as pyjwt
import pytest
from joserfc import jwt as jose_jwt
from joserfc.jwk import ECKey, OctKey, OKPKey, RSAKey

import jam
from jam.exceptions import InvalidSignature

# (alg, key family): every algorithm, with EdDSA on both curves.
COMMON = [
    ("HS256", "oct"), ("HS384", "oct"), ("HS512", "oct"),
    ("RS256", "RSA"), ("RS384", "RSA"), ("RS512", "RSA"),
    ("PS256", "RSA"), ("PS384", "RSA"), ("PS512", "RSA"),
    ("ES256", "P-256"), ("ES384", "P-384"), ("ES512", "P-521"), ("ES256K", "secp256k1"),
    ("EdDSA", "Ed25519"), ("EdDSA", "Ed448"),
]  # fmt: skip
PYJWT_CASES = COMMON
JOSERFC_CASES = [*COMMON, ("Ed25519", "Ed25519"), ("Ed448", "Ed448")]
"""RFC 9864 names: joserfc only (PyJWT gap)."""


def jam_for(make_jam: Callable[..., jam.Jam], keys: Any, alg: str, family: str) -> jam.Jam:
    if family == "oct":
        return make_jam({"alg": alg, "secret_key": keys.secret})
    return make_jam({"alg": alg, "private_key": keys.private_pem(family)})


def claims() -> dict[str, Any]:
    now = int(time.time())
    return {"sub": "user-42", "roles": ["admin"], "iat": now, "exp": now + 300, "jti": "j-1"}


def pyjwt_keys(keys: Any, family: str) -> tuple[Any, Any]:
    if family == "oct":
        return keys.secret, keys.secret
    private = keys.private(family)
    return private, private.public_key()


def joserfc_keys(keys: Any, family: str) -> tuple[Any, Any]:
    if family == "oct":
        key = OctKey.import_key(keys.secret)
        return key, key
    loader = {"RSA": RSAKey, "Ed25519": OKPKey, "Ed448": OKPKey}.get(family, ECKey)
    return loader.import_key(keys.private_pem(family)), loader.import_key(keys.public_pem(family))


def test_every_first_party_algorithm_is_covered_by_both_peers(records_names: set[str]) -> None:
    assert {alg for alg, _ in PYJWT_CASES} | {"Ed25519", "Ed448"} == records_names
    assert {alg for alg, _ in JOSERFC_CASES} == records_names
    assert {family for alg, family in PYJWT_CASES if alg == "EdDSA"} == {"Ed25519", "Ed448"}


@pytest.mark.parametrize(("alg", "family"), PYJWT_CASES)
def test_jam_tokens_verify_in_pyjwt(
    alg: str, family: str, keys: Any, make_jam: Callable[..., jam.Jam]
) -> None:
    j = jam_for(make_jam, keys, alg, family)
    payload = j.jwt_make_payload(300, {"sub": "user-42"})
    token = j.jwt_create_token(payload)
    _, verifying = pyjwt_keys(keys, family)
    assert pyjwt.get_unverified_header(token)["alg"] == alg
    assert pyjwt.decode(token, verifying, algorithms=[alg]) == payload


@pytest.mark.parametrize(("alg", "family"), PYJWT_CASES)
def test_pyjwt_tokens_verify_in_jam(
    alg: str, family: str, keys: Any, make_jam: Callable[..., jam.Jam], low_s: Callable[[str], str]
) -> None:
    j = jam_for(make_jam, keys, alg, family)
    signing, _ = pyjwt_keys(keys, family)
    payload = claims()
    token = pyjwt.encode(payload, signing, algorithm=alg, headers={"kid": "ignored"})
    assert j.jwt_verify_token(low_s(token)) == payload


ECDSA_CASES = [(alg, family) for alg, family in COMMON if alg.startswith("ES")]


@pytest.mark.parametrize(("alg", "family"), ECDSA_CASES)
def test_high_s_peer_tokens_are_refused_and_their_low_s_twins_verify(
    alg: str,
    family: str,
    keys: Any,
    make_jam: Callable[..., jam.Jam],
    both_s_forms: Callable[[str], tuple[str, str]],
) -> None:
    """Both forms verify in PyJWT and joserfc; Jam accepts exactly one of them."""
    j = jam_for(make_jam, keys, alg, family)
    signing, verifying = pyjwt_keys(keys, family)
    payload = claims()
    low, high = both_s_forms(pyjwt.encode(payload, signing, algorithm=alg))
    assert low != high
    _, jose_verifying = joserfc_keys(keys, family)
    for form in (low, high):
        assert pyjwt.decode(form, verifying, algorithms=[alg]) == payload
        assert jose_jwt.decode(form, jose_verifying, algorithms=[alg]).claims == payload
    assert j.jwt_verify_token(low) == payload
    with pytest.raises(InvalidSignature):
        j.jwt_verify_token(high)


@pytest.mark.filterwarnings("ignore:EdDSA is deprecated")
@pytest.mark.parametrize(("alg", "family"), JOSERFC_CASES)
def test_jam_tokens_verify_in_joserfc(
    alg: str, family: str, keys: Any, make_jam: Callable[..., jam.Jam]
) -> None:
    j = jam_for(make_jam, keys, alg, family)
    payload = j.jwt_make_payload(300, {"sub": "user-42"})
    token = j.jwt_create_token(payload)
    _, verifying = joserfc_keys(keys, family)
    decoded = jose_jwt.decode(token, verifying, algorithms=[alg])
    assert decoded.header["alg"] == alg
    assert decoded.claims == payload


@pytest.mark.filterwarnings("ignore:EdDSA is deprecated")
@pytest.mark.parametrize(("alg", "family"), JOSERFC_CASES)
def test_joserfc_tokens_verify_in_jam(
    alg: str, family: str, keys: Any, make_jam: Callable[..., jam.Jam], low_s: Callable[[str], str]
) -> None:
    j = jam_for(make_jam, keys, alg, family)
    signing, _ = joserfc_keys(keys, family)
    payload = claims()
    token = jose_jwt.encode({"alg": alg, "typ": "JWT"}, payload, signing, algorithms=[alg])
    assert j.jwt_verify_token(low_s(token)) == payload


@pytest.mark.parametrize(("alg", "family"), PYJWT_CASES)
def test_peer_token_signed_with_another_key_is_rejected(
    alg: str, family: str, keys: Any, other_keys: Any, make_jam: Callable[..., jam.Jam]
) -> None:
    j = jam_for(make_jam, keys, alg, family)
    signing, _ = pyjwt_keys(other_keys, family)
    token = pyjwt.encode(claims(), signing, algorithm=alg)
    with pytest.raises(jam.InvalidSignature):
        j.jwt_verify_token(token)
