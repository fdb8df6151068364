"""Fixtures for the JWT engine tests: keys (generated once), a Jam factory and the RFC vectors."""

from __future__ import annotations

import base64
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
    """Every algorithm name the first-party plugins register (built-in HS* and jwa)."""
    from jam.builtin.plugin import jam_register_algorithms as builtin
    from jam_jwa.plugin import jam_register_algorithms as jwa

    return {record.name for record in [*builtin(), *jwa()]}


def ecdsa_s_form(token: str, *, high: bool) -> str:
    """Rewrite an ES* token's signature (r, s) to its low-S (or high-S) twin.

    Both forms verify under plain ECDSA; Jam accepts only the low one. Peers
    (PyJWT, joserfc) sign without normalising, so tests that feed their ES*
    tokens to Jam pick the form they mean.
    """
    from jam_jwa._ec import CURVE_ORDERS

    header, payload, signature = token.split(".")
    alg = json.loads(base64.urlsafe_b64decode(header + "=="))["alg"]
    curve = {"ES256": "secp256r1", "ES384": "secp384r1", "ES512": "secp521r1"}.get(alg, "secp256k1")
    order = CURVE_ORDERS[curve]
    raw = base64.urlsafe_b64decode(signature + "==")
    size = len(raw) // 2
    s = int.from_bytes(raw[size:], "big")
    if (s > order // 2) != high:
        s = order - s
    fixed = raw[:size] + s.to_bytes(size, "big")
    return f"{header}.{payload}.{base64.urlsafe_b64encode(fixed).rstrip(b'=').decode()}"


@pytest.fixture(scope="session")
def low_s() -> Callable[[str], str]:
    """Return ``token`` with its ECDSA signature in low-S form (other tokens unchanged)."""

    def fix(token: str) -> str:
        header = json.loads(base64.urlsafe_b64decode(token.split(".", maxsplit=1)[0] + "=="))
        return ecdsa_s_form(token, high=False) if header["alg"].startswith("ES") else token

    return fix


@pytest.fixture(scope="session")
def high_s() -> Callable[[str], str]:
    """Return an ES* ``token`` with its signature in high-S form (refused by Jam)."""
    return lambda token: ecdsa_s_form(token, high=True)


@pytest.fixture(scope="session")
def both_s_forms() -> Callable[[str], tuple[str, str]]:
    """Return the (low-S, high-S) twins of an ES* ``token``."""
    return lambda token: (ecdsa_s_form(token, high=False), ecdsa_s_form(token, high=True))


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
