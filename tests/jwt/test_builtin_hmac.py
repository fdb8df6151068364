"""The built-in HS256/384/512 (issue 8): registered by the kernel, standard library only."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

import jam
from jam.builtin.plugin import jam_register_algorithms
from jam.exceptions import InvalidKey, JamError

HS = {"HS256": 32, "HS384": 48, "HS512": 64}
MESSAGE = b"eyJhbGciOiJ4In0.eyJzdWIiOiIxIn0"


def b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def split(compact: str) -> tuple[bytes, bytes]:
    header, payload, signature = compact.split(".")
    return f"{header}.{payload}".encode("ascii"), b64d(signature)


def algorithm(name: str) -> Any:
    return next(r for r in jam_register_algorithms() if r.name == name).factory()


def test_the_builtin_plugin_registers_hs256_384_512_with_oct_keys() -> None:
    records = {record.name: record for record in jam_register_algorithms()}
    assert sorted(records) == ["HS256", "HS384", "HS512"]
    assert all(record.key_types == ("oct",) for record in records.values())
    assert all(record.recommended and record.api_version == 1 for record in records.values())


def test_jwa_no_longer_registers_hs_algorithms() -> None:
    from jam_jwa.plugin import jam_register_algorithms as jwa

    assert not [record.name for record in jwa() if record.name.startswith("HS")]


def test_hs256_is_provided_by_the_kernel(make_jam: Callable[..., jam.Jam], keys: Any) -> None:
    auth = make_jam(keys.jwt_table("HS256"))
    from jam.plugins._manager import ALGORITHMS

    provider = {p.record.name: p.plugin for p in auth.registry.provided(ALGORITHMS)}["HS256"]
    assert (provider.name, provider.distribution) == ("builtin", "jam-auth")


@pytest.mark.parametrize(("name", "size"), sorted(HS.items()))
def test_sign_then_verify_round_trips(name: str, size: int) -> None:
    alg = algorithm(name)
    key = alg.load_signing_key(os.urandom(64))
    signature = alg.sign(key, MESSAGE)
    assert len(signature) == size
    assert alg.verify(alg.public_key_of(key), MESSAGE, signature) is True
    assert alg.verify(key, MESSAGE + b".", signature) is False
    assert alg.verify(key, MESSAGE, signature[:-1]) is False
    assert alg.verify(key, MESSAGE, signature + b"\0") is False


@pytest.mark.parametrize("name", sorted(HS))
def test_verify_returns_false_for_garbage_and_never_raises(name: str) -> None:
    alg = algorithm(name)
    key = alg.load_verifying_key(os.urandom(64))
    for size in (0, 1, 31, 32, 47, 48, 63, 64, 65, 4096):
        assert alg.verify(key, MESSAGE, bytes(size)) is False
        assert alg.verify(key, MESSAGE, b"\xff" * size) is False


def test_rfc7515_a1_hs256_reproduces_and_verifies(vectors: dict[str, Any]) -> None:
    vector = vectors["rfc7515_a1_hs256"]
    hs256 = algorithm("HS256")
    key = hs256.load_signing_key(vector["jwk"])
    message, signature = split(vector["compact"])
    assert hs256.sign(key, message) == signature
    assert hs256.verify(key, message, signature) is True
    assert hs256.verify(key, message + b"x", signature) is False


def test_rfc7520_4_4_hs256_reproduces_and_verifies(vectors: dict[str, Any]) -> None:
    vector = vectors["rfc7520_4_4_hs256"]
    hs256 = algorithm("HS256")
    key = hs256.load_verifying_key(vector["jwk"])
    message, signature = split(vector["compact"])
    assert signature == b64d(vector["signature_b64u"])
    assert hs256.verify(key, message, signature) is True
    assert hs256.sign(hs256.load_signing_key(vector["jwk"]), message) == signature
    assert hs256.verify(key, message, signature[:-1] + bytes([signature[-1] ^ 1])) is False


def test_an_oct_jwk_k_with_trailing_padding_is_the_same_key(vectors: dict[str, Any]) -> None:
    jwk = dict(vectors["rfc7520_4_4_hs256"]["jwk"])
    hs256 = algorithm("HS256")
    plain = hs256.load_signing_key(jwk)
    padded = hs256.load_signing_key({**jwk, "k": jwk["k"] + "=" * (-len(jwk["k"]) % 4)})
    assert plain == padded


@pytest.mark.parametrize(
    "jwk",
    [
        {"kty": "RSA", "n": "AQAB", "e": "AQAB"},
        {"kty": "oct"},
        {"kty": "oct", "k": ""},
        {"kty": "oct", "k": 42},
        {"kty": "oct", "k": "not+base64/url"},
        {"kty": "oct", "k": "A"},
        {"kty": "oct", "k": "AB!D" * 16},
    ],
)
def test_unusable_jwks_are_refused_with_invalid_key(jwk: dict[str, Any]) -> None:
    with pytest.raises(InvalidKey) as info:
        algorithm("HS256").load_signing_key(jwk)
    assert isinstance(info.value, JamError)


def test_an_empty_secret_is_refused() -> None:
    with pytest.raises(InvalidKey, match="non-empty"):
        algorithm("HS256").load_signing_key(b"")


BARE_KERNEL = """
import importlib.abc, json, sys

class Blocker(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"cryptography", "jam_jwa"}:
            raise ImportError(f"{name} is not installed (simulated bare kernel)")
        return None

sys.meta_path.insert(0, Blocker())
import jam
for alg, secret in json.loads(sys.argv[1]).items():
    auth = jam.Jam(config={"plugins": {"disable": ["jwa"]},
                           "jwt": {"alg": alg, "secret_key": secret}})
    token = auth.jwt_create_token(auth.jwt_make_payload(60, {"sub": "1"}))
    assert auth.jwt_verify_token(token)["sub"] == "1"
    auth.close()
print(json.dumps(sorted(m for m in sys.modules if m.startswith(("cryptography", "jam_jwa")))))
"""


def test_a_bare_kernel_serves_hs256_384_512_without_cryptography_or_jwa() -> None:
    """Issue 8: ``pip install jam-auth`` alone serves the default configuration."""
    secrets = {
        name: base64.urlsafe_b64encode(os.urandom(size)).decode() for name, size in HS.items()
    }
    out = subprocess.run(
        [sys.executable, "-c", BARE_KERNEL, json.dumps(secrets)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert json.loads(out) == []


COLD = """
import json, sys
import jam
auth = jam.Jam(config={"jwt": {"alg": "HS256", "secret_key": sys.argv[1]}})
auth.jwt_verify_token(auth.jwt_create_token({"exp": 2**40}))
print(json.dumps(sorted(m for m in sys.modules if m.startswith("cryptography"))))
"""


@pytest.mark.parametrize(
    "secret",
    [
        "plain-text-secret-" + "q7W2eR9tY4uI1oP6aS3dF8gH",
        "0" + "x1y2z3" * 8,  # starts like DER
        "MII" + "Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg",  # base64 that starts like DER
        "30" + "82a1c3e5f7091b2d3f4152637485961a2b3c4d5e6f708192a3b4c5d6e7f8091",  # hex, DER-like
        '{"not": "a jwk", "but": "json text, 32 bytes or more"}',
    ],
    ids=["plain", "starts-like-der", "base64-der-prefix", "hex-der-prefix", "json"],
)
def test_hs256_never_imports_cryptography_for_ordinary_secrets(secret: str) -> None:
    out = subprocess.run(
        [sys.executable, "-c", COLD, secret], capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(out) == []
