"""The ``[jam.otp]`` table: one-time password settings."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from jam.config._base import Section

__all__ = ["OTPSettings"]


class OTPSettings(Section):
    """``[jam.otp]``: HOTP/TOTP parameters."""

    model_config = Section.model_config | {"extra": "allow"}

    type: Literal["totp", "hotp"] = "totp"
    """``totp`` (time-based, RFC 6238) or ``hotp`` (counter-based, RFC 4226)."""
    digits: int = Field(default=6, ge=6, le=10)
    """Code length."""
    digest: Literal["sha1", "sha256", "sha512"] = "sha1"
    """HMAC digest."""
    interval: int = Field(default=30, gt=0, le=3600)
    """TOTP time step in seconds."""
    issuer: str | None = None
    """Default issuer shown by authenticator apps."""
