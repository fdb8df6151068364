"""Hostile tokens: each ends in a typed JamError subclass that is also a ValueError."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from typing import Any

import jwt as pyjwt
import pytest

import jam
from jam.exceptions import (
    AlgorithmNotAllowed,
    InvalidSignature,
    JamError,
    MalformedToken,
    TokenError,
    UnknownKeyId,
)


def b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def segment(value: Any) -> str:
    return b64e(value if isinstance(value, bytes) else json.dumps(value).encode())


def claims() -> dict[str, Any]:
    now = int(time.time())
    return {"sub": "42", "iat": now, "exp": now + 60}


def hs256(secret: bytes, header: Any, payload: Any) -> str:
    signing_input = f"{segment(header)}.{segment(payload)}"
    mac = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64e(mac)}"


def rejects(j: jam.Jam, token: Any, error: type[Exception] = TokenError, **kw: Any) -> Exception:
    """Assert the token is refused with ``error`` (a JamError and ValueError); return it."""
    with pytest.raises(error) as info:
        j.jwt_verify_token(token, **kw)
    assert isinstance(info.value, JamError)
    assert isinstance(info.value, ValueError)
    return info.value


@pytest.fixture
def rs256(make_jam: Callable[..., jam.Jam], keys: Any) -> jam.Jam:
    return make_jam({"alg": "RS256", "public_key": keys.public_pem("RSA")})


@pytest.fixture
def es256(make_jam: Callable[..., jam.Jam], keys: Any) -> jam.Jam:
    return make_jam({"alg": "ES256", "private_key": keys.private_pem("P-256")})


# -- alg none and algorithm pinning ----------------------------------------------------------


@pytest.mark.parametrize("alg", ["none", "None", "NONE", "nOnE"])
@pytest.mark.parametrize("signature", ["", "c2ln", "AAAA"])
def test_alg_none_in_any_case_is_rejected(
    alg: str, signature: str, hs256: jam.Jam, rs256: jam.Jam
) -> None:
    token = f"{segment({'alg': alg, 'typ': 'JWT'})}.{segment(claims())}.{signature}"
    for j in (hs256, rs256):
        rejects(j, token, AlgorithmNotAllowed)


@pytest.mark.parametrize("alg", ["none", "None", "NONE", "nOnE"])
def test_alg_none_signed_with_the_secret_is_still_rejected(
    alg: str, hs256: jam.Jam, keys: Any
) -> None:
    token = hs256_sign(keys.secret, {"alg": alg}, claims())
    rejects(hs256, token, AlgorithmNotAllowed)


def hs256_sign(secret: bytes, header: Any, payload: Any) -> str:
    return hs256(secret, header, payload)


@pytest.mark.parametrize("family", ["RSA", "P-256"])
@pytest.mark.parametrize("pem_kind", ["public", "private"])
def test_hs256_signed_with_the_public_key_pem_is_rejected(
    family: str, pem_kind: str, keys: Any, make_jam: Callable[..., jam.Jam]
) -> None:
    """Key confusion: the attacker uses the (public) PEM text as an HMAC secret."""
    alg = "RS256" if family == "RSA" else "ES256"
    verifier = make_jam({"alg": alg, "public_key": keys.public_pem(family)})
    pem = keys.public_pem(family).encode()
    for secret in (pem, pem.strip()):
        token = hs256(secret, {"alg": "HS256", "typ": "JWT"}, claims())
        rejects(verifier, token, AlgorithmNotAllowed)
    if pem_kind == "private":  # same attack against a signer configured with the private key
        signer = make_jam({"alg": alg, "private_key": keys.private_pem(family)})
        rejects(signer, hs256(pem, {"alg": "HS256"}, claims()), AlgorithmNotAllowed)


def test_allowing_hs256_next_to_rs256_with_an_rsa_key_fails_at_construction(
    keys: Any, make_jam: Callable[..., jam.Jam]
) -> None:
    with pytest.raises(jam.JamConfigError):
        make_jam(
            {"alg": "RS256", "algorithms": ["RS256", "HS256"], "public_key": keys.public_pem("RSA")}
        )


def test_hmac_refuses_a_pem_public_key_as_secret_at_construction(
    keys: Any, make_jam: Callable[..., jam.Jam]
) -> None:
    for family in ("RSA", "P-256", "Ed25519"):
        with pytest.raises(jam.InvalidKey, match="key-confusion"):
            make_jam({"alg": "HS256", "secret_key": keys.public_pem(family)})


@pytest.mark.parametrize("alg", ["HS384", "HS512", "hs256", "HS256 ", "RS256", "ES256", "PS256"])
def test_alg_outside_the_allowed_set_is_rejected(alg: str, hs256: jam.Jam, keys: Any) -> None:
    token = hs256_sign(keys.secret, {"alg": alg}, claims())
    rejects(hs256, token, AlgorithmNotAllowed)


def test_ps256_token_is_rejected_by_an_rs256_config(rs256: jam.Jam, keys: Any) -> None:
    token = pyjwt.encode(claims(), keys.private("RSA"), algorithm="PS256")
    rejects(rs256, token, AlgorithmNotAllowed)


@pytest.mark.parametrize(
    "header", [{"typ": "JWT"}, {"alg": 256}, {"alg": None}, {"alg": ["HS256"]}]
)
def test_header_without_a_string_alg_is_malformed(
    header: dict[str, Any], hs256: jam.Jam, keys: Any
) -> None:
    rejects(hs256, hs256_sign(keys.secret, header, claims()), MalformedToken)


# -- header extensions -----------------------------------------------------------------------


@pytest.mark.parametrize("crit", [["exp"], ["b64"], ["urn:example:unknown"], [], "exp"])
def test_unknown_crit_is_rejected(crit: Any, hs256: jam.Jam, keys: Any) -> None:
    token = hs256_sign(keys.secret, {"alg": "HS256", "crit": crit, "exp": 1}, claims())
    rejects(hs256, token, MalformedToken)


def test_unencoded_payload_b64_false_is_rejected(hs256: jam.Jam, keys: Any) -> None:
    token = hs256_sign(keys.secret, {"alg": "HS256", "b64": False}, claims())
    rejects(hs256, token, MalformedToken)


def test_kid_pointing_at_nothing_is_rejected(make_jam: Callable[..., jam.Jam], keys: Any) -> None:
    j = make_jam({"alg": "HS256", "keys": [{"kid": "k1", "secret_key": keys.secret}]})
    rejects(j, hs256_sign(keys.secret, {"alg": "HS256", "kid": "k2"}, claims()), UnknownKeyId)
    rejects(j, hs256_sign(keys.secret, {"alg": "HS256", "kid": ""}, claims()), UnknownKeyId)
    rejects(j, hs256_sign(keys.secret, {"alg": "HS256", "kid": 1}, claims()), MalformedToken)
    assert j.jwt_verify_token(hs256_sign(keys.secret, {"alg": "HS256", "kid": "k1"}, claims()))


# -- JSON and base64 -------------------------------------------------------------------------


def test_duplicate_keys_in_the_header_are_rejected(hs256: jam.Jam, keys: Any) -> None:
    header = b'{"alg":"HS256","alg":"none"}'
    token = hs256_sign(keys.secret, header, claims())
    rejects(hs256, token, MalformedToken)
    header = b'{"alg":"none","alg":"HS256"}'
    rejects(hs256, hs256_sign(keys.secret, header, claims()), MalformedToken)


def test_duplicate_keys_in_the_payload_are_rejected(hs256: jam.Jam, keys: Any) -> None:
    now = int(time.time())
    payload = f'{{"sub":"42","exp":{now + 60},"sub":"admin"}}'.encode()
    rejects(hs256, hs256_sign(keys.secret, {"alg": "HS256"}, payload), MalformedToken)
    nested = f'{{"exp":{now + 60},"roles":{{"a":1,"a":2}}}}'.encode()
    rejects(hs256, hs256_sign(keys.secret, {"alg": "HS256"}, nested), MalformedToken)


def test_padded_base64_is_rejected(hs256: jam.Jam) -> None:
    token = hs256.jwt_create_token(claims())
    header, payload, signature = token.split(".")
    rejects(hs256, f"{header}=.{payload}.{signature}", MalformedToken)
    rejects(hs256, f"{header}.{payload}.{signature}=", MalformedToken)
    # The payload is decoded only after the signature over its exact text verified.
    rejects(hs256, f"{header}.{payload}==.{signature}", (MalformedToken, InvalidSignature))


def test_standard_alphabet_characters_are_rejected(hs256: jam.Jam, keys: Any) -> None:
    for _ in range(64):  # find a token whose signature uses '-' or '_'
        token = hs256.jwt_create_token({**claims(), "n": _})
        header, payload, signature = token.split(".")
        if "-" in signature or "_" in signature:
            break
    else:
        pytest.fail("no signature with a URL-safe character in 64 tries")
    standard = signature.replace("-", "+").replace("_", "/")
    rejects(hs256, f"{header}.{payload}.{standard}", MalformedToken)


def test_non_zero_trailing_bits_are_rejected(hs256: jam.Jam) -> None:
    """A 32-byte HMAC is 43 characters; the last one carries 2 unused bits."""
    token = hs256.jwt_create_token(claims())
    header, payload, signature = token.split(".")
    assert len(signature) % 4 == 3
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    last = alphabet.index(signature[-1])
    for flip in (1, 2, 3):  # same decoded bytes, different unused bits
        sibling = signature[:-1] + alphabet[last ^ flip]
        assert base64.urlsafe_b64decode(sibling + "=") == base64.urlsafe_b64decode(signature + "=")
        rejects(hs256, f"{header}.{payload}.{sibling}", MalformedToken)
    assert hs256.jwt_verify_token(token)


@pytest.mark.parametrize("bad", ["a b", "a\nb", "ab%c", "abc!", "a", "abcde"])
def test_characters_outside_base64url_or_impossible_lengths_are_rejected(
    bad: str, hs256: jam.Jam
) -> None:
    token = hs256.jwt_create_token(claims())
    header, payload, signature = token.split(".")
    rejects(hs256, f"{header}.{payload}.{bad}", (MalformedToken, InvalidSignature))
    rejects(hs256, f"{bad}.{payload}.{signature}", MalformedToken)


# -- size and shape --------------------------------------------------------------------------


def test_one_megabyte_token_is_rejected_before_any_decoding(
    hs256: jam.Jam, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = hs256.jwt_create_token(claims())
    header, _payload, signature = token.split(".")
    huge = f"{header}.{'A' * (1 << 20)}.{signature}"

    def no_decoding(*_args: Any) -> Any:
        raise AssertionError("an oversized token must be refused before it is decoded")

    from jam.jwt import _core

    monkeypatch.setattr(_core, "b64decode", no_decoding)
    monkeypatch.setattr(_core, "loads_object", no_decoding)
    error = rejects(hs256, huge, MalformedToken)
    assert "longer" in str(error)
    rejects(hs256, huge.encode("ascii"), MalformedToken)


@pytest.mark.parametrize("size", [0, 32, 63, 65, 66, 70, 72, 128])
def test_wrong_length_ecdsa_signature_is_rejected(size: int, es256: jam.Jam, keys: Any) -> None:
    token = es256.jwt_create_token(claims())
    header, payload, signature = token.split(".")
    rejects(es256, f"{header}.{payload}.{b64e(bytes(size))}", InvalidSignature)
    raw = base64.urlsafe_b64decode(signature + "==")
    assert len(raw) == 64
    for variant in (raw[:-1], raw + b"\0", b"\0" + raw):
        rejects(es256, f"{header}.{payload}.{b64e(variant)}", InvalidSignature)


def test_der_encoded_ecdsa_signature_is_rejected(es256: jam.Jam, keys: Any) -> None:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    signing_input = f"{segment({'alg': 'ES256'})}.{segment(claims())}"
    der = keys.private("P-256").sign(signing_input.encode(), ec.ECDSA(hashes.SHA256()))
    rejects(es256, f"{signing_input}.{b64e(der)}", InvalidSignature)


@pytest.mark.parametrize(
    "shape",
    ["truncated", "no_signature_dot", "extra_segment", "jwe_five", "two_dots_only", "four"],
)
def test_wrong_number_of_segments_is_rejected(shape: str, hs256: jam.Jam) -> None:
    token = hs256.jwt_create_token(claims())
    header, payload, signature = token.split(".")
    bad = {
        "truncated": token[: len(token) // 2],
        "no_signature_dot": f"{header}.{payload}",
        "extra_segment": f"{token}.{signature}",
        "jwe_five": f"{header}.{payload}.{signature}.{signature}.{signature}",
        "two_dots_only": "..",
        "four": f"{token}.",
    }[shape]
    rejects(hs256, bad, (MalformedToken, InvalidSignature))


def test_truncated_signature_is_rejected(hs256: jam.Jam) -> None:
    token = hs256.jwt_create_token(claims())
    header, payload, signature = token.split(".")
    short = b64e(base64.urlsafe_b64decode(signature + "=")[:-3])
    rejects(hs256, f"{header}.{payload}.{short}", InvalidSignature)
    for cut in range(1, 5):
        rejects(hs256, token[:-cut], (MalformedToken, InvalidSignature))
    rejects(hs256, token.rsplit(".", 1)[0] + ".", InvalidSignature)


def test_jwe_is_named_in_the_error(hs256: jam.Jam) -> None:
    error = rejects(hs256, "a.b.c.d.e", MalformedToken)
    assert "JWE" in str(error)


@pytest.mark.parametrize("value", ["", None, 42, 4.2, ["a.b.c"], {"a": 1}, object()])
def test_non_token_values_are_rejected(value: Any, hs256: jam.Jam) -> None:
    rejects(hs256, value, MalformedToken)


def test_non_ascii_token_is_rejected(hs256: jam.Jam) -> None:
    token = hs256.jwt_create_token(claims())
    rejects(hs256, token[:-1] + "é", MalformedToken)
    rejects(hs256, "é" + token, MalformedToken)
    rejects(hs256, (token + "é").encode("utf-8"), MalformedToken)
    rejects(hs256, b"\xff\xfe" + token.encode(), MalformedToken)


def test_bytes_tokens_are_accepted(hs256: jam.Jam) -> None:
    token = hs256.jwt_create_token(claims())
    assert hs256.jwt_verify_token(token.encode("ascii"))["sub"] == "42"
    assert hs256.jwt_verify_token(bytearray(token.encode("ascii")))["sub"] == "42"


# -- payload content -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [b"[1,2,3]", b'"text"', b"42", b"null", b"true", b"", b"{", b"\xff\xfe", b"{}x"],
)
def test_payload_that_is_not_a_json_object_is_rejected(
    payload: bytes, hs256: jam.Jam, keys: Any
) -> None:
    rejects(hs256, hs256_sign(keys.secret, {"alg": "HS256"}, payload), MalformedToken)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_in_the_payload_are_rejected(
    constant: str, hs256: jam.Jam, keys: Any
) -> None:
    payload = f'{{"sub":"42","exp":{int(time.time()) + 60},"x":{constant}}}'.encode()
    rejects(hs256, hs256_sign(keys.secret, {"alg": "HS256"}, payload), MalformedToken)


@pytest.mark.parametrize("exp", ["1e400", "-1e400", "1" + "0" * 400, "-1" + "0" * 400, '"soon"'])
def test_out_of_range_or_non_numeric_dates_are_rejected(
    exp: str, hs256: jam.Jam, keys: Any
) -> None:
    for name in ("exp", "nbf", "iat"):
        payload = f'{{"sub":"42","{name}":{exp}}}'.encode()
        token = hs256_sign(keys.secret, {"alg": "HS256"}, payload)
        rejects(hs256, token, MalformedToken, check_exp=(name == "exp"))


def test_huge_integer_beyond_python_limits_is_rejected(hs256: jam.Jam, keys: Any) -> None:
    payload = ('{"exp":' + "9" * 5000 + "}").encode()  # int(str) digit limit
    rejects(hs256, hs256_sign(keys.secret, {"alg": "HS256"}, payload), MalformedToken)


@pytest.mark.parametrize("where", ["header", "payload"])
def test_deeply_nested_json_does_not_escape_as_recursion_error(
    where: str, make_jam: Callable[..., jam.Jam], keys: Any
) -> None:
    j = make_jam({"alg": "HS256", "secret_key": keys.secret, "max_token_length": 1 << 20})
    nested = b'{"a":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    if where == "header":
        token = hs256_sign(keys.secret, nested, claims())
    else:
        token = hs256_sign(keys.secret, {"alg": "HS256"}, nested)
    rejects(j, token, MalformedToken)


def test_payload_not_utf8_is_rejected(hs256: jam.Jam, keys: Any) -> None:
    rejects(hs256, hs256_sign(keys.secret, {"alg": "HS256"}, b'{"a":"\xff"}'), MalformedToken)


def test_signature_is_checked_before_the_payload_is_trusted(hs256: jam.Jam) -> None:
    token = hs256.jwt_create_token(claims())
    header, _payload, signature = token.split(".")
    forged = segment({**claims(), "sub": "admin"})
    rejects(hs256, f"{header}.{forged}.{signature}", InvalidSignature)


@pytest.mark.parametrize("member", ["jwk", "jku", "x5u", "x5c"])
def test_keys_embedded_in_the_header_are_never_trusted(
    member: str, es256: jam.Jam, other_keys: Any
) -> None:
    """An attacker signs with their own key and points the header at it."""
    from joserfc.jwk import ECKey

    attacker = ECKey.import_key(other_keys.public_pem("P-256")).as_dict(private=False)
    value: Any = {
        "jwk": attacker,
        "jku": "https://evil.example/jwks",
        "x5u": "https://evil.example/cert",
        "x5c": ["MIIB"],
    }[member]
    token = pyjwt.encode(
        claims(), other_keys.private("P-256"), algorithm="ES256", headers={member: value}
    )
    rejects(es256, token, InvalidSignature)
