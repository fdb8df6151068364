"""Bugs the fuzzer found (``python -m bench.fuzz``), each pinned by the input class it used.

Every one let an untyped exception escape where Jam promises a ``JamError``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import jam
from jam.config import load_config
from jam.exceptions import JamConfigError, OTPError


@pytest.fixture
def totp() -> jam.Jam:
    auth = jam.Jam(config={"otp": {"type": "totp", "issuer": "Example"}})
    yield auth
    auth.close()


@pytest.mark.parametrize("factor", [10**400, -(10**400), 2**64, float("nan"), float("inf")])
def test_a_totp_time_too_big_for_a_float_is_an_otp_error(totp: jam.Jam, factor: object) -> None:
    """Found by target ``otp``: ``math.isfinite(10**400)`` raised OverflowError."""
    secret = totp.otp_generate_secret()
    with pytest.raises(OTPError):
        totp.otp_verify_code(secret, "123456", factor)  # type: ignore[arg-type]
    with pytest.raises(OTPError):
        totp.otp_code(secret, factor)  # type: ignore[arg-type]
    with pytest.raises(OTPError):
        totp.otp_check_code(secret, "123456", factor)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "issuer"),
    [("\ud800", None), ("alice", "Iss\udcff"), ("al\udc80ice@example.com", "Example")],
    ids=["name", "issuer", "name-inside"],
)
def test_a_uri_label_with_a_lone_surrogate_is_an_otp_error(
    totp: jam.Jam, name: str, issuer: str | None
) -> None:
    """Found by target ``otp-uri``: ``urllib.parse.quote`` raised UnicodeEncodeError."""
    with pytest.raises(OTPError, match="lone surrogate"):
        totp.otp_uri(totp.otp_generate_secret(), name, issuer)


def test_a_uri_label_with_other_unicode_still_works(totp: jam.Jam) -> None:
    uri = totp.otp_uri(totp.otp_generate_secret(), "élise@example.com", "Ex ample ✓")
    assert uri.startswith("otpauth://totp/Ex%20ample%20%E2%9C%93:%C3%A9lise@example.com?")


@pytest.mark.parametrize("raw", [b'[jam.jwt]\nsecret_key = "\xff\xfe"\n', b"\x80", b"[jam]\n\xc3"])
def test_a_config_file_that_is_not_utf8_is_a_config_error(tmp_path: Path, raw: bytes) -> None:
    """Found by target ``config``: ``tomllib.load`` raised UnicodeDecodeError."""
    path = tmp_path / "jam.toml"
    path.write_bytes(raw)
    path.chmod(0o600)
    with pytest.raises(JamConfigError, match="not UTF-8") as caught:
        load_config(path)
    assert caught.value.__cause__ is None
    with pytest.raises(JamConfigError, match="not UTF-8"):
        jam.Jam(config=path)


@pytest.mark.parametrize(
    "name",
    ["~es256.pem", "~no-such-user-jam/key.pem", "key\x00.pem"],
    ids=["tilde-user", "tilde-user-folder", "nul"],
)
def test_a_key_file_path_that_cannot_exist_is_a_config_error(name: str) -> None:
    """Found by target ``config``: ``~user`` raised RuntimeError, a NUL byte ValueError."""
    table = {"jwt": {"alg": "ES256", "private_key": {"file": name}}}
    with pytest.raises(JamConfigError, match="cannot read file") as caught:
        load_config(table)
    assert caught.value.__cause__ is None and caught.value.__context__ is None
