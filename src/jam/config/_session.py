"""The ``[jam.session]`` table: server-side session settings."""

from __future__ import annotations

from pydantic import AliasChoices, Field

from jam.config._base import Section
from jam.config._types import SecretText

__all__ = ["SessionSettings"]


class SessionSettings(Section):
    """Kernel keys of ``[jam.session]``.

    Keys other than these belong to the backend (``path``, ``redis_uri``,
    ``prefix``...) and are validated by its plugin's options model.
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
    """Idle timeout: when set, each ``session_get``/``session_update`` pushes expiry out."""
    is_session_crypt: bool = False
    """Encrypt data at rest (AEAD) and authenticate ids."""
    session_aes_secret: SecretText | list[SecretText] | None = None
    """32 random bytes as base64url text, or a list (newest first) to rotate."""
