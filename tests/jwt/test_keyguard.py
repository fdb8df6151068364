"""The HMAC key-confusion guard (issue 9.3): key material is refused as a secret in every form.

An HS256 verifier whose secret is a public key accepts tokens from anyone who has
that key. The guard used to catch PEM/SSH/DER only when they started the secret;
these forms slipped through: a leading BOM or NUL, bare base64 DER, PEM body
lines without armour, JWK JSON text. Each form is checked at three levels: the
guard itself, the built-in HS256, and a ``Jam`` whose secret is that form (the
key ring applies the guard to every ``oct`` algorithm, third-party ones too).
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import textwrap
from collections.abc import Callable
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID

import jam
from jam.builtin._keyguard import asymmetric_form
from jam.builtin.plugin import jam_register_algorithms
from jam.exceptions import InvalidKey
from jam_jwa.plugin import jam_register_algorithms as jwa_algorithms

FAMILIES = ["RSA", "P-256", "Ed25519"]
ALG_OF = {"RSA": "RS256", "P-256": "ES256", "Ed25519": "EdDSA"}
DER = serialization.Encoding.DER
PEM = serialization.Encoding.PEM
SPKI = serialization.PublicFormat.SubjectPublicKeyInfo


def hs256() -> Any:
    return next(r for r in jam_register_algorithms() if r.name == "HS256").factory()


def certificate(private: Any) -> x509.Certificate:
    import datetime

    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "jam guard test")])
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
    )
    algorithm = None if type(private).__name__.startswith("Ed") else hashes.SHA256()
    return builder.sign(private, algorithm)


def lines(text: bytes, width: int = 64) -> bytes:
    return b"\n".join(text[i : i + width] for i in range(0, len(text), width)) + b"\n"


def key_forms(private: Any, family: str) -> dict[str, bytes]:
    """Every way a key is commonly stored or pasted, by name."""
    public = private.public_key()
    pem = public.public_bytes(PEM, SPKI)
    der = public.public_bytes(DER, SPKI)
    b64 = base64.b64encode(der)
    private_der = private.private_bytes(
        DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    jwk = json.loads(jwa(ALG_OF[family]).export_key(private, private=False, format="jwk"))
    private_jwk = json.loads(jwa(ALG_OF[family]).export_key(private, private=True, format="jwk"))
    cert = certificate(private)
    forms = {
        "pem": pem,
        "pem-utf8-bom": b"\xef\xbb\xbf" + pem,
        "pem-nul": b"\x00" + pem,
        "pem-nul-space-newline": b"\x00 \n\x00" + pem,
        "pem-utf16-le-bom": pem.decode().encode("utf-16"),
        "pem-utf16-be": pem.decode().encode("utf-16-be"),
        "pem-in-the-middle": b"secret: " + pem,
        "pem-lowercase-armour": pem.replace(b"BEGIN", b"begin").replace(b"END", b"end"),
        "private-pem": private.private_bytes(
            PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ),
        "der": der,
        "der-newline": der + b"\n",
        "der-nul-prefix": b"\x00" + der,
        "der-bom-prefix": b"\xef\xbb\xbf" + der,
        "private-der": private_der,
        "base64-der": b64,
        "base64-der-no-padding": b64.rstrip(b"="),
        "pem-body-lines": lines(b64),
        "pem-body-crlf": lines(b64).replace(b"\n", b"\r\n"),
        "pem-body-bom": b"\xef\xbb\xbf" + lines(b64),
        "base64url-der": base64.urlsafe_b64encode(der),
        "private-base64-der": base64.b64encode(private_der),
        "hex-der": der.hex().encode(),
        "hex-der-colons": der.hex(":").encode(),
        "jwk-json": json.dumps(jwk).encode(),
        "jwk-json-pretty-bom": b"\xef\xbb\xbf" + json.dumps(jwk, indent=2).encode(),
        "private-jwk-json": json.dumps(private_jwk).encode(),
        "jwks-json": json.dumps({"keys": [jwk]}).encode(),
        "certificate-pem": cert.public_bytes(PEM),
        "certificate-der": cert.public_bytes(DER),
        "certificate-pem-body": lines(base64.b64encode(cert.public_bytes(DER))),
    }
    openssh = public.public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
    )
    forms |= {
        "openssh": openssh,
        "openssh-bom": b"\xef\xbb\xbf" + openssh,
        "authorized-keys-line": b'from="10.0.0.1",no-pty ' + openssh + b" user@host",
        "openssh-blob-base64": openssh.split()[1],
    }
    if family == "RSA":
        forms["pkcs1-public-der"] = public.public_bytes(DER, serialization.PublicFormat.PKCS1)
        forms["pkcs1-public-base64"] = base64.b64encode(forms["pkcs1-public-der"])
        forms["pkcs1-private-der"] = private.private_bytes(
            DER, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
        )
    if family == "P-256":
        forms["sec1-private-der"] = private.private_bytes(
            DER, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
        )
    return forms


def jwa(name: str) -> Any:
    return next(r for r in jwa_algorithms() if r.name == name).factory()


@pytest.fixture(scope="module")
def forms(keys: Any) -> dict[str, dict[str, bytes]]:
    return {family: key_forms(keys.private(family), family) for family in FAMILIES}


@pytest.mark.parametrize("family", FAMILIES)
def test_every_form_of_key_material_is_recognised(
    family: str, forms: dict[str, dict[str, bytes]]
) -> None:
    missed = [name for name, data in forms[family].items() if asymmetric_form(data) is None]
    assert missed == []


def refusals(load: Callable[[bytes], Any], forms: dict[str, bytes]) -> dict[str, str]:
    """The error message for each form ("ACCEPTED" when nothing was raised)."""
    messages = {}
    for name, data in forms.items():
        try:
            load(data)
        except InvalidKey as err:
            messages[name] = str(err)
        else:
            messages[name] = "ACCEPTED"
    return messages


@pytest.mark.parametrize("family", FAMILIES)
def test_builtin_hs256_refuses_every_form(family: str, forms: dict[str, dict[str, bytes]]) -> None:
    messages = refusals(hs256().load_signing_key, forms[family])
    assert {name for name, text in messages.items() if "key-confusion" not in text} == set()


@pytest.mark.parametrize("family", FAMILIES)
def test_jam_refuses_every_form_as_secret_key_and_never_echoes_it(
    family: str, forms: dict[str, dict[str, bytes]], make_jam: Callable[..., jam.Jam]
) -> None:
    messages = refusals(lambda data: make_jam({"alg": "HS256", "secret_key": data}), forms[family])
    assert {name for name, text in messages.items() if "key-confusion" not in text} == set()
    for name, text in messages.items():
        assert forms[family][name].decode("latin-1")[30:60] not in text


@pytest.mark.parametrize("family", FAMILIES)
def test_an_oct_jwk_whose_k_is_key_material_is_refused(
    family: str, forms: dict[str, dict[str, bytes]], make_jam: Callable[..., jam.Jam]
) -> None:
    for name in ("pem", "der", "jwk-json"):
        k = base64.urlsafe_b64encode(forms[family][name]).rstrip(b"=").decode()
        with pytest.raises(InvalidKey, match="key-confusion"):
            hs256().load_signing_key({"kty": "oct", "k": k})
        with pytest.raises(InvalidKey, match="key-confusion"):
            make_jam({"alg": "HS256", "secret_key": {"kty": "oct", "k": k}})


THIRD_PARTY = """
import hmac
from jam.plugins import AlgorithmRecord, hookimpl

class Naive:
    name = "HS3-256"
    def load_signing_key(self, material):  # no guard of its own
        return bytes(material)
    def load_verifying_key(self, material):
        return bytes(material)
    def public_key_of(self, key):
        return key
    def sign(self, key, message):
        return hmac.digest(key, message, "sha3_256")
    def verify(self, key, message, signature):
        return hmac.compare_digest(self.sign(key, message), signature)

@hookimpl
def jam_register_algorithms():
    return [AlgorithmRecord(name="HS3-256", factory=Naive, key_types=("oct",))]
"""


def test_the_kernel_guards_third_party_oct_algorithms_too(
    fake_dist: Any, forms: dict[str, dict[str, bytes]]
) -> None:
    fake_dist(
        "jam-auth-naive", modules={"jam_naive": THIRD_PARTY}, entry_points={"naive": "jam_naive"}
    )
    for name in ("pem", "pem-utf8-bom", "pem-body-lines", "der", "jwk-json", "openssh"):
        with pytest.raises(InvalidKey, match="key-confusion"):
            jam.Jam(config={"jwt": {"alg": "HS3-256", "secret_key": forms["RSA"][name]}})
    ok = jam.Jam(config={"jwt": {"alg": "HS3-256", "secret_key": secrets.token_urlsafe(32)}})
    ok.close()


# -- no false alarms ----------------------------------------------------------------------------


def test_random_binary_secrets_are_never_taken_for_keys() -> None:
    for size in range(32, 200):
        for _ in range(20):
            assert asymmetric_form(os.urandom(size)) is None


def test_random_secrets_shaped_like_a_der_sequence_are_not_taken_for_keys() -> None:
    """A first byte 0x30 and a matching length are not enough: the tree must name a key."""
    for size in range(32, 130):
        for _ in range(20):
            head = bytes([0x30, size - 2]) if size - 2 < 0x80 else bytes([0x30, 0x81, size - 3])
            assert asymmetric_form(head + os.urandom(size - len(head))) is None


@pytest.mark.parametrize(
    "text",
    [
        secrets.token_urlsafe(32),
        secrets.token_urlsafe(64),
        secrets.token_hex(32),
        base64.b64encode(os.urandom(48)).decode(),
        "correct horse battery staple, and then some more words",
        "my-ssh-password-is-long-enough-for-hs256",
        '{"password": "a json document is not a key, whatever it says"}',
        "секретный-ключ-для-подписи-токенов-jam",
        textwrap.dedent("""\
            multi-line
            secret text
            that is not base64"""),
    ],
)
def test_ordinary_text_secrets_are_accepted(text: str) -> None:
    assert asymmetric_form(text.encode()) is None
    assert hs256().load_signing_key(text.encode()) == text.encode()
