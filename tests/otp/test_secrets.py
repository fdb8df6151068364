"""Secrets: generation, base32 parsing (any case, padding optional, spaces), raw bytes, strength."""

from __future__ import annotations

import base64

import pytest

from jam.exceptions import JamConfigError, OTPError, WeakSecret
from jam.otp import MIN_SECRET_BITS, encode_secret, generate_secret, parse_secret

RAW = b"12345678901234567890"
B32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"


def test_generate_secret_is_160_random_bits_of_base32():
    secrets = {generate_secret() for _ in range(200)}
    assert len(secrets) == 200
    for secret in secrets:
        assert len(secret) == 32
        assert set(secret) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        assert len(parse_secret(secret)) == 20


def test_generate_secret_longer_and_refuses_shorter():
    assert len(parse_secret(generate_secret(32))) == 32
    with pytest.raises(OTPError, match="160"):
        generate_secret(16)


@pytest.mark.parametrize(
    "text",
    [
        B32,
        B32.lower(),
        "gEzDgNbVgY3TqOjQgEzDgNbVgY3TqOjQ",
        "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ",
        "gezd-gnbv-gy3t-qojq-gezd-gnbv-gy3t-qojq",
        " GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\n",
    ],
)
def test_base32_any_case_and_spacing(text):
    assert parse_secret(text) == RAW


@pytest.mark.parametrize("nbytes", range(16, 70))
def test_padding_is_optional(nbytes):
    raw = bytes(range(nbytes))
    padded = base64.b32encode(raw).decode()
    assert parse_secret(padded) == raw
    assert parse_secret(padded.rstrip("=")) == raw
    assert parse_secret(encode_secret(raw)) == raw
    assert "=" not in encode_secret(raw)


def test_raw_bytes_are_used_as_is():
    assert parse_secret(RAW) == RAW
    assert parse_secret(bytearray(RAW)) == RAW


@pytest.mark.parametrize(
    "text",
    [
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ0",
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ1",
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ!",
        "+GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
        "GEZDGNBV_GY3TQOJQGEZDGNBVGY3TQOJQ",
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQA",
        "GEZDGNBVGY3TQOJQ=GEZDGNBVGY3TQOJQ",
        "ÄEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
        "A" * 5000,
    ],
)
def test_invalid_base32_is_a_typed_error_without_the_secret(text):
    with pytest.raises(OTPError) as info:
        parse_secret(text)
    assert text not in str(info.value)
    assert "GEZDGNBV" not in str(info.value)


@pytest.mark.parametrize("value", [None, 12345, ["GEZDGNBV"], 1.5])
def test_wrong_secret_type_is_otp_error(value):
    with pytest.raises(OTPError, match="base32 text or bytes"):
        parse_secret(value)


@pytest.mark.parametrize("value", ["", "   ", b""])
def test_empty_secret_is_refused(value):
    with pytest.raises(OTPError, match="empty"):
        parse_secret(value, allow_weak=True)


def test_secrets_under_128_bits_are_weak():
    assert MIN_SECRET_BITS == 128
    assert parse_secret(bytes(range(16))) == bytes(range(16))
    with pytest.raises(WeakSecret, match="120 bits") as info:
        parse_secret(bytes(15))
    assert isinstance(info.value, JamConfigError)
    assert "allow_weak_secrets" in str(info.value)
    with pytest.raises(WeakSecret):
        parse_secret("JBSWY3DPEHPK3PXP")  # the classic 80-bit demo secret


@pytest.mark.parametrize(
    "value",
    [bytes(16), bytes(20), b"\xff" * 32, "A" * 32, "AAAA AAAA AAAA AAAA AAAA AAAA AAAA AAAA"],
)
def test_one_byte_repeated_is_weak_whatever_its_length(value):
    # bytes(20) is 160 bits of zeros ("AAAA..." in base32): long enough, guessable by anyone.
    with pytest.raises(WeakSecret, match="repeated"):
        parse_secret(value)
    assert parse_secret(value, allow_weak=True) == parse_secret(value, allow_weak=True)


def test_weak_secrets_pass_when_explicitly_allowed(make_engine):
    weak = "JBSWY3DPEHPK3PXP"
    strict = make_engine()
    lenient = make_engine(allow_weak_secrets=True)
    with pytest.raises(WeakSecret):
        strict.code(weak, 0)
    with pytest.raises(WeakSecret):
        strict.verify(weak, "123456", 0)
    code = lenient.code(weak, 0)
    assert lenient.verify(weak, code, 0)


def test_strength_error_also_from_facade(make_jam):
    jam = make_jam()
    with pytest.raises(WeakSecret):
        jam.otp_code(b"short")
    with pytest.raises(WeakSecret):
        jam.otp_uri(b"short", name="alice")
