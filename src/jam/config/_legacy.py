"""Accept jamlib's flat configuration layout (``auth_type = "jwt"`` at the top level).

jamlib 2.x put every key in one table and chose the capability with
``auth_type``. Such a table is rewritten into Jam's sectioned layout before
validation, so code and TOML written for jamlib keep working.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jam._text import excerpt
from jam.exceptions import JamConfigError

__all__ = ["upgrade_flat_config"]

_JWT_KEYS = frozenset(
    {
        "alg",
        "secret_key",
        "private_key",
        "public_key",
        "expire",
        "list",
        "issuer",
        "audience",
        "leeway",
        "algorithms",
        "keys",
        "allow_weak_secret",
        "max_token_length",
    }
)
_SESSION_KEYS = frozenset(
    {
        "session_type",
        "sessions_type",
        "backend",
        "default_ttl",
        "session_ttl",
        "redis_uri",
        "session_path",
        "sessions_path",
        "prefix",
        "path",
        "is_session_crypt",
        "session_aes_secret",
        "idle_ttl",
        "json_path",
        "allow_weak_secret",
    }
)
_SECTIONS = {"jwt": _JWT_KEYS, "session": _SESSION_KEYS, "sessions": _SESSION_KEYS}


def upgrade_flat_config(table: Mapping[str, Any]) -> Mapping[str, Any]:
    """Return ``table`` in the sectioned layout when it uses jamlib's ``auth_type``.

    Tables without ``auth_type`` are returned unchanged.

    Raises:
        JamConfigError: ``auth_type`` names something other than jwt or sessions.
    """
    if "auth_type" not in table:
        return table
    auth_type = table["auth_type"]
    if auth_type == "oauth2":
        return _upgrade_oauth2(table)
    if auth_type not in _SECTIONS:
        raise JamConfigError(
            "auth_type: expected 'jwt', 'sessions' or 'oauth2' (jamlib layout), got "
            f"{excerpt(auth_type)}"
        )
    section = "session" if auth_type == "sessions" else auth_type
    moved = {key: value for key, value in table.items() if key in _SECTIONS[auth_type]}
    rest = {key: value for key, value in table.items() if key not in moved and key != "auth_type"}
    if section in rest:
        raise JamConfigError(
            f"auth_type = {excerpt(auth_type)} with a [{section}] table: use one layout, not both"
        )
    return {**rest, section: moved}


def _upgrade_oauth2(table: Mapping[str, Any]) -> Mapping[str, Any]:
    """``auth_type = "oauth2"`` with ``[jam.providers.<name>]`` -> ``[jam.oauth2.providers]``."""
    import warnings

    warnings.warn(
        'auth_type = "oauth2" with [jam.providers.<name>] is jamlib\'s layout; write '
        "[jam.oauth2.providers.<name>] instead",
        DeprecationWarning,
        stacklevel=4,
    )
    rest = {key: value for key, value in table.items() if key not in ("auth_type", "providers")}
    if "oauth2" in rest:
        raise JamConfigError(
            'auth_type = "oauth2" with an [oauth2] table: use one layout, not both'
        )
    return {**rest, "oauth2": {"providers": table.get("providers", {})}}
