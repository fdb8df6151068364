"""Configuration value types: no bools for numbers, bounded lifetimes, consistent hashing."""

from __future__ import annotations

from typing import Literal

import pytest

import jam
from jam.config import MAX_LIFETIME, KeySource, Section, load_config
from jam.exceptions import JamConfigError

SECRET = "a-config-test-hs256-secret-32-bytes!"

BOOL_FOR_NUMBER = [
    ({"jwt": {"secret_key": SECRET, "expire": True}}, "jam.jwt.expire"),
    ({"jwt": {"secret_key": SECRET, "leeway": True}}, "jam.jwt.leeway"),
    ({"jwt": {"secret_key": SECRET, "max_token_length": True}}, "jam.jwt.max_token_length"),
    ({"jwt": {"secret_key": SECRET, "list": {"type": "black", "entry_ttl": True}}}, "entry_ttl"),
    ({"session": {"default_ttl": True}}, "jam.session.default_ttl"),
    ({"session": {"session_ttl": True}}, "jam.session.session_ttl"),
    ({"session": {"idle_ttl": True}}, "jam.session.idle_ttl"),
    ({"otp": {"digits": True}}, "jam.otp.digits"),
    ({"otp": {"interval": True}}, "jam.otp.interval"),
    ({"otp": {"key_cache_size": False}}, "jam.otp.key_cache_size"),
    ({"otp": {"hotp_replay_ttl": True}}, "jam.otp.hotp_replay_ttl"),
]


@pytest.mark.parametrize(("config", "key"), BOOL_FOR_NUMBER, ids=lambda v: str(v)[-30:])
def test_a_bool_is_never_taken_for_a_number(config: dict[str, object], key: str) -> None:
    with pytest.raises(JamConfigError) as info:
        load_config(config)
    assert key in str(info.value)
    assert "not true/false" in str(info.value)


def test_bools_are_refused_in_backend_options_too() -> None:
    with pytest.raises(JamConfigError, match="timeout: expected a number, not true/false"):
        jam.Jam(config={"session": {"backend": "sqlite", "timeout": True}})


class Knobs(Section):
    count: int | None = None
    ratio: float = 1.0
    level: Literal[1, 2] = 1
    flag: bool | int = False


def test_the_rule_follows_the_annotation() -> None:
    for field in ("count", "ratio", "level"):
        with pytest.raises(ValueError, match="not true/false"):
            Knobs.model_validate({field: True})
    assert Knobs(flag=True).flag is True  # a field that takes bools still does
    assert Knobs(count=3, ratio=2).count == 3


@pytest.mark.parametrize(
    ("config", "key"),
    [
        ({"session": {"default_ttl": 10**15}}, "jam.session.default_ttl"),
        ({"session": {"default_ttl": 1e15}}, "jam.session.default_ttl"),
        ({"session": {"idle_ttl": MAX_LIFETIME + 1}}, "jam.session.idle_ttl"),
        ({"jwt": {"secret_key": SECRET, "expire": 10**12}}, "jam.jwt.expire"),
        (
            {"jwt": {"secret_key": SECRET, "list": {"type": "black", "entry_ttl": 10**12}}},
            "jam.jwt.list.entry_ttl",
        ),
        ({"otp": {"hotp_replay_ttl": 10**12}}, "jam.otp.hotp_replay_ttl"),
    ],
)
def test_lifetimes_are_bounded_at_load(config: dict[str, object], key: str) -> None:
    with pytest.raises(JamConfigError) as info:
        load_config(config)
    assert key in str(info.value)
    assert str(MAX_LIFETIME) in str(info.value)


def test_ten_years_is_still_accepted() -> None:
    cfg = load_config({"session": {"default_ttl": MAX_LIFETIME}})
    assert cfg.session is not None and cfg.session.default_ttl == MAX_LIFETIME
    assert MAX_LIFETIME == 10 * 365 * 24 * 3600


def test_key_source_hash_is_consistent_with_equality() -> None:
    first, second = KeySource(b"same secret bytes"), KeySource(b"same secret bytes")
    assert first == second
    assert hash(first) == hash(second)
    assert len({first, second}) == 1
    jwk_a, jwk_b = KeySource({"kty": "oct", "k": "AAAA"}), KeySource({"kty": "oct", "k": "AAAA"})
    assert jwk_a == jwk_b and hash(jwk_a) == hash(jwk_b)
    assert KeySource(b"other") != first
