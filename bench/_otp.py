"""TOTP code generation and verification (window ±1): Jam, pyotp and the floor."""

from __future__ import annotations

import base64
import hmac
import time
from typing import Any

from bench._timing import Params, Result, loop, measure_group


def _floor(secret: str) -> tuple[Any, Any]:
    key = base64.b32decode(secret)

    def at(step: int) -> str:
        mac = hmac.digest(key, step.to_bytes(8, "big"), "sha1")
        offset = mac[-1] & 0x0F
        return str(
            (int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF) % 1_000_000
        ).zfill(6)

    def code() -> str:
        return at(int(time.time()) // 30)

    def verify(candidate: str) -> bool:
        step = int(time.time()) // 30
        ok = False
        for delta in (-1, 0, 1):  # the whole window, compared in constant time
            ok |= hmac.compare_digest(at(step + delta), candidate)
        return ok

    return code, verify


def bench_otp(keys: dict[str, Any], params: Params) -> list[Result]:
    """Measure ``code`` and ``verify(window ±1)`` for a valid current code."""
    secret = keys["otp_secret"]
    codes: dict[str, Any] = {}
    verifies: dict[str, Any] = {}
    errors: dict[str, str] = {}
    floor_code, floor_verify = _floor(secret)
    current = floor_code()
    codes["floor"] = loop(floor_code)
    verifies["floor"] = loop(lambda: floor_verify(current))
    try:
        import jam

        auth = jam.Jam(config={"otp": {"type": "totp", "digits": 6, "interval": 30}})
        if not auth.otp_verify_code(secret, current, look_ahead=1):
            raise AssertionError("Jam rejected a valid code")
        codes["jam"] = loop(lambda: auth.otp_code(secret))
        verifies["jam"] = loop(lambda: auth.otp_verify_code(secret, current, look_ahead=1))
    except Exception as err:
        errors["jam"] = f"setup failed: {type(err).__name__}: {err}"[:300]
    import pyotp

    totp = pyotp.TOTP(secret)
    codes["pyotp"] = loop(totp.now)
    verifies["pyotp"] = loop(lambda: totp.verify(current, valid_window=1))
    results = measure_group("otp", "TOTP code", codes, params)
    results += measure_group(
        "otp",
        "TOTP verify (window ±1)",
        verifies,
        params,
        {"floor": "3 HMACs, constant-time compare"},
    )
    for lib, msg in errors.items():
        results += [
            Result("otp", "TOTP code", lib, error=msg),
            Result("otp", "TOTP verify (window ±1)", lib, error=msg),
        ]
    return results
