"""Pure: the status code and ``WWW-Authenticate`` challenge for a refused request (RFC 6750).

* No credential, a credential of another scheme, or a refused cookie: 401 with
  ``WWW-Authenticate: Bearer`` and no error code (RFC 6750 section 3).
* A refused bearer token: 401 with ``error="invalid_token"``; a malformed
  ``Authorization`` header: 401 with ``error="invalid_request"`` (one status for
  every failed authentication; see ``docs/integrations/index.md``).
* Authenticated without a required scope: 403 with ``error="insufficient_scope"``.
* The token list or session store is down: 503 with ``Retry-After``; no challenge,
  since the credential was never judged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from jam.web._users import AnonymousUser, Failure

__all__ = [
    "RETRY_AFTER_SECONDS",
    "Refusal",
    "check_scopes",
    "insufficient_scope",
    "refusal",
    "unavailable",
]

RETRY_AFTER_SECONDS = 5


@dataclass(frozen=True, slots=True)
class Refusal:
    """An HTTP answer to a request that may not proceed.

    Attributes:
        status: 401, 403 or 503.
        detail: A short, fixed message for the response body.
        headers: ``WWW-Authenticate`` or ``Retry-After``.
    """

    status: int
    detail: str
    headers: dict[str, str] = field(default_factory=dict)


def _bearer(**params: str) -> str:
    if not params:
        return "Bearer"
    return "Bearer " + ", ".join(f'{key}="{value}"' for key, value in params.items())


def unavailable() -> Refusal:
    """Return the 503 answer for an outage of the token list or session store."""
    return Refusal(
        503, "Authentication is temporarily unavailable", {"Retry-After": str(RETRY_AFTER_SECONDS)}
    )


def refusal(user: AnonymousUser) -> Refusal:
    """Return the answer for an anonymous request to a protected view.

    Example:
        >>> refusal(AnonymousUser()).headers
        {'WWW-Authenticate': 'Bearer'}
        >>> refusal(AnonymousUser(Failure.EXPIRED, "bearer")).headers["WWW-Authenticate"]
        'Bearer error="invalid_token", error_description="The access token expired"'
    """
    if user.failure is Failure.UNAVAILABLE:
        return unavailable()
    if user.failure is None or user.scheme != "bearer":
        return Refusal(401, "Not authenticated", {"WWW-Authenticate": _bearer()})
    if user.failure is Failure.MALFORMED:
        challenge = _bearer(
            error="invalid_request", error_description="Malformed Authorization header"
        )
    elif user.failure is Failure.EXPIRED:
        challenge = _bearer(error="invalid_token", error_description="The access token expired")
    else:
        challenge = _bearer(error="invalid_token", error_description="The access token is invalid")
    return Refusal(401, "Not authenticated", {"WWW-Authenticate": challenge})


def insufficient_scope(required: Iterable[str]) -> Refusal:
    """Return the 403 answer for an authenticated request that lacks ``required`` scopes.

    Example:
        >>> insufficient_scope(["write", "read"]).headers["WWW-Authenticate"]
        'Bearer error="insufficient_scope", scope="read write"'
    """
    return Refusal(
        403,
        "Insufficient scope",
        {"WWW-Authenticate": _bearer(error="insufficient_scope", scope=" ".join(sorted(required)))},
    )


def check_scopes(scopes: Iterable[str]) -> frozenset[str]:
    """Validate the scopes a view requires and return them as a set.

    Raises:
        ValueError: No scope, or a scope that is empty or contains whitespace.

    Example:
        >>> sorted(check_scopes(["items:write", "admin"]))
        ['admin', 'items:write']
    """
    required = list(scopes)
    if not required:
        raise ValueError("a scope check needs at least one scope (use login_required for none)")
    for scope in required:
        if not isinstance(scope, str) or scope.split() != [scope]:
            raise ValueError(f"invalid scope {scope!r}: a non-empty string without spaces")
    return frozenset(required)
