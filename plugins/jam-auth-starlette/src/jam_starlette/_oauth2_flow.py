"""Pure: the decisions of the OAuth2 login routes, with no I/O.

Used by `jam_starlette._oauth2_routes`:

* `local_path`: where to send the browser after login; only a path on
  this site (no open redirect through ``next``).
* `pack_cookie` / `unpack_cookie`: the flow cookie's value, the
  sealed authorization request (which names its provider) and the ``next`` path.
* `identity_of`: the provider identity handed to the application, after
  checking that the profile's ``sub`` is the ID token's (OIDC Core 5.3.2).
* `failure_of`: the status and fixed message for every way a login fails.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jam.exceptions import (
    BackendError,
    OAuth2AccessDeniedError,
    OAuth2CallbackError,
    OAuth2ConfigError,
    OAuth2Error,
    OAuth2IDTokenError,
    OAuth2InvalidResponseError,
    OAuth2ProviderError,
    OAuth2RequestExpiredError,
    OAuth2RequestReplayedError,
    OAuth2ResponseTooLargeError,
    OAuth2StateError,
    OAuth2TransportError,
)

if TYPE_CHECKING:
    from jam.oauth2 import TokenResult, UserInfo

__all__ = [
    "MAX_NEXT",
    "LoginAs",
    "OAuth2Failure",
    "OAuth2Identity",
    "ProfileMismatchError",
    "failure",
    "failure_of",
    "identity_of",
    "local_path",
    "pack_cookie",
    "unpack_cookie",
]

MAX_NEXT = 1024
"""Longest ``next`` path kept (characters); a longer one is replaced by the default."""
_PATH = re.compile(r"/(?![/\\])[\x21-\x7e]*")
"""A path on this site: one leading slash, then printable ASCII with no space."""
_SEALED = re.compile(r"[A-Za-z0-9_-]{1,4096}")
_RETRY_AFTER_SECONDS = 5


def local_path(value: object, default: str) -> str:
    r"""Return ``value`` if it is a path on this site, else ``default``.

    Accepted: ``/``, ``/account``, ``/a/b?c=d#e``. Refused (the default is
    used): absolute URLs, scheme-relative ``//host``, ``/\host`` (browsers
    read ``\`` as ``/``), anything with a backslash, whitespace or control
    character (browsers drop tabs and newlines, turning ``/<TAB>/host`` into
    ``//host``), non-ASCII text, and paths longer than `MAX_NEXT`.

    Example:
        >>> local_path("/account?tab=keys", "/")
        '/account?tab=keys'
        >>> [local_path(v, "/") for v in ("//evil.example", "https://evil.example", "/\t/x")]
        ['/', '/', '/']
    """
    if not isinstance(value, str) or len(value) > MAX_NEXT or "\\" in value:
        return default
    return value if _PATH.fullmatch(value) else default


def pack_cookie(sealed: str, next_path: str) -> str:
    """Return the flow cookie's value: the sealed request, a dot, the ``next`` path (base64url).

    Example:
        >>> pack_cookie("c2VhbGVk", "/account")
        'c2VhbGVk.L2FjY291bnQ'
    """
    encoded = base64.urlsafe_b64encode(next_path.encode("ascii")).rstrip(b"=").decode("ascii")
    return f"{sealed}.{encoded}"


def unpack_cookie(value: str, default: str) -> tuple[str, str] | None:
    """Split a flow cookie into the sealed request and a local ``next`` path.

    Returns ``None`` when the value is not of the form `pack_cookie`
    writes (the sealed part is then not even handed to Jam). The ``next``
    part is checked again with `local_path`: the cookie is not
    authenticated as a whole, so it is never trusted to name another site.

    Example:
        >>> unpack_cookie("c2VhbGVk.L2FjY291bnQ", "/")
        ('c2VhbGVk', '/account')
        >>> unpack_cookie("c2VhbGVk.Ly9ldmlsLmV4YW1wbGU", "/")  # "//evil.example"
        ('c2VhbGVk', '/')
        >>> unpack_cookie("not a sealed request", "/") is None
        True
    """
    sealed, _, encoded = value.partition(".")
    if _SEALED.fullmatch(sealed) is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        next_path = raw.decode("ascii")
    except (binascii.Error, ValueError):
        next_path = default
    return sealed, local_path(next_path, default)


@dataclass(frozen=True, slots=True)
class OAuth2Identity:
    """Who the provider says the user is: what the application's ``on_login`` receives.

    Attributes:
        provider: The provider table's name (``"github"``, ``"corp"``...).
        subject: The provider's stable user id (``sub``). Key accounts by
            ``(provider, subject)``; e-mail addresses change and are reused.
        profile: The normalised profile (``email``, ``email_verified``,
            ``name``, ``preferred_username``, ``picture``; ``raw``).
        token: The token response (``access_token``, ``refresh_token``,
            ``scopes``, ``id_token_claims``); its ``repr`` shows no token.
        next_path: Where the browser goes after login (a checked local path).
    """

    provider: str
    subject: str
    profile: UserInfo = field(repr=False)
    token: TokenResult = field(repr=False)
    next_path: str


@dataclass(frozen=True, slots=True)
class LoginAs:
    """What ``on_login`` may return to log the browser in with more than an identity.

    Attributes:
        identity: The local user to log in as (a non-empty string).
        scopes: Scopes the session grants.
        data: Application data kept in the session.
        next_path: Where to go afterwards instead of the flow's ``next``
            (checked: a path on this site, else the flow's ``next``).
    """

    identity: str
    scopes: Iterable[str] = ()
    data: Mapping[str, Any] | None = None
    next_path: str | None = None


class ProfileMismatchError(OAuth2Error):
    """The profile's ``sub`` is not the ID token's (OIDC Core 5.3.2): nobody is logged in."""


def identity_of(
    provider: str, token: TokenResult, profile: UserInfo, next_path: str
) -> OAuth2Identity:
    """Return the identity of a completed flow.

    When the flow returned a verified ID token, the profile's ``sub`` must
    equal the ID token's: a userinfo answer about someone else is refused.

    Raises:
        ProfileMismatchError: The two subjects differ.
    """
    claims = token.id_token_claims
    if claims is not None and claims.get("sub") != profile.sub:
        raise ProfileMismatchError("the userinfo sub is not the ID token's sub")
    return OAuth2Identity(provider, profile.sub, profile, token, next_path)


@dataclass(frozen=True, slots=True)
class OAuth2Failure:
    """Why a login did not happen, as the error page shows it.

    Attributes:
        status: The HTTP status (400, 403, 404, 500, 502 or 503).
        reason: A short stable code: ``no_request``, ``expired``, ``invalid``,
            ``replayed``, ``denied``, ``provider_error``, ``provider``,
            ``unavailable``, ``refused``, ``unknown_provider`` or ``config``.
        message: A fixed sentence for the user (never a secret or provider text).
        provider: The provider's name, when it is a configured one.
        headers: Extra response headers (``Retry-After`` for 503).
    """

    status: int
    reason: str
    message: str
    provider: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)


_MESSAGES = {
    "no_request": (400, "This sign-in is not in progress in this browser (or it expired)."),
    "expired": (400, "This sign-in took too long and expired."),
    "invalid": (400, "This sign-in answer does not belong to a sign-in started here."),
    "replayed": (400, "This sign-in answer was already used."),
    "denied": (403, "Sign-in was cancelled at the provider."),
    "provider_error": (400, "The provider could not sign you in."),
    "provider": (502, "The provider's answer could not be used."),
    "unavailable": (503, "Signing in is temporarily unavailable."),
    "refused": (403, "This account cannot sign in here."),
    "unknown_provider": (404, "There is no such sign-in provider."),
    "config": (500, "Signing in with this provider is not set up correctly."),
}


def failure(reason: str, provider: str | None = None) -> OAuth2Failure:
    """Return the failure for ``reason`` (one of `OAuth2Failure.reason`'s codes).

    Example:
        >>> failure("denied", "github").status
        403
    """
    status, message = _MESSAGES[reason]
    headers = {"Retry-After": str(_RETRY_AFTER_SECONDS)} if status == 503 else {}
    return OAuth2Failure(status, reason, message, provider, headers)


def failure_of(error: Exception, provider: str | None) -> OAuth2Failure | None:
    """Map an exception of the login flow to its failure; ``None`` if it is not Jam's.

    Example:
        >>> from jam.exceptions import OAuth2StateError
        >>> failure_of(OAuth2StateError("state differs"), "corp").reason
        'invalid'
    """
    reason: str
    if isinstance(error, OAuth2RequestExpiredError):
        reason = "expired"
    elif isinstance(error, OAuth2RequestReplayedError):
        reason = "replayed"
    elif isinstance(error, OAuth2StateError | OAuth2CallbackError):
        reason = "invalid"
    elif isinstance(error, OAuth2AccessDeniedError):
        reason = "denied"
    elif isinstance(error, OAuth2ProviderError):
        reason = "provider_error" if error.status_code is None else "provider"
    elif isinstance(
        error,
        OAuth2IDTokenError
        | ProfileMismatchError
        | OAuth2InvalidResponseError
        | OAuth2ResponseTooLargeError,
    ):
        reason = "provider"
    elif isinstance(error, OAuth2TransportError | BackendError):
        reason = "unavailable"
    elif isinstance(error, OAuth2ConfigError | OAuth2Error):
        reason = "config"
    else:
        return None
    return failure(reason, provider)
