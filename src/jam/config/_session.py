"""The ``[jam.session]`` table: server-side session settings."""

from __future__ import annotations

import base64
import binascii
import re

from pydantic import AliasChoices, Field, PrivateAttr, model_validator

from jam.config._backend_keys import BackendTable
from jam.config._types import MAX_LIFETIME, SecretText, SecretValue

__all__ = [
    "MIN_DISTINCT_SECRET_BYTES",
    "SESSION_SECRET_BYTES",
    "SessionSettings",
    "decode_session_secret",
]

SESSION_SECRET_BYTES = 32
"""Length of one ``session_aes_secret`` once base64url-decoded (AES-256)."""

MIN_DISTINCT_SECRET_BYTES = 8
"""A ``session_aes_secret`` with fewer distinct byte values is refused as not random.

All zeros, one repeated byte or a short repeated pattern are mistakes (a
placeholder, a test value); 32 random bytes have about 30 distinct values, and
fewer than 8 happens by chance with a probability below 1e-30.
"""

_BASE64URL = re.compile(r"^[A-Za-z0-9_-]+={0,2}$")
_GENERATE = "generate one with jam.sessions.generate_session_secret()"


def decode_session_secret(secret: SecretValue, *, allow_weak: bool = False) -> bytes:
    """Decode one ``session_aes_secret`` (base64url text, padding optional) to 32 bytes.

    Decoding is strict: a character outside the base64url alphabet, a
    misplaced ``=`` or a non-canonical last character is refused, never
    skipped.

    Args:
        secret: The configured text.
        allow_weak: Accept a secret with fewer than
            `MIN_DISTINCT_SECRET_BYTES` distinct byte values.

    Raises:
        ValueError: The text is not canonical base64url, does not hold exactly
            32 bytes, or is not random. The message never contains the secret.
    """
    text = secret.reveal().strip()
    if not _BASE64URL.match(text):
        raise ValueError(
            "session_aes_secret must be base64url text (A-Z a-z 0-9 - _, padding optional); "
            + _GENERATE
        )
    unpadded = text.rstrip("=")
    try:
        raw = base64.urlsafe_b64decode(unpadded + "=" * (-len(unpadded) % 4))
    except (binascii.Error, ValueError):
        raise ValueError("session_aes_secret is not valid base64url; " + _GENERATE) from None
    if len(raw) != SESSION_SECRET_BYTES:
        raise ValueError(
            f"session_aes_secret must decode to {SESSION_SECRET_BYTES} bytes, got {len(raw)}; "
            + _GENERATE
        )
    if base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=") != unpadded:
        raise ValueError("session_aes_secret is not canonical base64url; " + _GENERATE)
    if not allow_weak and len(set(raw)) < MIN_DISTINCT_SECRET_BYTES:
        raise ValueError(
            "session_aes_secret is not random (all zeros, one repeated byte or a short "
            f"pattern); {_GENERATE}, or set allow_weak_secret = true for a test value"
        )
    return raw


class SessionSettings(BackendTable):
    """Kernel keys of ``[jam.session]``.

    Keys other than these belong to the backend (``path``, ``redis_uri``,
    ``prefix``...) and are validated by its plugin's options model; they are
    kept apart in `backend_keys` and redacted when printed.

    Expiry: ``default_ttl`` is an absolute lifetime counted from
    ``session_create``; nothing extends it (``session_rework`` keeps what is
    left). ``idle_ttl`` adds a sliding inactivity timeout: every successful
    ``session_get`` and ``session_update`` pushes the end out to
    ``idle_ttl`` seconds from now, never past the absolute lifetime.
    """

    backend: str = Field(
        default="sqlite",
        validation_alias=AliasChoices("backend", "session_type", "sessions_type"),
    )
    """Name of a registered session store (``memory``, ``sqlite``, ``redis``...)."""
    default_ttl: int | None = Field(
        default=86400,
        gt=0,
        le=MAX_LIFETIME,
        validation_alias=AliasChoices("default_ttl", "session_ttl"),
    )
    """Absolute lifetime of a session in seconds (at most ten years); ``None``: no expiry."""
    idle_ttl: int | None = Field(default=None, gt=0, le=MAX_LIFETIME)
    """Idle timeout: each ``session_get``/``session_update`` pushes expiry out this far."""
    is_session_crypt: bool = False
    """Encrypt data at rest (AES-256-GCM bound to the id) and authenticate ids."""
    session_aes_secret: SecretText | list[SecretText] | None = None
    """32 random bytes as base64url text, or a list (newest first) to rotate."""
    allow_weak_secret: bool = False
    """Accept a ``session_aes_secret`` that is not random (all zeros...): tests only."""

    _secrets: tuple[bytes, ...] = PrivateAttr(default=())

    @property
    def session_secrets(self) -> list[bytes]:
        """The decoded ``session_aes_secret`` values, newest first (empty when unset).

        Decoded once, when the table is validated.
        """
        return list(self._secrets)

    @model_validator(mode="after")
    def _check_crypt(self) -> SessionSettings:
        if self.is_session_crypt and not self.session_aes_secret:
            raise ValueError(
                "is_session_crypt = true needs session_aes_secret (32 random bytes as base64url "
                'text, e.g. "$JAM_SESSION_KEY"); ' + _GENERATE
            )
        value = self.session_aes_secret
        items = [] if value is None else value if isinstance(value, list) else [value]
        self._secrets = tuple(
            decode_session_secret(item, allow_weak=self.allow_weak_secret) for item in items
        )
        return self
