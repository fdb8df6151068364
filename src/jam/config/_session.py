"""The ``[jam.session]`` table: server-side session settings."""

from __future__ import annotations

import base64
import binascii

from pydantic import AliasChoices, Field, model_validator

from jam.config._base import Section
from jam.config._types import SecretText, SecretValue

__all__ = ["SESSION_SECRET_BYTES", "SessionSettings", "decode_session_secret"]

SESSION_SECRET_BYTES = 32
"""Length of one ``session_aes_secret`` once base64url-decoded (AES-256)."""


def decode_session_secret(secret: SecretValue) -> bytes:
    """Decode one ``session_aes_secret`` (base64url text, padding optional) to 32 bytes.

    Raises:
        ValueError: The text is not base64url, or does not hold exactly 32
            bytes. The message never contains the secret.
    """
    text = secret.reveal().strip()
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise ValueError(
            "session_aes_secret must be base64url text; generate one with "
            "jam.sessions.generate_session_secret()"
        ) from None
    if len(raw) != SESSION_SECRET_BYTES:
        raise ValueError(
            f"session_aes_secret must decode to {SESSION_SECRET_BYTES} bytes, got {len(raw)}; "
            "generate one with jam.sessions.generate_session_secret()"
        )
    return raw


class SessionSettings(Section):
    """Kernel keys of ``[jam.session]``.

    Keys other than these belong to the backend (``path``, ``redis_uri``,
    ``prefix``...) and are validated by its plugin's options model.

    Expiry: ``default_ttl`` is an absolute lifetime counted from
    ``session_create``; nothing extends it (``session_rework`` keeps what is
    left). ``idle_ttl`` adds a sliding inactivity timeout: every successful
    ``session_get`` and ``session_update`` pushes the end out to
    ``idle_ttl`` seconds from now, never past the absolute lifetime.
    """

    model_config = Section.model_config | {"extra": "allow"}

    backend: str = Field(
        default="sqlite",
        validation_alias=AliasChoices("backend", "session_type", "sessions_type"),
    )
    """Name of a registered session store (``memory``, ``sqlite``, ``redis``...)."""
    default_ttl: int | None = Field(
        default=86400,
        gt=0,
        validation_alias=AliasChoices("default_ttl", "session_ttl"),
    )
    """Absolute lifetime of a session in seconds; ``None`` disables expiry (not advised)."""
    idle_ttl: int | None = Field(default=None, gt=0)
    """Idle timeout: each ``session_get``/``session_update`` pushes expiry out this far."""
    is_session_crypt: bool = False
    """Encrypt data at rest (AES-256-GCM bound to the id) and authenticate ids."""
    session_aes_secret: SecretText | list[SecretText] | None = None
    """32 random bytes as base64url text, or a list (newest first) to rotate."""

    @property
    def session_secrets(self) -> list[bytes]:
        """The decoded ``session_aes_secret`` values, newest first (empty when unset)."""
        value = self.session_aes_secret
        if value is None:
            return []
        items = value if isinstance(value, list) else [value]
        return [decode_session_secret(item) for item in items]

    @model_validator(mode="after")
    def _check_crypt(self) -> SessionSettings:
        if self.is_session_crypt and not self.session_aes_secret:
            raise ValueError(
                "is_session_crypt = true needs session_aes_secret (32 random bytes as base64url "
                'text, e.g. "$JAM_SESSION_KEY"); generate one with '
                "jam.sessions.generate_session_secret()"
            )
        self.session_secrets  # noqa: B018  (decodes every secret: a bad one fails here)
        return self
