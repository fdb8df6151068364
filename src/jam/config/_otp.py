"""The ``[jam.otp]`` table: one-time password settings.

Read by `jam.otp.build`. With ``replay_protection = true`` the
table also carries the replay backend's own keys (``path`` for sqlite,
``redis_uri`` for redis...); they are kept apart in ``backend_keys`` (redacted
when printed) and validated by the backend plugin's options model when the
engine is built.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import Field, field_validator

from jam.config._backend_keys import BackendTable
from jam.config._base import known_keys, show_key
from jam.config._types import MAX_LIFETIME

__all__ = ["OTPSettings"]


class OTPSettings(BackendTable):
    """``[jam.otp]``: HOTP/TOTP parameters and optional replay protection.

    Example:
        >>> OTPSettings(type="totp", digits=6, replay_protection=True).replay_backend
        'memory'
    """

    type: Literal["totp", "hotp"] = "totp"
    """``totp`` (time-based, RFC 6238) or ``hotp`` (counter-based, RFC 4226)."""
    digits: int = Field(default=6, ge=6, le=10)
    """Code length."""
    digest: Literal["sha1", "sha256", "sha512"] = "sha1"
    """HMAC digest. Most authenticator apps only support ``sha1``."""
    interval: int = Field(default=30, gt=0, le=3600)
    """TOTP time step in seconds; used for codes, verification, URIs and replay TTLs."""
    issuer: str | None = Field(default=None, min_length=1, max_length=256)
    """Default issuer shown by authenticator apps (``otp_uri`` may override it)."""
    key_cache_size: int = Field(default=1024, ge=0, le=1_000_000)
    """Secrets whose decoded key and HMAC state are kept for reuse (0: none, per call)."""
    allow_weak_secrets: bool = False
    """Accept secrets shorter than 128 bits (legacy enrolments only)."""
    replay_protection: bool = False
    """Remember each accepted TOTP step / HOTP counter per secret and reject a second use."""
    replay_backend: str = Field(default="memory", min_length=1)
    """Token-list backend for replay protection (``memory``, ``sqlite``, ``redis``...)."""
    max_look_ahead: int = Field(default=10, ge=0, le=100)
    """The widest verification window a call may ask for (``look_ahead``), in steps.

    TOTP replay entries live until no window this wide can accept their step
    again, so a code accepted once is refused by every later call, whatever
    ``look_ahead`` that call passes.
    """
    hotp_replay_ttl: int | None = Field(default=None, gt=0, le=MAX_LIFETIME)
    """How long an accepted HOTP counter is remembered (seconds); ``None``: for good.

    TOTP entries always expire when their verification window has passed.
    """

    @field_validator("issuer")
    @classmethod
    def _issuer_has_no_colon(cls, value: str | None) -> str | None:
        if value is not None and ":" in value:
            raise ValueError("must not contain ':' (it separates issuer and account name)")
        return value

    def _check_backend_keys(self, backend: Mapping[str, Any]) -> None:
        if backend and not self.replay_protection:
            keys = known_keys(OTPSettings)
            hints = []
            for key in sorted(backend, key=str):
                close = difflib.get_close_matches(str(key), keys, n=1, cutoff=0.6)
                hints.append(show_key(key) + (f" (did you mean {close[0]!r}?)" if close else ""))
            raise ValueError(
                f"unknown key(s) {', '.join(hints)}; backend keys are only valid with "
                f"replay_protection = true (valid keys: {', '.join(keys)})"
            )
