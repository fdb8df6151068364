"""Weak HMAC secrets (issues 9.4 and 10): refused by the kernel unless ``allow_weak_secret``.

Weak: shorter than the hash (RFC 7518 §3.2), all zeros, one byte repeated, or a
block of up to 8 bytes repeated. The kernel's key ring enforces this for every
``oct`` algorithm, whichever plugin registered it; ``[jam.jwt] allow_weak_secret
= true`` accepts such a secret and logs a WARNING on the ``jam`` logger that
never contains it.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable
from typing import Any

import jwt as pyjwt
import pytest

import jam
from jam.exceptions import InvalidKey
from jam.jwt._secret_policy import MAX_PATTERN, weakness

DISTINCT = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+-"
"""64 distinct characters: no repetition, so only the length can make a prefix weak."""

WEAK = {
    "all-zero-bytes": bytes(64),
    "all-zero-text": b"0" * 64,
    "one-byte-repeated": b"\xa5" * 64,
    "one-letter-repeated": b"s" * 64,
    "two-bytes-repeated": b"ab" * 32,
    "jamlib-secret-repeated": b"SECRET" * 11,
    "eight-byte-block-with-a-partial-tail": (b"p4ssw0rd" * 9)[:67],
}


@pytest.mark.parametrize("name", sorted(WEAK))
@pytest.mark.parametrize("alg", ["HS256", "HS384", "HS512"])
def test_repetitive_secrets_are_refused_by_default(
    name: str, alg: str, make_jam: Callable[..., jam.Jam]
) -> None:
    secret = WEAK[name]
    with pytest.raises(InvalidKey, match="weak") as info:
        make_jam({"alg": alg, "secret_key": secret})
    message = str(info.value)
    assert "allow_weak_secret" in message
    assert secret.decode("latin-1")[:8] not in message


@pytest.mark.parametrize(("alg", "size"), [("HS256", 32), ("HS384", 48), ("HS512", 64)])
def test_secrets_shorter_than_the_hash_are_refused_and_as_long_as_it_accepted(
    alg: str, size: int, make_jam: Callable[..., jam.Jam]
) -> None:
    with pytest.raises(InvalidKey, match=f"shorter than {size} bytes"):
        make_jam({"alg": alg, "secret_key": DISTINCT[: size - 1]})
    assert make_jam({"alg": alg, "secret_key": DISTINCT[:size]})


def test_a_weak_secret_in_an_oct_jwk_is_refused_too(make_jam: Callable[..., jam.Jam]) -> None:
    k = base64.urlsafe_b64encode(bytes(32)).rstrip(b"=").decode()
    with pytest.raises(InvalidKey, match="weak"):
        make_jam({"alg": "HS256", "secret_key": {"kty": "oct", "k": k}})


def test_every_rotation_key_is_checked(make_jam: Callable[..., jam.Jam]) -> None:
    with pytest.raises(InvalidKey, match=r"kid='old'.*weak"):
        make_jam(
            {
                "alg": "HS256",
                "keys": [
                    {"kid": "new", "secret_key": DISTINCT},
                    {"kid": "old", "secret_key": "x" * 32},
                ],
            }
        )


@pytest.mark.filterwarnings("ignore:The HMAC key is:UserWarning")  # PyJWT agrees it is weak
@pytest.mark.parametrize(
    "secret",
    [b"SECRET", b"s" * 64, bytes(32), b"ab" * 16, b"x" * 5],
    ids=["jamlib-SECRET", "repeated", "all-zero", "pattern", "five-bytes"],
)
def test_allow_weak_secret_accepts_it_and_warns_without_the_secret(
    secret: bytes, make_jam: Callable[..., jam.Jam], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="jam")
    auth = make_jam({"alg": "HS256", "secret_key": secret, "allow_weak_secret": True})
    token = auth.jwt_create_token(auth.jwt_make_payload(60, {"sub": "1"}))
    assert auth.jwt_verify_token(token)["sub"] == "1"
    assert pyjwt.decode(token, secret, algorithms=["HS256"])["sub"] == "1"
    warnings = [r for r in caplog.records if r.name == "jam" and r.levelno == logging.WARNING]
    assert len(warnings) == 1
    text = warnings[0].getMessage()
    assert "weak" in text
    assert "allow_weak_secret" in text
    assert secret.decode("latin-1") not in text


def test_a_strong_secret_logs_nothing(
    make_jam: Callable[..., jam.Jam], keys: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="jam")
    make_jam({**keys.jwt_table("HS256"), "allow_weak_secret": True})
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_allow_weak_secret_never_relaxes_the_key_confusion_guard(
    make_jam: Callable[..., jam.Jam], keys: Any
) -> None:
    with pytest.raises(InvalidKey, match="key-confusion"):
        make_jam({"alg": "HS256", "secret_key": keys.public_pem("RSA"), "allow_weak_secret": True})


def test_allow_weak_secret_defaults_to_false_and_is_a_boolean() -> None:
    from jam.config import load_config

    settings = load_config({"jwt": {"secret_key": DISTINCT}}).jwt
    assert settings is not None
    assert settings.allow_weak_secret is False
    with pytest.raises(jam.JamConfigError):
        load_config({"jwt": {"secret_key": DISTINCT, "allow_weak_secret": "sometimes"}})


TOY = """
import hmac
from jam.plugins import AlgorithmRecord, hookimpl

class HS3:
    name = "HS3-256"
    def load_signing_key(self, material):
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
    return [AlgorithmRecord(name="HS3-256", factory=HS3, key_types=("oct",))]
"""


def test_the_policy_applies_to_third_party_oct_algorithms(fake_dist: Any) -> None:
    """The minimum length comes from the MAC the algorithm makes (32 bytes for SHA3-256)."""
    fake_dist("jam-auth-sha3", modules={"jam_sha3": TOY}, entry_points={"sha3": "jam_sha3"})
    for weak in (b"\0" * 64, DISTINCT[:31].encode()):
        with pytest.raises(InvalidKey, match="weak"):
            jam.Jam(config={"jwt": {"alg": "HS3-256", "secret_key": weak}})
    relaxed = jam.Jam(
        config={"jwt": {"alg": "HS3-256", "secret_key": b"\0" * 64, "allow_weak_secret": True}}
    )
    relaxed.close()
    jam.Jam(config={"jwt": {"alg": "HS3-256", "secret_key": DISTINCT[:32]}}).close()


@pytest.mark.parametrize(
    "secret",
    [b"0123456789abcdef" * 3, b"do-not-print-me-" * 2, bytes(range(64)), DISTINCT.encode()],
)
def test_patterns_longer_than_the_limit_are_not_called_trivial(secret: bytes) -> None:
    assert weakness(secret, 32) is None


def test_the_pattern_limit_is_eight_bytes() -> None:
    assert MAX_PATTERN == 8
    assert weakness(b"12345678" * 4, 32) is not None
    assert weakness(b"123456789" * 4, 32) is None
