"""Turn JWK members and PEM/DER/SSH text into ``cryptography`` key objects.

Shared by the algorithm families; each family checks that the loaded key is
of its type and size. Errors are `jam.exceptions.InvalidKey` with a
message that never contains key material.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa
from cryptography.x509 import load_der_x509_certificate, load_pem_x509_certificate

from jam.exceptions import InvalidKey
from jam_jwa._material import b64url_bytes, b64url_int

__all__ = ["EC_CURVES", "load_private", "load_public"]

EC_CURVES: dict[str, ec.EllipticCurve] = {
    "P-256": ec.SECP256R1(),
    "P-384": ec.SECP384R1(),
    "P-521": ec.SECP521R1(),
    "secp256k1": ec.SECP256K1(),
}


def load_private(material: bytes | Mapping[str, Any]) -> Any:
    """Load a private key from PEM/DER bytes or a JWK.

    Raises:
        InvalidKey: Not a private key, encrypted, or unreadable.
    """
    if isinstance(material, Mapping):
        return _private_from_jwk(material)
    try:
        if material.lstrip().startswith(b"-----BEGIN"):
            return serialization.load_pem_private_key(material, password=None)
        return serialization.load_der_private_key(material, password=None)
    except TypeError:
        raise InvalidKey("encrypted private keys are not supported; decrypt it first") from None
    except (ValueError, UnsupportedAlgorithm) as err:
        raise InvalidKey(f"not a readable private key ({type(err).__name__})") from None


def load_public(material: bytes | Mapping[str, Any]) -> Any:  # noqa: PLR0911  (type depends on material)
    """Load a public key from PEM/DER/SSH/X.509 bytes or a JWK.

    A private key is accepted too; its public half is returned.

    Raises:
        InvalidKey: Unreadable material.
    """
    if isinstance(material, Mapping):
        if "d" in material:
            return _private_from_jwk(material).public_key()
        return _public_from_jwk(material)
    data = material.lstrip()
    try:
        if data.startswith(b"-----BEGIN CERTIFICATE"):
            return load_pem_x509_certificate(data).public_key()
        if data.startswith(b"-----BEGIN") and b"PRIVATE KEY" in data.split(b"\n", 1)[0]:
            return load_private(data).public_key()
        if data.startswith(b"-----BEGIN"):
            return serialization.load_pem_public_key(data)
        if data.startswith((b"ssh-", b"ecdsa-")):
            return serialization.load_ssh_public_key(data)
    except (ValueError, UnsupportedAlgorithm) as err:
        raise InvalidKey(f"not a readable public key ({type(err).__name__})") from None
    try:
        return serialization.load_der_public_key(data)
    except (ValueError, UnsupportedAlgorithm):
        pass
    try:
        return load_der_x509_certificate(data).public_key()
    except (ValueError, UnsupportedAlgorithm):
        pass
    raise InvalidKey("not a readable public key (expected PEM, DER, SSH or a JWK)")


def _private_from_jwk(jwk: Mapping[str, Any]) -> Any:
    kty = jwk.get("kty")
    try:
        if kty == "RSA":
            public = rsa.RSAPublicNumbers(b64url_int(jwk, "e"), b64url_int(jwk, "n"))
            d = b64url_int(jwk, "d")
            if all(m in jwk for m in ("p", "q", "dp", "dq", "qi")):
                numbers = rsa.RSAPrivateNumbers(
                    b64url_int(jwk, "p"),
                    b64url_int(jwk, "q"),
                    d,
                    b64url_int(jwk, "dp"),
                    b64url_int(jwk, "dq"),
                    b64url_int(jwk, "qi"),
                    public,
                )
            else:
                p, q = rsa.rsa_recover_prime_factors(public.n, public.e, d)
                numbers = rsa.RSAPrivateNumbers(
                    p,
                    q,
                    d,
                    rsa.rsa_crt_dmp1(d, p),
                    rsa.rsa_crt_dmq1(d, q),
                    rsa.rsa_crt_iqmp(p, q),
                    public,
                )
            return numbers.private_key()
        if kty == "EC":
            curve = _ec_curve(jwk)
            private = ec.derive_private_key(b64url_int(jwk, "d"), curve)
            expected = _public_from_jwk(jwk)
            if private.public_key().public_numbers() != expected.public_numbers():
                raise InvalidKey("JWK 'd' does not match 'x'/'y'")
            return private
        if kty == "OKP":
            crv = jwk.get("crv")
            raw = b64url_bytes(jwk, "d")
            okp = (
                ed25519.Ed25519PrivateKey
                if crv == "Ed25519"
                else (ed448.Ed448PrivateKey if crv == "Ed448" else None)
            )
            if okp is None:
                raise InvalidKey(f"unsupported OKP curve {crv!r} for signing")
            private_okp = okp.from_private_bytes(raw)
            if "x" in jwk and private_okp.public_key().public_bytes_raw() != b64url_bytes(jwk, "x"):
                raise InvalidKey("JWK 'd' does not match 'x'")
            return private_okp
    except InvalidKey:
        raise
    except (ValueError, TypeError) as err:
        raise InvalidKey(f"invalid {kty} JWK ({type(err).__name__})") from None
    raise InvalidKey(f"cannot load a private key from a JWK with kty={kty!r}")


def _public_from_jwk(jwk: Mapping[str, Any]) -> Any:
    kty = jwk.get("kty")
    try:
        if kty == "RSA":
            return rsa.RSAPublicNumbers(b64url_int(jwk, "e"), b64url_int(jwk, "n")).public_key()
        if kty == "EC":
            curve = _ec_curve(jwk)
            size = (curve.key_size + 7) // 8
            x, y = b64url_bytes(jwk, "x"), b64url_bytes(jwk, "y")
            if len(x) != size or len(y) != size:
                raise InvalidKey("JWK 'x'/'y' have the wrong length for the curve")
            return ec.EllipticCurvePublicKey.from_encoded_point(curve, b"\x04" + x + y)
        if kty == "OKP":
            crv = jwk.get("crv")
            raw = b64url_bytes(jwk, "x")
            if crv == "Ed25519":
                return ed25519.Ed25519PublicKey.from_public_bytes(raw)
            if crv == "Ed448":
                return ed448.Ed448PublicKey.from_public_bytes(raw)
            raise InvalidKey(f"unsupported OKP curve {crv!r} for signatures")
    except InvalidKey:
        raise
    except (ValueError, TypeError) as err:
        raise InvalidKey(f"invalid {kty} JWK ({type(err).__name__})") from None
    raise InvalidKey(f"cannot load a public key from a JWK with kty={kty!r}")


def _ec_curve(jwk: Mapping[str, Any]) -> ec.EllipticCurve:
    crv = jwk.get("crv")
    if not isinstance(crv, str) or crv not in EC_CURVES:
        raise InvalidKey(f"unsupported EC curve {crv!r}")
    return EC_CURVES[crv]
