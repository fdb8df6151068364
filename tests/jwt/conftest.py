"""Fixtures for the JWT engine tests: keys (generated once), a Jam factory and the RFC vectors."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa

import jam

VECTORS = Path(
    os.environ.get(
        "JAM_VECTORS",
        Path(__file__).parents[1] / "vectors" / "rfc-vectors.json",
    )
)

ALG_FAMILY = {
    "HS256": "oct", "HS384": "oct", "HS512": "oct",
    "RS256": "RSA", "RS384": "RSA", "RS512": "RSA",
    "PS256": "RSA", "PS384": "RSA", "PS512": "RSA",
    "ES256": "P-256", "ES384": "P-384", "ES512": "P-521", "ES256K": "secp256k1",
    "EdDSA": "Ed25519", "Ed25519": "Ed25519", "Ed448": "Ed448",
}  # fmt: skip
"""Which key each algorithm uses in these tests."""


class Keys:
    """Private keys by family, with PEM helpers; ``oct`` is a 64-byte HMAC secret."""

    def __init__(self) -> None:
        self.objects: dict[str, Any] = {
            "RSA": rsa.generate_private_key(public_exponent=65537, key_size=2048),
            "P-256": ec.generate_private_key(ec.SECP256R1()),
            "P-384": ec.generate_private_key(ec.SECP384R1()),
            "P-521": ec.generate_private_key(ec.SECP521R1()),
            "secp256k1": ec.generate_private_key(ec.SECP256K1()),
            "Ed25519": ed25519.Ed25519PrivateKey.generate(),
            "Ed448": ed448.Ed448PrivateKey.generate(),
        }
        self.secret = os.urandom(64)

    def private(self, family: str) -> Any:
        return self.objects[family]

    def private_pem(self, family: str) -> str:
        return (
            self.objects[family]
            .private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            .decode("ascii")
        )

    def public_pem(self, family: str) -> str:
        return (
            self.objects[family]
            .public_key()
            .public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            .decode("ascii")
        )

    def jwt_table(self, alg: str, **extra: Any) -> dict[str, Any]:
        """A ``[jwt]`` table signing with ``alg`` (private key only for asymmetric algs)."""
        family = ALG_FAMILY[alg]
        table: dict[str, Any] = {"alg": alg, **extra}
        if family == "oct":
            table["secret_key"] = self.secret
        else:
            table["private_key"] = self.private_pem(family)
        return table


@pytest.fixture(scope="session")
def keys() -> Keys:
    """Keys for every family, generated once per session (RSA 2048)."""
    return Keys()


@pytest.fixture(scope="session")
def other_keys() -> Keys:
    """A second, unrelated set of keys (for wrong-key tests)."""
    return Keys()


@pytest.fixture(scope="session")
def records_names() -> set[str]:
    """Every algorithm name the jwa plugin registers."""
    from jam_jwa.plugin import jam_register_algorithms

    return {record.name for record in jam_register_algorithms()}


@pytest.fixture(scope="session")
def vectors() -> dict[str, Any]:
    """The published RFC vectors (loaded from JSON, never copied into code)."""
    return json.loads(VECTORS.read_text(encoding="utf-8"))


@pytest.fixture
def make_jam() -> Iterator[Callable[..., jam.Jam]]:
    """Build ``jam.Jam`` objects from a ``jwt`` table (or a whole config); close them after."""
    built: list[jam.Jam] = []

    def make(jwt: dict[str, Any] | None = None, **config: Any) -> jam.Jam:
        table = dict(config)
        if jwt is not None:
            table["jwt"] = jwt
        instance = jam.Jam(table)
        built.append(instance)
        return instance

    yield make
    for instance in built:
        instance.close()


@pytest.fixture
def hs256(make_jam: Callable[..., jam.Jam], keys: Keys) -> jam.Jam:
    """A Jam signing and verifying HS256 with a 64-byte secret."""
    return make_jam(keys.jwt_table("HS256"))
