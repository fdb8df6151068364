"""The JWT part of the exception hierarchy."""

from __future__ import annotations

import pytest

import jam
import jam.exceptions as exc

TOKEN_ERRORS = [
    "MalformedToken",
    "InvalidSignature",
    "AlgorithmNotAllowed",
    "UnknownKeyId",
    "TokenLifeTimeExpired",
    "TokenNotYetValid",
    "InvalidIssuer",
    "InvalidAudience",
    "NotFoundSomeInPayload",
    "TokenNotInWhiteList",
    "TokenInBlackList",
]
KEY_ERRORS = ["EmptySecretKey", "EmptyPrivateKey", "EmptyPublicKey"]


@pytest.mark.parametrize("name", TOKEN_ERRORS)
def test_every_token_error_is_a_jam_error_and_a_value_error(name: str) -> None:
    cls = getattr(exc, name)
    assert issubclass(cls, exc.TokenError)
    assert issubclass(cls, exc.JamError)
    assert issubclass(cls, ValueError)
    assert getattr(jam, name) is cls  # exported from the package too


@pytest.mark.parametrize("name", KEY_ERRORS)
def test_missing_key_errors_are_config_errors_and_value_errors(name: str) -> None:
    cls = getattr(exc, name)
    assert issubclass(cls, exc.JamConfigError)
    assert issubclass(cls, ValueError)
    assert getattr(jam, name) is cls


def test_misspelled_jamlib_aliases_are_the_same_classes() -> None:
    assert exc.EmtpyPrivateKey is exc.EmptyPrivateKey
    assert exc.EmtpyPublicKey is exc.EmptyPublicKey
    assert jam.EmtpyPrivateKey is jam.EmptyPrivateKey
    assert jam.EmtpyPublicKey is jam.EmptyPublicKey
    with pytest.raises(exc.EmtpyPrivateKey):
        raise exc.EmptyPrivateKey("x")


def test_invalid_payload_and_invalid_key_are_jam_errors() -> None:
    assert issubclass(exc.InvalidPayload, exc.JamError)
    assert issubclass(exc.InvalidPayload, ValueError)
    assert issubclass(exc.InvalidKey, exc.JamConfigError)


def test_except_value_error_still_catches_jamlib_style() -> None:
    with pytest.raises(ValueError, match="expired"):
        raise jam.TokenLifeTimeExpired("token has expired")
