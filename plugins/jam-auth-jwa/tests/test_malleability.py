"""One accepted encoding per signature (issue 9.1): ECDSA, RSA and EdDSA.

A malleable signature lets anyone turn a valid token into a second valid token
with the same claims (a different string), which defeats anything keyed on the
token text. Each algorithm is checked for every re-encoding we know of; where
``cryptography`` (OpenSSL) already refuses one, a test holds it to that.
"""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

from jam_jwa._ec import CURVE_ORDERS

MESSAGE = b"eyJhbGciOiJ4In0.eyJzdWIiOiIxIn0"
ECDSA = {
    "ES256": ("P-256", "secp256r1", 32, hashes.SHA256),
    "ES384": ("P-384", "secp384r1", 48, hashes.SHA384),
    "ES512": ("P-521", "secp521r1", 66, hashes.SHA512),
    "ES256K": ("secp256k1", "secp256k1", 32, hashes.SHA256),
}
ED25519_ORDER = 2**252 + 27742317777372353535851937790883648493
ED448_ORDER = 2**446 - 13818066809895115352007386748515426880336692474882178609894547503885


def pem(key: Any, *, private: bool) -> bytes:
    if private:
        return key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def loaded(algorithm: Any, name: str, key: Any) -> tuple[Any, Any, Any]:
    alg = algorithm(name)
    return (
        alg,
        alg.load_signing_key(pem(key, private=True)),
        alg.load_verifying_key(pem(key, private=False)),
    )


# -- ECDSA ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ECDSA))
def test_the_curve_orders_are_the_published_ones(name: str, private_keys: dict[str, Any]) -> None:
    """(r, n - s) verifies in OpenSSL only when n is the curve's true order."""
    family, curve, _, hash_type = ECDSA[name]
    order = CURVE_ORDERS[curve]
    key = private_keys[family]
    r, s = decode_dss_signature(key.sign(MESSAGE, ec.ECDSA(hash_type())))
    key.public_key().verify(encode_dss_signature(r, order - s), MESSAGE, ec.ECDSA(hash_type()))
    with pytest.raises(ValueError, match="Invalid EC key"):
        ec.derive_private_key(order, key.curve)


@pytest.mark.parametrize("name", sorted(ECDSA))
def test_signatures_are_always_low_s(
    name: str, algorithm: Any, private_keys: dict[str, Any]
) -> None:
    """Without normalisation, half of the signatures would have s > n/2."""
    family, curve, size, _ = ECDSA[name]
    alg, signing, verifying = loaded(algorithm, name, private_keys[family])
    half = CURVE_ORDERS[curve] // 2
    for index in range(64):
        signature = alg.sign(signing, MESSAGE + str(index).encode())
        assert 0 < int.from_bytes(signature[size:], "big") <= half
        assert alg.verify(verifying, MESSAGE + str(index).encode(), signature) is True


@pytest.mark.parametrize("name", sorted(ECDSA))
def test_the_high_s_twin_of_a_valid_signature_is_refused(
    name: str, algorithm: Any, private_keys: dict[str, Any]
) -> None:
    family, curve, size, hash_type = ECDSA[name]
    alg, signing, verifying = loaded(algorithm, name, private_keys[family])
    order = CURVE_ORDERS[curve]
    signature = alg.sign(signing, MESSAGE)
    r, s = signature[:size], int.from_bytes(signature[size:], "big")
    twin = r + (order - s).to_bytes(size, "big")
    der = encode_dss_signature(int.from_bytes(r, "big"), order - s)
    private_keys[family].public_key().verify(
        der, MESSAGE, ec.ECDSA(hash_type())
    )  # plain ECDSA: valid
    assert alg.verify(verifying, MESSAGE, signature) is True
    assert alg.verify(verifying, MESSAGE, twin) is False


@pytest.mark.parametrize("name", sorted(ECDSA))
def test_r_or_s_of_zero_or_at_least_n_is_refused(
    name: str, algorithm: Any, private_keys: dict[str, Any]
) -> None:
    family, curve, size, _ = ECDSA[name]
    alg, signing, verifying = loaded(algorithm, name, private_keys[family])
    order = CURVE_ORDERS[curve]
    good = alg.sign(signing, MESSAGE)
    r, s = int.from_bytes(good[:size], "big"), int.from_bytes(good[size:], "big")
    limit = 1 << (8 * size)
    candidates = [(0, s), (r, 0), (0, 0), (order, s), (r, order), (limit - 1, s), (r, limit - 1)]
    candidates += [(r + order, s)] if r + order < limit else []  # fits for P-521 (66 bytes)
    for bad_r, bad_s in candidates:
        forged = bad_r.to_bytes(size, "big") + bad_s.to_bytes(size, "big")
        assert alg.verify(verifying, MESSAGE, forged) is False


# -- RSA -----------------------------------------------------------------------------------------


def rsa_signature_with_a_leading_zero(alg: Any, key: Any) -> tuple[bytes, bytes]:
    for index in range(20_000):
        message = MESSAGE + str(index).encode()
        signature = alg.sign(key, message)
        if signature[0] == 0:
            return message, signature
    raise AssertionError("no signature with a leading zero byte in 20000 tries")


@pytest.mark.parametrize("name", ["RS256", "PS256", "PS512"])
def test_rsa_signature_with_its_leading_zero_stripped_is_refused(
    name: str, algorithm: Any, private_keys: dict[str, Any]
) -> None:
    alg, signing, verifying = loaded(algorithm, name, private_keys["RSA"])
    message, signature = rsa_signature_with_a_leading_zero(alg, signing)
    assert alg.verify(verifying, message, signature) is True
    assert alg.verify(verifying, message, signature[1:]) is False
    assert alg.verify(verifying, message, b"\0" + signature) is False


def test_openssl_alone_accepts_a_stripped_pss_signature(
    algorithm: Any, private_keys: dict[str, Any]
) -> None:
    """Why the length check exists: the gap this closes (remove the check only if this fails)."""
    alg, signing, _ = loaded(algorithm, "PS256", private_keys["RSA"])
    message, signature = rsa_signature_with_a_leading_zero(alg, signing)
    pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
    private_keys["RSA"].public_key().verify(signature[1:], message, pss, hashes.SHA256())


@pytest.mark.parametrize("name", ["RS256", "PS256"])
def test_rsa_signature_not_below_the_modulus_is_refused(
    name: str, algorithm: Any, private_keys: dict[str, Any]
) -> None:
    alg, signing, verifying = loaded(algorithm, name, private_keys["RSA"])
    n = private_keys["RSA"].public_key().public_numbers().n
    size = (n.bit_length() + 7) // 8
    signature = alg.sign(signing, MESSAGE)
    s = int.from_bytes(signature, "big")
    for bad in (s + n, n, n + 1, (1 << (8 * size)) - 1):
        if bad < 1 << (8 * size):
            assert alg.verify(verifying, MESSAGE, bad.to_bytes(size, "big")) is False
    assert alg.verify(verifying, MESSAGE, (s + n).to_bytes(size + 1, "big")) is False
    assert alg.verify(verifying, MESSAGE, signature) is True


# -- EdDSA ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("family", "order", "half"), [("Ed25519", ED25519_ORDER, 32), ("Ed448", ED448_ORDER, 57)]
)
def test_eddsa_s_plus_l_and_wrong_lengths_are_refused(
    family: str, order: int, half: int, algorithm: Any, private_keys: dict[str, Any]
) -> None:
    """OpenSSL refuses a non-canonical S and any other length; these tests hold it to that."""
    alg, signing, verifying = loaded(algorithm, "EdDSA", private_keys[family])
    signature = alg.sign(signing, MESSAGE)
    r, s = signature[:half], int.from_bytes(signature[half:], "little")
    assert alg.verify(verifying, MESSAGE, signature) is True
    if s + order < 1 << (8 * half):
        assert alg.verify(verifying, MESSAGE, r + (s + order).to_bytes(half, "little")) is False
        with pytest.raises(InvalidSignature):
            private_keys[family].public_key().verify(
                r + (s + order).to_bytes(half, "little"), MESSAGE
            )
    for variant in (signature[:-1], signature + b"\0", b"\0" + signature, signature[:half]):
        assert alg.verify(verifying, MESSAGE, variant) is False
    flipped_r = bytes([r[0] ^ 1]) + r[1:] + signature[half:]
    assert alg.verify(verifying, MESSAGE, flipped_r) is False


def test_ed448_r_re_encoded_as_y_plus_p_is_refused(
    algorithm: Any, private_keys: dict[str, Any]
) -> None:
    """Ed448 leaves room for y + p in R's 455 bits for nearly every R; OpenSSL refuses it."""
    p = 2**448 - 2**224 - 1
    alg, signing, verifying = loaded(algorithm, "Ed448", private_keys["Ed448"])
    tried = 0
    for index in range(16):
        message = MESSAGE + str(index).encode()
        signature = alg.sign(signing, message)
        r = int.from_bytes(signature[:57], "little")
        sign, y = r >> 455, r & ((1 << 455) - 1)
        if y + p >= 1 << 455:
            continue
        twin = ((y + p) | sign << 455).to_bytes(57, "little") + signature[57:]
        assert alg.verify(verifying, message, signature) is True
        assert alg.verify(verifying, message, twin) is False
        tried += 1
    assert tried >= 8
