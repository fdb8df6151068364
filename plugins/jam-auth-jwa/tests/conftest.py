"""Fixtures for the jwa plugin tests: algorithm instances, keys and the RFC vectors."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa

from jam_jwa.plugin import jam_register_algorithms

VECTORS = Path(
    os.environ.get(
        "JAM_VECTORS",
        Path(__file__).parents[3] / "tests" / "vectors" / "rfc-vectors.json",
    )
)


@pytest.fixture(scope="session")
def vectors() -> dict[str, Any]:
    """The published RFC vectors (loaded from JSON, never copied into code)."""
    return json.loads(VECTORS.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def records() -> dict[str, Any]:
    """Every record the plugin registers, by name."""
    return {record.name: record for record in jam_register_algorithms()}


@pytest.fixture(scope="session")
def algorithm(records: dict[str, Any]) -> Any:
    """Return a fresh algorithm instance for a name."""

    def make(name: str) -> Any:
        return records[name].factory()

    return make


@pytest.fixture(scope="session")
def private_keys() -> dict[str, Any]:
    """One private key per algorithm family (RSA generated once per session)."""
    return {
        "RSA": rsa.generate_private_key(public_exponent=65537, key_size=2048),
        "P-256": ec.generate_private_key(ec.SECP256R1()),
        "P-384": ec.generate_private_key(ec.SECP384R1()),
        "P-521": ec.generate_private_key(ec.SECP521R1()),
        "secp256k1": ec.generate_private_key(ec.SECP256K1()),
        "Ed25519": ed25519.Ed25519PrivateKey.generate(),
        "Ed448": ed448.Ed448PrivateKey.generate(),
    }
