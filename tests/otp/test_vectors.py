"""RFC 4226 Appendix D and RFC 6238 Appendix B known-answer tests (vectors from JSON)."""

from __future__ import annotations

import pytest

from jam.otp import hotp


def test_rfc4226_appendix_d_hotp_values(vectors, make_engine):
    data = vectors["rfc4226_hotp"]
    engine = make_engine(type="hotp", digits=data["digits"], digest=data["algorithm"].lower())
    key = bytes.fromhex(data["secret_hex"])
    assert key == data["secret_ascii"].encode()
    assert len(data["vectors"]) == 10
    for vector in data["vectors"]:
        count, expected = vector["count"], vector["hotp"]
        assert hotp(key, count) == expected
        assert engine.code(data["secret_base32"], count) == expected
        assert engine.code(key, count) == expected
        assert engine.verify(data["secret_base32"], expected, count, look_ahead=0)
        assert engine.verify_counter(key, expected, 0, look_ahead=9) == count


@pytest.mark.parametrize("algorithm", ["SHA1", "SHA256", "SHA512"])
def test_rfc6238_appendix_b_totp_values(vectors, make_engine, algorithm):
    data = vectors["rfc6238_totp"]
    seed = data["seeds"][algorithm]
    assert data["t0"] == 0
    engine = make_engine(
        type="totp", digits=data["digits"], digest=algorithm.lower(), interval=data["step"]
    )
    key = bytes.fromhex(seed["hex"])
    assert key == seed["ascii"].encode()
    assert len(data["vectors"]) >= 6
    for vector in data["vectors"]:
        expected = vector[algorithm]
        assert len(expected) == 8
        assert engine.code(seed["base32"], vector["time"]) == expected
        assert engine.code(key, vector["time"]) == expected
        assert engine.verify(seed["base32"], expected, vector["time"], look_ahead=0)
        step = engine.verify_counter(key, expected, vector["time"], look_ahead=0)
        assert step == int(vector["T_hex"], 16)


def test_rfc4226_intermediate_hmac_values(vectors):
    """Dynamic truncation reads the offset from the last nibble (RFC 4226 section 5.3)."""
    data = vectors["rfc4226_hotp"]
    key = bytes.fromhex(data["secret_hex"])
    for vector in data["vectors"]:
        assert int(vector["truncated_hex"], 16) == vector["truncated_dec"]
        assert hotp(key, vector["count"], digits=6) == f"{vector['truncated_dec'] % 10**6:06d}"


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (("12345678901234567890", 0), "bytes"),
        ((b"k" * 20, -1), "counter"),
        ((b"k" * 20, 2**64), "counter"),
        ((b"k" * 20, True), "counter"),
        ((b"k" * 20, 0, 5), "digits"),
        ((b"k" * 20, 0, 11), "digits"),
        ((b"k" * 20, 0, 6, "md5"), "digest"),
    ],
)
def test_hotp_function_checks_its_arguments(args, match):
    from jam.exceptions import OTPError

    with pytest.raises(OTPError, match=match):
        hotp(*args)
