"""Pure: the integration's few settings (framework wiring only), read and checked.

Everything about tokens and sessions (algorithms, keys, lists, stores,
lifetimes) is Jam's own configuration: a TOML file, ``pyproject.toml`` or a
dict, named by ``CONFIG``. These settings only say where credentials travel.
Unknown keys are errors that name the nearest valid one, so a misspelt
setting never silently leaves a default in place.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from jam.web._cookies import DEFAULT_COOKIE_NAME, CookiePolicy
from jam.web._judge import TokenSource

__all__ = ["SETTINGS", "Credential", "WebSettings", "read_settings"]

Credential = Literal["jwt", "session"]

SETTINGS: dict[str, str] = {
    "CONFIG": "Jam's configuration: a path to a TOML file (pyproject.toml) or a dict",
    "POINTER": "the configuration table's name (default 'jam')",
    "CREDENTIALS": "'jwt' and/or 'session' (default: those Jam's configuration has)",
    "JWT_HEADER": "read JWTs from 'Authorization: Bearer' (default True)",
    "JWT_COOKIE": "also read JWTs from this cookie (default None)",
    "IDENTITY_CLAIM": "the JWT claim naming the user (default 'sub')",
    "SCOPE_CLAIMS": "JWT claims holding scopes (default ['scope', 'scp'])",
    "SESSION_COOKIE_NAME": f"the session cookie's name (default {DEFAULT_COOKIE_NAME!r})",
    "SESSION_COOKIE_PATH": "its Path (default '/')",
    "SESSION_COOKIE_DOMAIN": "its Domain (default None: host-only)",
    "SESSION_COOKIE_SAMESITE": "'Lax' (default) or 'Strict'",
    "SESSION_COOKIE_MAX_AGE": "its Max-Age in seconds (default None: a browser-session cookie)",
    "SESSION_COOKIE_INSECURE_LOOPBACK": "drop Secure for plain HTTP to loopback (development only)",
}
"""Every setting, with what it means (the keys, without the framework's prefix)."""


@dataclass(frozen=True, slots=True)
class WebSettings:
    """The integration's settings, checked.

    Attributes:
        config: Jam's configuration (path or table) for a facade the integration builds.
        pointer: The table's name.
        credentials: Which credentials authenticate (``None``: every configured one).
        tokens: Where JWTs are read.
        cookie: The session cookie's policy.
    """

    config: str | os.PathLike[str] | Mapping[str, Any] = "pyproject.toml"
    pointer: str = "jam"
    credentials: tuple[Credential, ...] | None = None
    tokens: TokenSource = field(default_factory=TokenSource)
    cookie: CookiePolicy = field(default_factory=CookiePolicy)

    def accepts(self, *, jwt_configured: bool, sessions_configured: bool) -> tuple[bool, bool]:
        """Return whether JWTs and sessions authenticate, given what Jam's configuration has."""
        if self.credentials is None:
            return jwt_configured, sessions_configured
        return "jwt" in self.credentials, "session" in self.credentials


def _unknown(key: str, prefix: str) -> ValueError:
    near = difflib.get_close_matches(key, list(SETTINGS), n=1)
    hint = f"; did you mean {prefix}{near[0]}?" if near else ""
    return ValueError(f"unknown setting {prefix}{key}{hint} (valid: {', '.join(SETTINGS)})")


def _credentials(value: object, prefix: str) -> tuple[Credential, ...] | None:
    if value is None:
        return None
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, Sequence) or not names:
        raise ValueError(f"{prefix}CREDENTIALS: a list of 'jwt' and/or 'session'")
    chosen: list[Credential] = []
    for name in names:
        if name == "jwt":
            chosen.append("jwt")
        elif name == "session":
            chosen.append("session")
        else:
            raise ValueError(
                f"{prefix}CREDENTIALS: unknown credential {name!r} (use 'jwt', 'session')"
            )
    return tuple(chosen)


def read_settings(values: Mapping[str, Any], *, prefix: str = "") -> WebSettings:
    """Read the settings in ``values`` whose keys start with ``prefix``.

    Args:
        values: Flask's ``app.config`` (``prefix="JAM_"``) or Django's
            ``settings.JAM`` dict (``prefix=""``).
        prefix: The keys' prefix.

    Raises:
        ValueError: An unknown key, or a value of the wrong kind.

    Example:
        >>> settings = read_settings({"JAM_JWT_COOKIE": "access", "DEBUG": True}, prefix="JAM_")
        >>> settings.tokens.cookie_name
        'access'
    """
    own = {key[len(prefix) :]: value for key, value in values.items() if key.startswith(prefix)}
    for key in own:
        if key not in SETTINGS:
            raise _unknown(key, prefix)
    samesite = own.get("SESSION_COOKIE_SAMESITE", "lax")
    if not isinstance(samesite, str):
        raise ValueError(f"{prefix}SESSION_COOKIE_SAMESITE: 'Lax' or 'Strict'")
    try:
        tokens = TokenSource(
            header=bool(own.get("JWT_HEADER", True)),
            cookie_name=own.get("JWT_COOKIE"),
            identity_claim=own.get("IDENTITY_CLAIM", "sub"),
            scope_claims=tuple(own.get("SCOPE_CLAIMS", ("scope", "scp"))),
        )
        cookie = CookiePolicy(
            name=own.get("SESSION_COOKIE_NAME", DEFAULT_COOKIE_NAME),
            path=own.get("SESSION_COOKIE_PATH", "/"),
            domain=own.get("SESSION_COOKIE_DOMAIN"),
            samesite=samesite.lower(),  # type: ignore[arg-type]  # CookiePolicy checks it
            max_age=own.get("SESSION_COOKIE_MAX_AGE"),
            allow_insecure_loopback=bool(own.get("SESSION_COOKIE_INSECURE_LOOPBACK", False)),
        )
    except ValueError as err:
        raise ValueError(f"{prefix}*: {err}") from err
    return WebSettings(
        config=own.get("CONFIG", "pyproject.toml"),
        pointer=own.get("POINTER", "jam"),
        credentials=_credentials(own.get("CREDENTIALS"), prefix),
        tokens=tokens,
        cookie=cookie,
    )
