"""The ``otp_*`` facade methods, their jamlib-era aliases, and configuration."""

from __future__ import annotations

import warnings

import pytest

from jam import Jam
from jam.exceptions import JamConfigError, OTPError, OTPReplayed
from jam.otp import hotp, parse_secret

SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
T = 1_700_000_020


def test_seed_methods_keep_their_signatures(make_jam):
    jam = make_jam()
    code = jam.otp_code(SECRET, factor=T)
    assert jam.otp_verify_code(SECRET, code, factor=T, look_ahead=0)
    assert jam.otp_uri(SECRET, name="alice", issuer="Ex", counter=None).startswith(
        "otpauth://totp/Ex:alice?"
    )


@pytest.mark.parametrize(
    ("alias", "method", "args"),
    [
        ("get_otp_code", "otp_code", (SECRET, T)),
        ("get_otp_uri", "otp_uri", (SECRET, "alice", "Ex")),
        ("verify_otp_code", "otp_verify_code", (SECRET, "755224", T, 1)),
    ],
)
def test_deprecated_aliases_warn_and_forward(make_jam, alias, method, args):
    jam = make_jam()
    with pytest.warns(
        DeprecationWarning, match=rf"Jam\.{alias}\(\) is deprecated; use Jam\.{method}"
    ):
        result = getattr(jam, alias)(*args)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert result == getattr(jam, method)(*args)


def test_deprecated_verify_alias_accepts_a_good_code(make_jam):
    jam = make_jam()
    code = jam.otp_code(SECRET, T)
    with pytest.deprecated_call():
        assert jam.verify_otp_code(SECRET, code, T)


def test_otp_methods_need_the_otp_table():
    jam = Jam(config={"jwt": {"alg": "HS256", "secret_key": "otp-test-secret-Zq8Lw3Rt6Yp1Xc5V"}})
    for call in (
        lambda: jam.otp_code(SECRET),
        lambda: jam.otp_uri(SECRET, "a"),
        lambda: jam.otp_verify_code(SECRET, "123456"),
        lambda: jam.otp_verify_counter(SECRET, "123456"),
        lambda: jam.otp_check_code(SECRET, "123456"),
    ):
        with pytest.raises(JamConfigError, match=r"\[jam\.otp\]"):
            call()
    jam.close()


def test_verify_counter_and_check_on_the_facade(make_jam):
    jam = make_jam(type="hotp", replay_protection=True)
    key = parse_secret(SECRET)
    assert jam.otp_verify_counter(SECRET, hotp(key, 12), 10, look_ahead=5) == 12
    assert jam.otp_verify_counter(SECRET, hotp(key, 12), 10, look_ahead=5) is None
    assert jam.otp_check_code(SECRET, hotp(key, 13), 13) == 13
    with pytest.raises(OTPReplayed):
        jam.otp_check_code(SECRET, hotp(key, 13), 13)
    with pytest.raises(OTPError, match="not valid"):
        jam.otp_check_code(SECRET, "12a456", 13)


def test_generate_secret_on_the_facade(make_jam):
    jam = make_jam()
    secret = jam.otp_generate_secret()
    assert len(parse_secret(secret)) == 20
    assert Jam.otp_generate_secret() != secret


@pytest.mark.parametrize(
    "bad",
    [
        {"type": "motp"},
        {"digits": 5},
        {"digits": 11},
        {"digest": "md5"},
        {"interval": 0},
        {"issuer": ""},
        {"hotp_replay_ttl": 0},
    ],
)
def test_invalid_settings_are_config_errors(make_jam, bad):
    with pytest.raises(JamConfigError):
        make_jam(**bad)


def test_every_documented_key_is_accepted(make_jam):
    jam = make_jam(
        type="totp",
        digits=8,
        digest="sha256",
        interval=60,
        issuer="Example",
        allow_weak_secrets=True,
        replay_protection=True,
        replay_backend="memory",
        hotp_replay_ttl=3600,
    )
    assert jam.otp_verify_code(b"short", jam.otp_code(b"short", T), T)


def test_repr_and_logs_never_show_secrets_or_codes(make_jam, caplog):
    jam = make_jam(replay_protection=True)
    with caplog.at_level("DEBUG", logger="jam"):
        code = jam.otp_code(SECRET, T)
        jam.otp_verify_code(SECRET, code, T)
        jam.otp_verify_code(SECRET, code, T)
    assert SECRET not in caplog.text
    assert code not in caplog.text
    assert SECRET not in repr(jam)
