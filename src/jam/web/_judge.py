"""Pure: where a request's JWT is, and what Jam's answer makes of the request.

The drivers (the framework layers) do the I/O: they call
``jwt_verify_token`` or ``session_get`` and hand the outcome here. Every rule
of ``docs/integrations/index.md`` about what authenticates lives in this
module, once: a verified token needs its identity claim as a non-empty
string; a session needs ``sub``; everything else is anonymous and says why.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jam.exceptions import TokenError, TokenLifeTimeExpired
from jam.web._credentials import (
    Absent,
    Ambiguous,
    Bearer,
    Presented,
    bearer_token,
    cookie_value,
    is_token68,
)
from jam.web._document import SessionView
from jam.web._users import AnonymousUser, Failure, JamUser, Scheme, scopes_of

__all__ = [
    "TokenSource",
    "find_token",
    "from_claims",
    "from_session",
    "from_token_error",
    "presented_failure",
]


@dataclass(frozen=True, slots=True)
class TokenSource:
    """Where JWTs are read, and which claims name the user.

    Attributes:
        header: Read ``Authorization: Bearer`` (turn off for cookie-only sites).
        cookie_name: Also read the token from this cookie when the request has
            no bearer header (``None``: header only). A refused bearer header is
            final: the cookie is not tried instead.
        identity_claim: The claim that names the user; a verified token
            without it (as a non-empty string) is refused.
        scope_claims: Claims holding scopes, the first present wins: a
            space-delimited string (``scope``) or a list (``scp``).

    Example:
        >>> TokenSource(cookie_name="access").scope_claims
        ('scope', 'scp')
    """

    header: bool = True
    cookie_name: str | None = None
    identity_claim: str = "sub"
    scope_claims: Sequence[str] = ("scope", "scp")

    def __post_init__(self) -> None:
        """Refuse a source that reads nothing.

        Raises:
            ValueError: Neither the header nor a cookie is enabled, or no identity claim.
        """
        if not self.header and not self.cookie_name:
            raise ValueError("JWTs need the Authorization header or a cookie name: none is enabled")
        if not self.identity_claim:
            raise ValueError("identity_claim must name a claim")
        object.__setattr__(self, "scope_claims", tuple(self.scope_claims))


def find_token(
    source: TokenSource, authorization: Iterable[str], cookie_headers: Iterable[str]
) -> tuple[Scheme, Presented]:
    """Return where the request's JWT is and what it presents.

    Example:
        >>> find_token(TokenSource(), ["Bearer abc"], [])
        ('bearer', Bearer(value=<redacted>))
        >>> find_token(TokenSource(cookie_name="at"), [], ["at=abc"])
        ('cookie', Bearer(value=<redacted>))
    """
    found: Presented = Absent()
    if source.header:
        found = bearer_token(authorization)
    if isinstance(found, Absent) and source.cookie_name is not None:
        return "cookie", cookie_value(cookie_headers, source.cookie_name)
    return "bearer", found


def presented_failure(scheme: Scheme, found: Absent | Ambiguous) -> AnonymousUser:
    """Return the answer for a request that presents no usable credential of a kind.

    Example:
        >>> presented_failure("bearer", Ambiguous("two headers"))
        AnonymousUser(failure=Failure.MALFORMED, scheme='bearer')
        >>> presented_failure("cookie", Absent()).failure is None
        True
    """
    if isinstance(found, Ambiguous):
        return AnonymousUser(Failure.MALFORMED, scheme)
    return AnonymousUser()


def from_claims(
    source: TokenSource, claims: Mapping[str, Any], scheme: Scheme
) -> JamUser | AnonymousUser:
    """Return the user of claims Jam verified (anonymous without an identity).

    Example:
        >>> from_claims(TokenSource(), {"sub": "alice", "scope": "read"}, "bearer")
        JamUser(identity='alice', scopes=['read'], source='jwt')
        >>> from_claims(TokenSource(), {"sub": ""}, "bearer").failure
        <Failure.INVALID: 'invalid'>
    """
    identity = claims.get(source.identity_claim)
    if not isinstance(identity, str) or not identity:
        return AnonymousUser(Failure.INVALID, scheme)
    scopes: frozenset[str] = frozenset()
    for name in source.scope_claims:
        if name in claims:
            scopes = scopes_of(claims[name])
            break
    return JamUser(identity, scopes, claims, "jwt")


def from_token_error(error: TokenError, scheme: Scheme, token: str) -> AnonymousUser:
    """Return the anonymous user for a token Jam refused.

    Example:
        >>> from jam.exceptions import InvalidSignature
        >>> from_token_error(InvalidSignature("bad"), "bearer", "a b").failure
        <Failure.MALFORMED: 'malformed'>
    """
    if isinstance(error, TokenLifeTimeExpired):
        return AnonymousUser(Failure.EXPIRED, scheme)
    if scheme == "bearer" and not is_token68(token):
        return AnonymousUser(Failure.MALFORMED, scheme)
    return AnonymousUser(Failure.INVALID, scheme)


def from_session(found: Presented, view: SessionView | None) -> JamUser | AnonymousUser:
    """Return the user of a session cookie, given the live session it names (or ``None``).

    A session that is not a login (no ``sub``: a pre-login step) authenticates
    nobody, and is not a refusal either.

    Example:
        >>> from_session(Bearer("id"), None).failure
        <Failure.INVALID: 'invalid'>
        >>> from_session(Bearer("id"), SessionView("alice", "alice")).identity
        'alice'
    """
    if not isinstance(found, Bearer):
        return presented_failure("cookie", found)
    if view is None:
        return AnonymousUser(Failure.INVALID, "cookie")
    if view.identity is None:
        return AnonymousUser()
    return JamUser(view.identity, view.scopes, view.data, "session")
