"""``jam.aio.Jam`` OTP methods: replay protection awaited on memory, sqlite and a real Redis."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

import jam
from jam.aio import Jam
from jam.exceptions import JamConfigError, OTPError, OTPReplayed

MakeAJam = Callable[..., Jam]

SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # RFC 4226 seed "12345678901234567890"
T = 1_111_111_109  # an RFC 6238 test time
STEP = T // 30


@pytest.fixture(params=["memory", "sqlite", "redis"])
def replay(request: pytest.FixtureRequest, tmp_path: Any) -> dict[str, Any]:
    """``[otp]`` keys enabling replay protection on each backend (redis: a unique prefix)."""
    keys: dict[str, Any] = {"replay_protection": True, "replay_backend": request.param}
    if request.param == "sqlite":
        keys["path"] = str(tmp_path / "otp.db")
    if request.param == "redis":
        request.applymarker(pytest.mark.redis)
        keys["redis_uri"] = request.getfixturevalue("redis_url")
        keys["prefix"] = request.getfixturevalue("redis_prefix")
    return keys


async def test_a_totp_code_is_accepted_once(make_ajam: MakeAJam, replay: dict[str, Any]) -> None:
    auth = make_ajam(otp={"type": "totp", **replay})
    code = auth.otp_code(SECRET, T)
    assert await auth.otp_verify_code(SECRET, code, T)
    assert not await auth.otp_verify_code(SECRET, code, T)
    with pytest.raises(OTPReplayed):
        await auth.otp_check_code(SECRET, code, T)
    assert await auth.otp_verify_counter(SECRET, code, T) is None
    next_code = auth.otp_code(SECRET, T + 30)
    assert await auth.otp_verify_counter(SECRET, next_code, T + 30) == STEP + 1
    later = auth.otp_code(SECRET, T + 60)
    assert await auth.otp_check_code(SECRET, later, T + 60) == STEP + 2


async def test_hotp_counters_are_accepted_once(make_ajam: MakeAJam, replay: dict[str, Any]) -> None:
    auth = make_ajam(otp={"type": "hotp", **replay})
    assert auth.otp_code(SECRET, 0) == "755224"  # RFC 4226 appendix D
    assert await auth.otp_verify_counter(SECRET, auth.otp_code(SECRET, 2), 1, look_ahead=2) == 2
    assert await auth.otp_verify_counter(SECRET, auth.otp_code(SECRET, 2), 1, look_ahead=2) is None
    assert await auth.otp_check_code(SECRET, auth.otp_code(SECRET, 3), 3) == 3
    with pytest.raises(OTPReplayed):
        await auth.otp_check_code(SECRET, auth.otp_code(SECRET, 3), 3)


async def test_racing_verifications_have_exactly_one_winner(
    make_ajam: MakeAJam, replay: dict[str, Any]
) -> None:
    auth = make_ajam(otp={"type": "totp", **replay})
    code = auth.otp_code(SECRET, T)
    results = await asyncio.gather(*(auth.otp_verify_code(SECRET, code, T) for _ in range(16)))
    assert sorted(results) == [False] * 15 + [True]


async def test_wrong_and_malformed_codes(make_ajam: MakeAJam, replay: dict[str, Any]) -> None:
    auth = make_ajam(otp={"type": "totp", **replay})
    wrong = f"{(int(auth.otp_code(SECRET, T)) + 1) % 10**6:06d}"
    for code in (wrong, "12a456", "", "1" * 7, "\uff11\uff12\uff13\uff14\uff15\uff16"):
        assert not await auth.otp_verify_code(SECRET, code, T)
        assert await auth.otp_verify_counter(SECRET, code, T) is None
        with pytest.raises(OTPError) as info:
            await auth.otp_check_code(SECRET, code, T)
        assert not isinstance(info.value, OTPReplayed)
    with pytest.raises(OTPError):
        await auth.otp_verify_code(SECRET, "123456", T, look_ahead=-1)


async def test_without_replay_protection_codes_are_reusable(make_ajam: MakeAJam) -> None:
    auth = make_ajam(otp={"type": "totp"})
    code = auth.otp_code(SECRET, T)
    assert await auth.otp_verify_code(SECRET, code, T)
    assert await auth.otp_verify_code(SECRET, code, T)
    assert await auth.otp_check_code(SECRET, code, T) == STEP


async def test_codes_and_uris_match_the_sync_facade(make_ajam: MakeAJam) -> None:
    options = {"type": "totp", "digits": 8, "digest": "sha256", "issuer": "Example"}
    auth = make_ajam(otp=options)
    secret = Jam.otp_generate_secret()
    assert len(secret) == 32
    with jam.Jam(config={"otp": options}) as sync:
        assert auth.otp_code(secret, T) == sync.otp_code(secret, T)
        assert auth.otp_uri(secret, name="alice") == sync.otp_uri(secret, name="alice")
        assert await auth.otp_verify_code(secret, sync.otp_code(secret), look_ahead=1)


async def test_deprecated_aliases_warn_and_work(make_ajam: MakeAJam) -> None:
    auth = make_ajam(otp={"type": "totp"})
    with pytest.warns(DeprecationWarning, match="otp_code"):
        code = auth.get_otp_code(SECRET, T)
    with pytest.warns(DeprecationWarning, match="otp_uri"):
        assert auth.get_otp_uri(SECRET, name="alice").startswith("otpauth://totp/")
    with pytest.warns(DeprecationWarning, match="otp_verify_code"):
        assert await auth.verify_otp_code(SECRET, code, T)


async def test_missing_otp_table_is_a_config_error(make_ajam: MakeAJam) -> None:
    bare = make_ajam()
    with pytest.raises(JamConfigError, match=r"jam\.otp"):
        bare.otp_code(SECRET, T)
    with pytest.raises(JamConfigError, match=r"jam\.otp"):
        bare.otp_uri(SECRET, name="alice")
    with pytest.raises(JamConfigError, match=r"jam\.otp"):
        await bare.otp_verify_code(SECRET, "123456")
    with pytest.raises(JamConfigError, match=r"jam\.otp"):
        await bare.otp_verify_counter(SECRET, "123456")
    with pytest.raises(JamConfigError, match=r"jam\.otp"):
        await bare.otp_check_code(SECRET, "123456")
