"""Shared fixtures for the OTP tests: the RFC vectors and engine/facade factories."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from jam import Jam
from jam.otp import OTPEngine

REPO = Path(__file__).resolve().parents[2]
VECTORS = Path(
    os.environ.get("JAM_VECTORS", REPO / "tests" / "vectors" / "rfc-vectors.json")
).resolve()

SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # RFC 4226 seed "12345678901234567890"


@pytest.fixture(scope="session")
def vectors() -> dict[str, Any]:
    if not VECTORS.exists():
        pytest.fail(f"RFC vectors not found at {VECTORS}")
    return json.loads(VECTORS.read_text())


@pytest.fixture
def make_jam():
    """Build a Jam with only ``[jam.otp]`` set to ``options``; closed after the test."""
    built: list[Jam] = []

    def make(**options: Any) -> Jam:
        jam = Jam(config={"otp": options})
        built.append(jam)
        return jam

    yield make
    for jam in built:
        jam.close()


@pytest.fixture
def make_engine(make_jam):
    """Build the OTP engine of a Jam configured with ``options``."""

    def make(**options: Any) -> OTPEngine:
        engine = make_jam(**options).otp
        assert engine is not None
        return engine

    return make
