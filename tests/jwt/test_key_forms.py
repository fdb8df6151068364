"""Key material in every documented form, public-key derivation, certificates and rotation."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jwt as pyjwt
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID
from joserfc.jwk import ECKey, OKPKey, RSAKey

import jam
from jam.exceptions import InvalidKey, UnknownKeyId


def claims(**extra: Any) -> dict[str, Any]:
    now = int(time.time())
    return {"sub": "42", "iat": now, "exp": now + 60, **extra}


def toml_string(text: str) -> str:
    return '"""' + text + '"""'


@pytest.mark.parametrize(
    ("alg", "family"), [("RS256", "RSA"), ("ES384", "P-384"), ("EdDSA", "Ed25519")]
)
def test_pem_text_private_and_public_keys(
    alg: str, family: str, keys: Any, make_jam: Callable[..., jam.Jam]
) -> None:
    signer = make_jam({"alg": alg, "private_key": keys.private_pem(family)})
    verifier = make_jam({"alg": alg, "public_key": keys.public_pem(family)})
    token = signer.jwt_create_token(claims())
    assert verifier.jwt_verify_token(token)["sub"] == "42"


def test_public_key_is_derived_when_only_private_key_is_given(
    keys: Any, make_jam: Callable[..., jam.Jam]
) -> None:
    j = make_jam({"alg": "ES256", "private_key": keys.private_pem("P-256")})
    token = j.jwt_create_token(claims())
    assert j.jwt_verify_token(token)["sub"] == "42"
    assert pyjwt.decode(token, keys.private("P-256").public_key(), algorithms=["ES256"])


def test_file_references_in_a_toml_config_are_read_relative_to_it(
    tmp_path: Path, keys: Any
) -> None:
    folder = tmp_path / "keys"
    folder.mkdir()
    (folder / "es256.pem").write_text(keys.private_pem("P-256"))
    (folder / "es256.pub.pem").write_text(keys.public_pem("P-256"))
    config = tmp_path / "jam.toml"
    config.write_text(
        "[jam.jwt]\n"
        'alg = "ES256"\n'
        'private_key = { file = "keys/es256.pem" }\n'
        'public_key = { file = "keys/es256.pub.pem" }\n'
    )
    j = jam.Jam(config=config)
    try:
        token = j.jwt_create_token(claims())
        assert j.jwt_verify_token(token)["sub"] == "42"
        pub = keys.private("P-256").public_key()
        assert pyjwt.decode(token, pub, algorithms=["ES256"])["sub"] == "42"
    finally:
        j.close()


def test_a_missing_key_file_is_a_config_error(tmp_path: Path) -> None:
    config = tmp_path / "jam.toml"
    config.write_text('[jam.jwt]\nalg = "ES256"\nprivate_key = { file = "nope.pem" }\n')
    with pytest.raises(jam.JamConfigError, match=r"nope\.pem"):
        jam.Jam(config=config)


@pytest.mark.parametrize(
    ("alg", "family", "loader"),
    [("RS256", "RSA", RSAKey), ("ES256", "P-256", ECKey), ("EdDSA", "Ed448", OKPKey)],
)
def test_jwk_dicts_as_private_and_public_keys(
    alg: str, family: str, loader: Any, keys: Any, make_jam: Callable[..., jam.Jam]
) -> None:
    private_jwk = loader.import_key(keys.private_pem(family)).as_dict(private=True)
    public_jwk = loader.import_key(keys.public_pem(family)).as_dict(private=False)
    assert "d" in private_jwk
    assert "d" not in public_jwk
    signer = make_jam({"alg": alg, "private_key": private_jwk})
    verifier = make_jam({"alg": alg, "public_key": public_jwk})
    token = signer.jwt_create_token(claims())
    assert verifier.jwt_verify_token(token)["sub"] == "42"


def test_jwk_inline_table_in_toml(tmp_path: Path, keys: Any, low_s: Callable[[str], str]) -> None:
    jwk = ECKey.import_key(keys.public_pem("P-256")).as_dict(private=False)
    config = tmp_path / "jam.toml"
    members = ", ".join(f'{name} = "{value}"' for name, value in jwk.items())
    config.write_text(f'[jam.jwt]\nalg = "ES256"\npublic_key = {{ {members} }}\n')
    j = jam.Jam(config=config)
    try:
        token = low_s(pyjwt.encode(claims(), keys.private("P-256"), algorithm="ES256"))
        assert j.jwt_verify_token(token)["sub"] == "42"
    finally:
        j.close()


def test_jwk_restricted_to_another_alg_is_refused(
    keys: Any, make_jam: Callable[..., jam.Jam]
) -> None:
    jwk = {**RSAKey.import_key(keys.public_pem("RSA")).as_dict(private=False), "alg": "PS256"}
    with pytest.raises(InvalidKey, match="PS256"):
        make_jam({"alg": "RS256", "public_key": jwk})


def test_jwk_of_the_wrong_kty_is_refused(keys: Any, make_jam: Callable[..., jam.Jam]) -> None:
    jwk = ECKey.import_key(keys.public_pem("P-256")).as_dict(private=False)
    with pytest.raises(InvalidKey, match="kty"):
        make_jam({"alg": "RS256", "public_key": jwk})


def test_raw_der_bytes_in_a_dict_config(keys: Any, make_jam: Callable[..., jam.Jam]) -> None:
    private = keys.private("RSA")
    der_private = private.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    der_public = private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    signer = make_jam({"alg": "PS256", "private_key": der_private})
    verifier = make_jam({"alg": "PS256", "public_key": der_public})
    assert verifier.jwt_verify_token(signer.jwt_create_token(claims()))["sub"] == "42"


def test_raw_bytes_hmac_secret(make_jam: Callable[..., jam.Jam]) -> None:
    secret = bytes(range(256))[:64]  # not valid UTF-8 text
    j = make_jam({"alg": "HS512", "secret_key": secret})
    token = j.jwt_create_token(claims())
    assert pyjwt.decode(token, secret, algorithms=["HS512"])["sub"] == "42"


def test_utf8_text_hmac_secret_is_its_utf8_bytes(make_jam: Callable[..., jam.Jam]) -> None:
    secret = "секретный-ключ-для-подписи-токенов-jam"  # > 32 bytes in UTF-8
    j = make_jam({"alg": "HS256", "secret_key": secret})
    token = pyjwt.encode(claims(), secret.encode("utf-8"), algorithm="HS256")
    assert j.jwt_verify_token(token)["sub"] == "42"


def test_hmac_secret_from_a_toml_file_reference(tmp_path: Path) -> None:
    secret = b"0123456789abcdef0123456789abcdef0123456789abcdef"
    (tmp_path / "hs.key").write_bytes(secret)
    config = tmp_path / "jam.toml"
    config.write_text('[jam.jwt]\nalg = "HS384"\nsecret_key = { file = "hs.key" }\n')
    j = jam.Jam(config=config)
    try:
        token = pyjwt.encode(claims(), secret, algorithm="HS384")
        assert j.jwt_verify_token(token)["sub"] == "42"
    finally:
        j.close()


def self_signed_certificate(private: Any) -> str:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "jam test")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(private, hashes.SHA256())
    )
    return certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")


@pytest.mark.parametrize(("alg", "family"), [("RS256", "RSA"), ("ES256", "P-256")])
def test_certificate_pem_as_public_key(
    alg: str, family: str, keys: Any, make_jam: Callable[..., jam.Jam], low_s: Callable[[str], str]
) -> None:
    verifier = make_jam({"alg": alg, "public_key": self_signed_certificate(keys.private(family))})
    token = low_s(pyjwt.encode(claims(), keys.private(family), algorithm=alg))
    assert verifier.jwt_verify_token(token)["sub"] == "42"


# -- rotation ------------------------------------------------------------------------------


@pytest.fixture
def rotation_toml(tmp_path: Path, keys: Any) -> Path:
    (tmp_path / "new.pem").write_text(keys.private_pem("P-256"))
    (tmp_path / "old.pub.pem").write_text(keys.public_pem("RSA"))
    config = tmp_path / "jam.toml"
    config.write_text(
        "[jam.jwt]\n"
        'alg = "ES256"\n'
        "[[jam.jwt.keys]]\n"
        'kid = "2026-11"\n'
        'private_key = { file = "new.pem" }\n'
        "[[jam.jwt.keys]]\n"
        'kid = "2026-05"\n'
        'alg = "RS256"\n'
        'public_key = { file = "old.pub.pem" }\n'
    )
    return config


@pytest.fixture
def rotating(rotation_toml: Path) -> Any:
    j = jam.Jam(config=rotation_toml)
    yield j
    j.close()


def test_rotation_first_key_signs_with_its_kid_in_the_header(rotating: jam.Jam, keys: Any) -> None:
    token = rotating.jwt_create_token(claims())
    header = pyjwt.get_unverified_header(token)
    assert header == {"alg": "ES256", "typ": "JWT", "kid": "2026-11"}
    pub = keys.private("P-256").public_key()
    assert pyjwt.decode(token, pub, algorithms=["ES256"])["sub"] == "42"
    assert rotating.jwt_verify_token(token)["sub"] == "42"


def test_rotation_older_keys_still_verify_by_kid(rotating: jam.Jam, keys: Any) -> None:
    token = pyjwt.encode(
        claims(), keys.private("RSA"), algorithm="RS256", headers={"kid": "2026-05"}
    )
    assert rotating.jwt_verify_token(token)["sub"] == "42"


def test_rotation_unknown_kid_is_rejected(rotating: jam.Jam, keys: Any) -> None:
    token = pyjwt.encode(
        claims(), keys.private("P-256"), algorithm="ES256", headers={"kid": "2025-01"}
    )
    with pytest.raises(UnknownKeyId):
        rotating.jwt_verify_token(token)


def test_rotation_kid_of_another_key_does_not_verify(rotating: jam.Jam, keys: Any) -> None:
    """Signed by the new key but naming the old kid: the old key's algorithm is RS256."""
    token = pyjwt.encode(
        claims(), keys.private("P-256"), algorithm="ES256", headers={"kid": "2026-05"}
    )
    with pytest.raises((UnknownKeyId, jam.InvalidSignature)):
        rotating.jwt_verify_token(token)


def test_rotation_kid_must_match_the_signing_key(
    make_jam: Callable[..., jam.Jam], keys: Any, other_keys: Any, low_s: Callable[[str], str]
) -> None:
    j = make_jam(
        {
            "alg": "ES256",
            "keys": [
                {"kid": "a", "private_key": keys.private_pem("P-256")},
                {"kid": "b", "public_key": other_keys.public_pem("P-256")},
            ],
        }
    )
    token = pyjwt.encode(claims(), keys.private("P-256"), algorithm="ES256", headers={"kid": "b"})
    with pytest.raises(jam.InvalidSignature):
        j.jwt_verify_token(token)
    good = low_s(
        pyjwt.encode(claims(), other_keys.private("P-256"), algorithm="ES256", headers={"kid": "b"})
    )
    assert j.jwt_verify_token(good)["sub"] == "42"


def test_rotation_entries_need_distinct_kids(make_jam: Callable[..., jam.Jam], keys: Any) -> None:
    entry = {"kid": "same", "private_key": keys.private_pem("P-256")}
    with pytest.raises(jam.JamConfigError, match="distinct"):
        make_jam({"alg": "ES256", "keys": [entry, dict(entry)]})


def test_rotation_and_single_keys_cannot_be_mixed(
    make_jam: Callable[..., jam.Jam], keys: Any
) -> None:
    with pytest.raises(jam.JamConfigError, match="either"):
        make_jam(
            {
                "alg": "ES256",
                "private_key": keys.private_pem("P-256"),
                "keys": [{"kid": "a", "private_key": keys.private_pem("P-256")}],
            }
        )
