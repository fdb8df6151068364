"""Verification: bad input is False, windows are exact at their edges, errors are typed."""

from __future__ import annotations

import time

import pytest

from jam.exceptions import OTPError, OTPReplayed
from jam.otp import MAX_LOOK_AHEAD, generate_secret, hotp, parse_secret

SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
KEY = parse_secret(SECRET)
T = 1_700_000_020  # 10 s into step 56_666_667 (30 s steps)
STEP = T // 30


@pytest.fixture
def totp(make_engine):
    return make_engine(type="totp")


@pytest.fixture
def hotp_engine(make_engine):
    return make_engine(type="hotp")


BAD_CODES = [
    None,
    "",
    "12a456",
    "1" * (1 << 20),
    "x" * (1 << 20),
    "12345",
    "1234567",
    " 123456",
    "123456 ",
    "123 456",
    "+12345",
    "-12345",
    "１２３４５６",  # full-width digits  # noqa: RUF001  (the point of the test)
    "١٢٣٤٥٦",  # Arabic-Indic digits
    "12345\x00",
    123456,
    b"123456",
    12.0,
    ["123456"],
]


@pytest.mark.parametrize("code", BAD_CODES, ids=lambda c: repr(c)[:20])
def test_bad_codes_are_false_never_an_exception(totp, hotp_engine, code):
    assert totp.verify(SECRET, code, T) is False
    assert totp.verify_counter(SECRET, code, T) is None
    assert hotp_engine.verify(SECRET, code, 0, look_ahead=5) is False
    with pytest.raises(OTPError, match="not valid"):
        totp.check(SECRET, code, T)


def test_a_megabyte_code_is_rejected_before_any_work(totp):
    huge = "7" * (1 << 20)
    start = time.perf_counter()
    for _ in range(100):
        assert not totp.verify(SECRET, huge, T)
    assert time.perf_counter() - start < 0.5


def test_code_for_now_by_default(totp):
    assert totp.verify(SECRET, totp.code(SECRET))
    assert totp.code(SECRET) == hotp(KEY, int(time.time() // 30))


@pytest.mark.parametrize("look_ahead", [0, 1, 2, 5])
def test_totp_window_is_plus_minus_look_ahead_steps(totp, look_ahead):
    for offset in range(-look_ahead - 2, look_ahead + 3):
        code = hotp(KEY, STEP + offset)
        inside = abs(offset) <= look_ahead
        assert totp.verify(SECRET, code, T, look_ahead) is inside, offset
        assert totp.verify_counter(SECRET, code, T, look_ahead) == (
            STEP + offset if inside else None
        )


def test_totp_step_boundaries_are_exact(totp):
    start = STEP * 30
    code = hotp(KEY, STEP)
    assert totp.code(SECRET, start) == code
    assert totp.code(SECRET, start + 29) == code
    assert totp.code(SECRET, start - 1) != code
    assert totp.code(SECRET, start + 30) != code
    assert totp.verify(SECRET, code, start, look_ahead=0)
    assert totp.verify(SECRET, code, start + 29.999, look_ahead=0)
    assert not totp.verify(SECRET, code, start - 1, look_ahead=0)
    assert totp.verify(SECRET, code, start - 1, look_ahead=1)
    assert not totp.verify(SECRET, code, start + 60, look_ahead=1)
    assert totp.verify(SECRET, code, start + 59, look_ahead=1)


def test_totp_window_near_the_epoch_does_not_go_negative(totp):
    assert totp.verify(SECRET, hotp(KEY, 0), 0, look_ahead=3)
    assert totp.verify_counter(SECRET, hotp(KEY, 1), 5, look_ahead=3) == 1


def test_interval_is_honoured_everywhere(make_engine):
    engine = make_engine(interval=60)
    assert engine.code(SECRET, T) == hotp(KEY, T // 60)
    assert engine.verify(SECRET, hotp(KEY, T // 60 + 1), T, look_ahead=1)
    assert not engine.verify(SECRET, hotp(KEY, T // 60 + 2), T, look_ahead=1)
    assert engine.verify_counter(SECRET, engine.code(SECRET, T), T) == T // 60
    assert "period=60" in engine.uri(SECRET, "alice")


def test_hotp_window_is_counter_to_counter_plus_look_ahead(hotp_engine):
    for counter in range(0, 8):
        code = hotp(KEY, counter)
        expected = counter if 3 <= counter <= 5 else None
        assert hotp_engine.verify_counter(SECRET, code, 3, look_ahead=2) == expected
        assert hotp_engine.verify(SECRET, code, 3, look_ahead=2) is (expected is not None)


def test_hotp_look_ahead_zero_is_exact(hotp_engine):
    assert hotp_engine.verify(SECRET, hotp(KEY, 7), 7, look_ahead=0)
    assert not hotp_engine.verify(SECRET, hotp(KEY, 8), 7, look_ahead=0)


def test_hotp_reports_the_counter_for_resynchronisation(hotp_engine):
    stored = 10
    typed = hotp(KEY, 14)  # the user pressed the button four extra times
    matched = hotp_engine.verify_counter(SECRET, typed, stored, look_ahead=10)
    assert matched == 14
    stored = matched + 1
    assert hotp_engine.verify_counter(SECRET, hotp(KEY, 15), stored, look_ahead=0) == 15
    assert hotp_engine.check(SECRET, hotp(KEY, 15), stored) == 15


def test_hotp_counter_is_required(hotp_engine, make_jam):
    with pytest.raises(OTPError, match="HOTP needs the counter"):
        hotp_engine.code(SECRET)
    with pytest.raises(OTPError, match="HOTP needs the counter"):
        hotp_engine.verify(SECRET, "755224")
    jam = make_jam(type="hotp")
    with pytest.raises(OTPError, match="factor="):
        jam.otp_code(SECRET)
    with pytest.raises(OTPError, match="factor="):
        jam.otp_verify_code(SECRET, "755224")


@pytest.mark.parametrize("factor", [-1, True, "5", 1.5, 2**64])
def test_bad_hotp_counter_is_otp_error(hotp_engine, factor):
    with pytest.raises(OTPError, match="counter"):
        hotp_engine.code(SECRET, factor)


def test_hotp_counter_at_the_top_of_the_range(hotp_engine):
    top = 2**64 - 1
    assert hotp_engine.verify(SECRET, hotp(KEY, top), top, look_ahead=5)


@pytest.mark.parametrize("factor", [-1, True, "now", float("nan"), float("inf"), 2.0**70])
def test_bad_totp_time_is_otp_error(totp, factor):
    with pytest.raises(OTPError, match="unix time"):
        totp.code(SECRET, factor)
    with pytest.raises(OTPError, match="unix time"):
        totp.verify(SECRET, "123456", factor)


def test_float_times_are_accepted(totp):
    assert totp.code(SECRET, T + 0.5) == totp.code(SECRET, T)


@pytest.mark.parametrize("look_ahead", [-1, MAX_LOOK_AHEAD + 1, 1.0, True, None])
def test_bad_look_ahead_is_otp_error(totp, look_ahead):
    with pytest.raises(OTPError, match="look_ahead"):
        totp.verify(SECRET, "123456", T, look_ahead)


@pytest.mark.parametrize("digits", [6, 7, 8, 9, 10])
@pytest.mark.parametrize("digest", ["sha1", "sha256", "sha512"])
def test_every_length_and_digest_round_trips(make_engine, digits, digest):
    engine = make_engine(digits=digits, digest=digest)
    secret = generate_secret()
    code = engine.code(secret, T)
    assert len(code) == digits
    assert code.isdigit()
    assert engine.verify(secret, code, T)
    assert not engine.verify(secret, code[:-1], T)
    assert not engine.verify(secret, code + "0", T)
    assert engine.verify(secret, hotp(parse_secret(secret), STEP, digits, digest), T, 0)


def test_eight_digit_sha512_codes(make_engine):
    engine = make_engine(digits=8, digest="sha512")
    code = engine.code(SECRET, T)
    assert len(code) == 8
    assert code == hotp(KEY, STEP, 8, "sha512")
    assert code != hotp(KEY, STEP, 8, "sha1")
    assert engine.verify(SECRET, code, T)
    assert not engine.verify(SECRET, code[2:], T)


def test_wrong_code_is_false_and_check_says_why(totp):
    right = totp.code(SECRET, T)
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    assert not totp.verify(SECRET, wrong, T, look_ahead=0)
    with pytest.raises(OTPError, match="not valid") as info:
        totp.check(SECRET, wrong, T, look_ahead=0)
    assert not isinstance(info.value, OTPReplayed)
    assert wrong not in str(info.value)


def test_a_bad_secret_raises_even_with_a_bad_code(totp):
    with pytest.raises(OTPError, match="base32"):
        totp.verify("not base32!", "", T)


def test_comparison_uses_compare_digest(totp, monkeypatch):
    import hmac

    calls = []
    real = hmac.compare_digest

    def spy(a, b):
        calls.append((type(a), type(b)))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    assert totp.verify(SECRET, totp.code(SECRET, T), T)
    assert calls
    assert all(pair == (str, str) for pair in calls)
