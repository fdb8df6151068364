"""One-time passwords (placeholder: being built by the OTP work)."""

from __future__ import annotations

from typing import Any

__all__ = ["OTPEngine", "OTPSecret", "build_engine"]

OTPEngine = Any
OTPSecret = str | bytes


def build_engine(settings: Any, registry: Any) -> Any:
    """Placeholder."""
    raise NotImplementedError
