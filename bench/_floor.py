"""The floor: the least work any correct JWT library must do, hand-written.

Create: serialise the claims (compact JSON), base64url them, sign with the raw
primitive, base64url the signature. Verify: split, base64url-decode, check the
signature with the raw primitive, parse the JSON payload, check ``exp``. No
other validation, no error typing, no key lookup: a library cannot go below
this, so "Jam within 1.6x of the floor" bounds Jam's own overhead.
"""

from __future__ import annotations

import base64
import hmac
import json
import time
from collections.abc import Callable
from typing import Any

Sign = Callable[[bytes], bytes]
Check = Callable[[bytes, bytes], bool]

_dumps = json.JSONEncoder(separators=(",", ":")).encode
_loads = json.loads


def b64e(data: bytes) -> str:
    """Unpadded base64url."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64d(text: str) -> bytes:
    """Decode unpadded base64url."""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def primitives(alg: str, material: dict[str, str]) -> tuple[Sign, Check]:
    """Return the raw ``sign(message)`` and ``check(message, signature)`` for ``alg``."""
    if alg == "HS256":
        secret = material["secret"].encode()

        def sign(message: bytes) -> bytes:
            return hmac.digest(secret, message, "sha256")

        def check(message: bytes, signature: bytes) -> bool:
            return hmac.compare_digest(hmac.digest(secret, message, "sha256"), signature)

        return sign, check

    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, padding
    from cryptography.hazmat.primitives.asymmetric.utils import (
        decode_dss_signature,
        encode_dss_signature,
    )

    private: Any = serialization.load_pem_private_key(material["private"].encode(), None)
    public: Any = serialization.load_pem_public_key(material["public"].encode())
    if alg in ("RS256", "PS256"):
        sha = hashes.SHA256()
        pad: Any = (
            padding.PKCS1v15()
            if alg == "RS256"
            else padding.PSS(mgf=padding.MGF1(sha), salt_length=sha.digest_size)
        )

        def sign(message: bytes) -> bytes:
            return private.sign(message, pad, sha)

        def check(message: bytes, signature: bytes) -> bool:
            try:
                public.verify(signature, message, pad, sha)
            except InvalidSignature:
                return False
            return True

        return sign, check
    if alg == "ES256":
        ecdsa = ec.ECDSA(hashes.SHA256())

        def sign(message: bytes) -> bytes:
            r, s = decode_dss_signature(private.sign(message, ecdsa))
            return r.to_bytes(32, "big") + s.to_bytes(32, "big")

        def check(message: bytes, signature: bytes) -> bool:
            der = encode_dss_signature(
                int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
            )
            try:
                public.verify(der, message, ecdsa)
            except InvalidSignature:
                return False
            return True

        return sign, check
    if alg == "EdDSA":

        def sign(message: bytes) -> bytes:
            return private.sign(message)

        def check(message: bytes, signature: bytes) -> bool:
            try:
                public.verify(signature, message)
            except InvalidSignature:
                return False
            return True

        return sign, check
    raise ValueError(alg)


def make_create(alg: str, material: dict[str, str]) -> Callable[[dict[str, Any]], str]:
    """Return a minimal ``create(claims) -> token``."""
    sign, _ = primitives(alg, material)
    prefix = b64e(_dumps({"alg": alg, "typ": "JWT"}).encode()) + "."

    def create(claims: dict[str, Any]) -> str:
        signing_input = prefix + b64e(_dumps(claims).encode())
        return signing_input + "." + b64e(sign(signing_input.encode()))

    return create


def make_verify(alg: str, material: dict[str, str]) -> Callable[[str], dict[str, Any]]:
    """Return a minimal ``verify(token) -> claims`` (signature and exp only)."""
    _, check = primitives(alg, material)

    def verify(token: str) -> dict[str, Any]:
        signing_input, _, signature = token.rpartition(".")
        if not check(signing_input.encode(), b64d(signature)):
            raise ValueError("bad signature")
        claims: dict[str, Any] = _loads(b64d(signing_input.partition(".")[2]))
        if claims["exp"] <= time.time():
            raise ValueError("expired")
        return claims

    return verify
