"""Key material and claims shared by every library in one run (generated fresh each run)."""

from __future__ import annotations

import secrets
import time
from typing import Any

ISSUER = "https://issuer.bench.example"
AUDIENCE = "bench-audience"
ALGS = ("HS256", "RS256", "PS256", "ES256", "EdDSA")


def make_keys() -> dict[str, Any]:
    """Return PEM/secret material for every benchmarked algorithm (JSON-serialisable)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

    def pems(private: Any) -> dict[str, str]:
        return {
            "private": private.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ).decode(),
            "public": private.public_key()
            .public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            .decode(),
        }

    rsa_key = pems(rsa.generate_private_key(public_exponent=65537, key_size=2048))
    return {
        "HS256": {"secret": secrets.token_urlsafe(48)},
        "RS256": rsa_key,
        "PS256": rsa_key,
        "ES256": pems(ec.generate_private_key(ec.SECP256R1())),
        "EdDSA": pems(ed25519.Ed25519PrivateKey.generate()),
        "otp_secret": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
    }


def make_claims(lifetime: int = 3600) -> dict[str, Any]:
    """Return the claim set every library signs: all registered time claims, iss and aud."""
    now = int(time.time())
    return {
        "sub": "user-42",
        "iss": ISSUER,
        "aud": AUDIENCE,
        "iat": now,
        "nbf": now,
        "exp": now + lifetime,
        "jti": secrets.token_urlsafe(16),
        "role": "admin",
    }
