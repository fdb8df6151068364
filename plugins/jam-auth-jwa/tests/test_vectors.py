"""Known-answer tests: RFC signatures verify (and deterministic ones re-sign) at plugin level.

The HS256 vectors (RFC 7515 A.1, RFC 7520 4.4) are tested with the kernel's built-in
algorithms, in ``tests/jwt/test_builtin_hmac.py``.
"""

from __future__ import annotations

import base64
from typing import Any

from jam_jwa._ec import CURVE_ORDERS


def b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def split(compact: str) -> tuple[bytes, bytes]:
    header, payload, signature = compact.split(".")
    return f"{header}.{payload}".encode("ascii"), b64d(signature)


def test_rfc8037_a4_ed25519_signature_verifies(vectors: dict[str, Any], algorithm: Any) -> None:
    vector = vectors["rfc8037_a4_ed25519"]
    eddsa = algorithm("EdDSA")
    public = eddsa.load_verifying_key({k: v for k, v in vector["jwk"].items() if k != "d"})
    message, signature = split(vector["compact"])
    assert eddsa.verify(public, message, signature) is True


def test_rfc8037_a4_ed25519_signing_reproduces_the_signature(
    vectors: dict[str, Any], algorithm: Any
) -> None:
    vector = vectors["rfc8037_a4_ed25519"]
    eddsa = algorithm("EdDSA")
    private = eddsa.load_signing_key(vector["jwk"])
    message, signature = split(vector["compact"])
    assert message.split(b".")[1] == b64e(vector["payload_utf8"].encode()).encode()
    assert eddsa.sign(private, message) == signature


def test_rfc8037_a4_ed25519_verifies_under_the_fully_specified_name(
    vectors: dict[str, Any], algorithm: Any
) -> None:
    vector = vectors["rfc8037_a4_ed25519"]
    ed = algorithm("Ed25519")
    message, signature = split(vector["compact"])
    assert ed.verify(ed.load_verifying_key(vector["jwk"]), message, signature) is True


def test_rfc8037_a4_tampered_message_fails(vectors: dict[str, Any], algorithm: Any) -> None:
    vector = vectors["rfc8037_a4_ed25519"]
    eddsa = algorithm("EdDSA")
    public = eddsa.load_verifying_key(vector["jwk"])
    message, signature = split(vector["compact"])
    assert eddsa.verify(public, message + b"x", signature) is False
    assert eddsa.verify(public, message, signature[:-1] + bytes([signature[-1] ^ 1])) is False


def test_rfc7515_a2_rs256_signature_verifies_and_reproduces(
    vectors: dict[str, Any], algorithm: Any
) -> None:
    vector = vectors["rfc7515_a2_rs256"]
    rs256 = algorithm("RS256")
    message, signature = split(vector["compact"])
    public_jwk = {k: vector["jwk"][k] for k in ("kty", "n", "e")}
    assert rs256.verify(rs256.load_verifying_key(public_jwk), message, signature) is True
    assert rs256.sign(rs256.load_signing_key(vector["jwk"]), message) == signature


def test_rfc7515_a2_rsa_jwk_without_crt_members_still_signs(
    vectors: dict[str, Any], algorithm: Any
) -> None:
    vector = vectors["rfc7515_a2_rs256"]
    rs256 = algorithm("RS256")
    minimal = {k: vector["jwk"][k] for k in ("kty", "n", "e", "d")}
    message, signature = split(vector["compact"])
    assert rs256.sign(rs256.load_signing_key(minimal), message) == signature


def test_rfc7515_a3_es256_signature_verifies_in_its_low_s_form_only(
    vectors: dict[str, Any], algorithm: Any
) -> None:
    """The RFC's signature has a high S; its twin (r, n - s) is the one Jam accepts."""
    vector = vectors["rfc7515_a3_es256"]
    es256 = algorithm("ES256")
    message, signature = split(vector["compact"])
    assert len(signature) == 64
    public = es256.load_verifying_key({k: v for k, v in vector["jwk"].items() if k != "d"})
    order = CURVE_ORDERS["secp256r1"]
    s = int.from_bytes(signature[32:], "big")
    assert s > order // 2
    assert es256.verify(public, message, signature) is False
    assert es256.verify(public, message, signature[:32] + (order - s).to_bytes(32, "big")) is True
    private = es256.load_signing_key(vector["jwk"])
    fresh = es256.sign(private, message)
    assert len(fresh) == 64
    assert es256.verify(public, message, fresh) is True
