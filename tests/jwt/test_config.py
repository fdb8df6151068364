"""Construction: which ``[jwt]`` tables build, which fail (and how), and the deprecated aliases."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

import jam
from jam.exceptions import (
    EmptyPrivateKey,
    EmptySecretKey,
    EmtpyPrivateKey,
    InvalidKey,
    JamConfigError,
    JamPluginNotFoundError,
)


def test_config_without_a_jwt_table_builds(make_jam: Callable[..., jam.Jam]) -> None:
    j = make_jam()
    assert j.config.jwt is None


@pytest.mark.parametrize(
    ("method", "args"),
    [
        ("jwt_make_payload", (60, {})),
        ("jwt_create_token", ({"sub": "1"},)),
        ("jwt_verify_token", ("a.b.c",)),
        ("jwt_revoke_token", ("a.b.c",)),
    ],
)
def test_jwt_calls_without_a_jwt_table_raise_a_config_error(
    method: str, args: tuple[Any, ...], make_jam: Callable[..., jam.Jam]
) -> None:
    j = make_jam()
    with pytest.raises(JamConfigError, match=r"\[jam\.jwt\]"):
        getattr(j, method)(*args)


def test_jwt_list_without_a_jwt_table_raises_a_config_error(
    make_jam: Callable[..., jam.Jam],
) -> None:
    with pytest.raises(JamConfigError):
        _ = make_jam().jwt_list


def test_hs_table_without_a_secret_fails_at_construction(
    make_jam: Callable[..., jam.Jam],
) -> None:
    with pytest.raises(EmptySecretKey) as info:
        make_jam({"alg": "HS256"})
    assert isinstance(info.value, JamConfigError)
    assert isinstance(info.value, ValueError)
    with pytest.raises(EmptySecretKey):
        make_jam({})  # HS256 is the default alg


@pytest.mark.parametrize("alg", ["RS256", "PS384", "ES256", "ES256K", "EdDSA"])
def test_asymmetric_table_without_keys_fails_at_construction(
    alg: str, make_jam: Callable[..., jam.Jam]
) -> None:
    with pytest.raises(EmptyPrivateKey):
        make_jam({"alg": alg})


def test_only_a_public_key_verifies_but_cannot_create(
    make_jam: Callable[..., jam.Jam], keys: Any
) -> None:
    signer = make_jam({"alg": "ES256", "private_key": keys.private_pem("P-256")})
    verifier = make_jam({"alg": "ES256", "public_key": keys.public_pem("P-256")})
    assert verifier.jwt_verify_token(signer.jwt_create_token({"exp": 2**40}))
    with pytest.raises(EmptyPrivateKey) as info:
        verifier.jwt_create_token({"sub": "1"})
    assert isinstance(info.value, EmtpyPrivateKey)


@pytest.mark.parametrize(("alg", "size"), [("HS256", 32), ("HS384", 48), ("HS512", 64)])
def test_hs_secret_shorter_than_the_hash_is_rejected(
    alg: str, size: int, make_jam: Callable[..., jam.Jam]
) -> None:
    """RFC 7518 §3.2: a key of the same size as the hash output or larger MUST be used."""
    distinct = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+-"
    assert make_jam({"alg": alg, "secret_key": distinct[:size]})
    with pytest.raises(InvalidKey, match=str(size)):
        make_jam({"alg": alg, "secret_key": distinct[: size - 1]})


def test_rsa_key_below_2048_bits_is_rejected(make_jam: Callable[..., jam.Jam]) -> None:
    small = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505  (under test)
    pem = small.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    for alg in ("RS256", "PS256"):
        with pytest.raises(InvalidKey, match="2048"):
            make_jam({"alg": alg, "private_key": pem})


@pytest.mark.parametrize("alg", ["none", "None", "NONE"])
def test_alg_none_cannot_be_configured(alg: str, make_jam: Callable[..., jam.Jam]) -> None:
    with pytest.raises(JamConfigError, match="none"):
        make_jam({"alg": alg, "secret_key": "s" * 32})
    with pytest.raises(JamConfigError, match="none"):
        make_jam({"alg": "HS256", "algorithms": ["HS256", alg], "secret_key": "s" * 32})


def test_unknown_alg_names_the_registered_ones(make_jam: Callable[..., jam.Jam]) -> None:
    with pytest.raises(JamPluginNotFoundError, match="HS256"):
        make_jam({"alg": "HS999", "secret_key": "s" * 64})


def test_signing_alg_outside_algorithms_fails_at_construction(
    make_jam: Callable[..., jam.Jam], keys: Any
) -> None:
    with pytest.raises(JamConfigError, match="algorithms"):
        make_jam({"alg": "RS256", "algorithms": ["PS256"], "private_key": keys.private_pem("RSA")})


def test_several_algorithms_for_one_rsa_key(make_jam: Callable[..., jam.Jam], keys: Any) -> None:
    j = make_jam(
        {"alg": "RS256", "algorithms": ["RS256", "PS256"], "private_key": keys.private_pem("RSA")}
    )
    import jwt as pyjwt

    for alg in ("RS256", "PS256"):
        token = pyjwt.encode({"exp": 2**40}, keys.private("RSA"), algorithm=alg)
        assert j.jwt_verify_token(token) == {"exp": 2**40}
    with pytest.raises(jam.AlgorithmNotAllowed):
        j.jwt_verify_token(pyjwt.encode({"exp": 2**40}, keys.private("RSA"), algorithm="RS384"))


def test_secret_key_with_an_asymmetric_alg_is_a_config_error(
    make_jam: Callable[..., jam.Jam],
) -> None:
    with pytest.raises(JamConfigError, match="secret_key"):
        make_jam({"alg": "RS256", "secret_key": "s" * 64})


def test_private_key_with_an_hmac_alg_is_a_config_error(
    make_jam: Callable[..., jam.Jam], keys: Any
) -> None:
    with pytest.raises(JamConfigError, match="secret_key"):
        make_jam({"alg": "HS256", "private_key": keys.private_pem("RSA")})


def test_secrets_never_appear_in_config_errors_or_repr(
    make_jam: Callable[..., jam.Jam], keys: Any
) -> None:
    secret = "do-not-print-me-" * 2
    with pytest.raises(JamConfigError) as info:
        make_jam({"alg": "HS512", "secret_key": secret})
    assert secret not in str(info.value)
    j = make_jam({"alg": "HS256", "secret_key": secret})
    assert secret not in repr(j.config)
    assert keys.private_pem("P-256")[40:80] not in repr(
        make_jam({"alg": "ES256", "private_key": keys.private_pem("P-256")}).config
    )


# -- deprecated aliases ----------------------------------------------------------------------


def test_gen_jwt_token_is_a_deprecated_alias(hs256: jam.Jam) -> None:
    with pytest.warns(DeprecationWarning, match="jwt_create_token"):
        token = hs256.gen_jwt_token({"sub": "1", "exp": 2**40})
    assert hs256.jwt_verify_token(token)["sub"] == "1"


def test_verify_jwt_token_is_a_deprecated_alias(hs256: jam.Jam) -> None:
    token = hs256.jwt_create_token({"sub": "1"})
    with pytest.warns(DeprecationWarning, match="jwt_verify_token"):
        assert hs256.verify_jwt_token(token, check_exp=False, check_list=True) == {"sub": "1"}


def test_make_payload_is_a_deprecated_alias_taking_keyword_claims(
    hs256: jam.Jam, make_jam: Callable[..., jam.Jam], keys: Any
) -> None:
    with pytest.warns(DeprecationWarning, match="jwt_make_payload"):
        payload = hs256.make_payload(exp=30, sub="1", role="admin")
    assert payload["sub"] == "1"
    assert payload["role"] == "admin"
    assert payload["exp"] - payload["iat"] == 30
    j = make_jam(keys.jwt_table("HS256", expire=77))
    with pytest.warns(DeprecationWarning, match="make_payload"):
        default = j.make_payload(sub="2")
    assert default["exp"] - default["iat"] == 77


def test_deprecation_warnings_point_at_the_caller(hs256: jam.Jam) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        hs256.make_payload(sub="1")
    assert caught
    assert caught[0].filename == __file__


def test_new_names_do_not_warn(hs256: jam.Jam) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        token = hs256.jwt_create_token(hs256.jwt_make_payload(60, {"sub": "1"}))
        assert hs256.jwt_verify_token(token)["sub"] == "1"
