"""Who a request is: `JamUser` when a credential verified, `AnonymousUser` if not.

An `AnonymousUser` says why nobody is authenticated, so a protected
view can answer with the right status and challenge while public views simply
see an anonymous visitor.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Literal

__all__ = ["AnonymousUser", "Failure", "JamUser", "Scheme", "Source", "scopes_of"]

Source = Literal["jwt", "session"]
"""Which kind of credential authenticated a `JamUser`."""

Scheme = Literal["bearer", "cookie"]
"""Where a refused credential came from."""


class Failure(enum.Enum):
    """Why a credential that was presented did not authenticate."""

    MALFORMED = "malformed"
    """Not a usable credential: two ``Authorization`` headers, ``Bearer`` without a
    token, a cookie sent twice."""
    INVALID = "invalid"
    """Unknown, forged, revoked, not on the white list, or without an identity."""
    EXPIRED = "expired"
    """A token whose ``exp`` has passed."""
    UNAVAILABLE = "unavailable"
    """The token list or session store could not be consulted (an outage): answer 503."""


class JamUser:
    """An authenticated identity: a verified JWT or a live, logged-in session.

    Attributes:
        scopes: The granted scopes (JWT ``scope``/``scp`` claim, session ``scopes``).
        claims: The verified JWT claims, or the session's application data (read-only).
        source: ``"jwt"`` or ``"session"``.
    """

    __slots__ = ("_identity", "claims", "scopes", "source")

    is_authenticated = True
    """Always True (the attribute Flask-Login, Django and DRF read)."""
    is_anonymous = False
    """Always False."""

    def __init__(
        self, identity: str, scopes: frozenset[str], claims: Mapping[str, Any], source: Source
    ) -> None:
        """Build an authenticated user (the integration does this; applications read it)."""
        self._identity = identity
        self.scopes = scopes
        owned = claims if type(claims) is dict else dict(claims)
        self.claims: Mapping[str, Any] = MappingProxyType(owned)
        self.source: Source = source

    @property
    def identity(self) -> str:
        """The JWT's ``sub`` or the session's ``sub`` (a non-empty string)."""
        return self._identity

    @property
    def display_name(self) -> str:
        """The identity (the attribute Starlette's ``BaseUser`` names)."""
        return self._identity

    def __repr__(self) -> str:
        """Identity, scopes and source (claims can hold personal data: not shown)."""
        return (
            f"JamUser(identity={self.identity!r}, scopes={sorted(self.scopes)!r}, "
            f"source={self.source!r})"
        )


class AnonymousUser:
    """Nobody is authenticated, and why.

    Attributes:
        failure: ``None`` when the request presented no credential at all;
            otherwise why the one it presented was refused.
        scheme: ``"bearer"`` when the refused credential came in an
            ``Authorization: Bearer`` header (RFC 6750 error codes apply),
            ``"cookie"`` for a cookie, ``None`` when nothing was presented.
    """

    __slots__ = ("failure", "scheme")

    is_authenticated = False
    """Always False."""
    is_anonymous = True
    """Always True."""
    display_name = ""
    """Always empty (the attribute Starlette's ``BaseUser`` names)."""

    def __init__(self, failure: Failure | None = None, scheme: Scheme | None = None) -> None:
        """Record why the request is anonymous."""
        self.failure = failure
        self.scheme = scheme

    def __repr__(self) -> str:
        """The failure and scheme."""
        return f"AnonymousUser(failure={self.failure}, scheme={self.scheme!r})"


def scopes_of(value: object) -> frozenset[str]:
    """Read scopes from a claim or session value.

    A space-delimited string (the ``scope`` claim of RFC 8693 and RFC 9068) or
    a list of strings (``scp``) gives those scopes; anything else gives none,
    so a malformed value grants nothing.

    Example:
        >>> sorted(scopes_of("read write"))
        ['read', 'write']
        >>> scopes_of({"admin": True})
        frozenset()
    """
    if isinstance(value, str):
        return frozenset(value.split())
    if isinstance(value, list | tuple):
        return frozenset(item for item in value if isinstance(item, str) and item.split() == [item])
    return frozenset()
