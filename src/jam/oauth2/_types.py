"""What the OAuth2 methods hand back: authorization requests, token results, profiles.

None of these show a secret in ``repr``: the state, PKCE verifier, nonce,
device code and tokens stay out of logs and tracebacks.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jam.exceptions import OAuth2ConfigError, OAuth2StateError

if TYPE_CHECKING:
    from jam.oauth2._seal import RequestSealer

__all__ = ["AuthorizationRequest", "DeviceAuthorization", "TokenResult", "UserInfo"]

FORMAT_VERSION = 1
"""Version of `AuthorizationRequest.to_dict`'s layout."""

_MAX_TEXT = 2048


def _text(data: Mapping[str, Any], key: str, *, optional: bool = False) -> Any:
    value = data.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value or len(value) > _MAX_TEXT:
        raise OAuth2StateError(f"authorization request: {key!r} is missing or malformed")
    return value


def _time(data: Mapping[str, Any], key: str) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise OAuth2StateError(f"authorization request: {key!r} is missing or malformed")
    return float(value)


@dataclass(frozen=True, slots=True, repr=False)
class AuthorizationRequest:
    """One authorization-code flow in progress, from ``oauth2_begin`` to ``oauth2_complete``.

    Keep it between the two calls: in the server-side session, as
    `to_dict` in any store, or as `seal` in a cookie (encrypted
    and authenticated, so it needs no server storage).

    Attributes:
        url: Where to send the user (the provider's authorization endpoint).
        state: Random value the callback must echo (compared in constant time).
        code_verifier: PKCE (S256) verifier, sent with the code; ``None`` without PKCE.
        nonce: OIDC nonce the ID token must carry; ``None`` without ``openid``.
        provider: Name of the provider table that started the flow.
        redirect_url: The redirect URL sent (and sent again with the code).
        created_at: Unix time of ``oauth2_begin``; older than ``max_age`` is refused.
    """

    url: str
    state: str
    code_verifier: str | None
    nonce: str | None
    provider: str
    redirect_url: str
    created_at: float
    sealer: RequestSealer | None = field(default=None, compare=False)
    """The engine's sealer (set by ``oauth2_begin``); used by `seal`."""

    def to_dict(self) -> dict[str, Any]:
        """Return the request as JSON-compatible data (keep it server-side: it holds secrets).

        Example:
            >>> session["oauth2"] = request.to_dict()  # doctest: +SKIP
        """
        return {
            "v": FORMAT_VERSION,
            "provider": self.provider,
            "state": self.state,
            "code_verifier": self.code_verifier,
            "nonce": self.nonce,
            "redirect_url": self.redirect_url,
            "created_at": self.created_at,
            "url": self.url,
        }

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], sealer: RequestSealer | None = None
    ) -> AuthorizationRequest:
        """Rebuild a request from `to_dict` output.

        Raises:
            OAuth2StateError: The data is not a request of this format.
        """
        if not isinstance(data, Mapping) or data.get("v") != FORMAT_VERSION:
            raise OAuth2StateError("authorization request: not a Jam authorization request")
        url = data.get("url", "")
        return cls(
            url=url if isinstance(url, str) else "",
            state=_text(data, "state"),
            code_verifier=_text(data, "code_verifier", optional=True),
            nonce=_text(data, "nonce", optional=True),
            provider=_text(data, "provider"),
            redirect_url=_text(data, "redirect_url"),
            created_at=_time(data, "created_at"),
            sealer=sealer,
        )

    def seal(self) -> str:
        """Return the request as one compact encrypted string (AES-256-GCM), e.g. for a cookie.

        The sealed form leaves out `url` (not needed to complete) and
        expires with the request (``[jam.oauth2] max_age``).

        Raises:
            OAuth2ConfigError: No ``[jam.oauth2] seal_key`` is configured.
        """
        if self.sealer is None:
            raise OAuth2ConfigError(
                "seal() needs [jam.oauth2] seal_key (32 random bytes, base64url; "
                "jam.oauth2.generate_seal_key() makes one)"
            )
        return self.sealer.seal(self)

    @classmethod
    def unseal(cls, sealed: str, sealer: RequestSealer) -> AuthorizationRequest:
        """Open a string made by `seal` (``auth.oauth2.sealer`` is the sealer).

        Raises:
            OAuth2StateError: Tampered with, made under another key, or malformed.
            OAuth2RequestExpiredError: Older than ``max_age``.
        """
        return sealer.unseal(sealed)

    def __repr__(self) -> str:
        """Provider and age only: state, verifier and nonce are secrets."""
        return (
            f"AuthorizationRequest(provider={self.provider!r}, "
            f"redirect_url={self.redirect_url!r}, created_at={self.created_at:.0f})"
        )


class TokenResult(dict[str, Any]):
    """A token endpoint's answer: the response dict, with typed attributes.

    It *is* the response dict (``result["access_token"]`` works as in
    jamlib); the attributes read it. ``repr`` never shows a token.
    """

    __slots__ = ("id_token_claims", "received_at")

    def __init__(self, data: Mapping[str, Any], received_at: float) -> None:
        """Wrap the parsed response received at ``received_at`` (Unix time)."""
        super().__init__(data)
        self.received_at = received_at
        """When the response arrived; ``expires_at`` counts from here."""
        self.id_token_claims: dict[str, Any] | None = None
        """The verified ID-token claims, when an ID token came back and was verified."""

    def _str(self, key: str) -> str | None:
        value = self.get(key)
        return value if isinstance(value, str) else None

    @property
    def access_token(self) -> str | None:
        """The access token."""
        return self._str("access_token")

    @property
    def refresh_token(self) -> str | None:
        """The refresh token, when the provider issued one."""
        return self._str("refresh_token")

    @property
    def token_type(self) -> str | None:
        """Usually ``"Bearer"``."""
        return self._str("token_type")

    @property
    def id_token(self) -> str | None:
        """The OIDC ID token (a JWS), when the provider sent one."""
        return self._str("id_token")

    @property
    def scope(self) -> str | None:
        """The granted scopes as the provider wrote them (space- or comma-separated)."""
        return self._str("scope")

    @property
    def scopes(self) -> tuple[str, ...]:
        """The granted scopes as a tuple (empty when the provider did not say)."""
        return tuple(s for s in (self.scope or "").replace(",", " ").split() if s)

    @property
    def expires_at(self) -> float | None:
        """Unix time the access token expires (from ``expires_in``), or ``None``."""
        value = self.get("expires_in")
        if isinstance(value, str) and value.isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        return self.received_at + float(value)

    def __repr__(self) -> str:
        """Token type, scope and expiry only: never a token."""
        keys = ", ".join(sorted(str(k) for k in self))
        return (
            f"TokenResult(token_type={self.token_type!r}, scope={self.scope!r}, "
            f"expires_at={self.expires_at}, keys=[{keys}])"
        )

    __str__ = __repr__


STANDARD_CLAIMS = ("sub", "email", "email_verified", "name", "preferred_username", "picture")
"""The OIDC standard claims every `UserInfo` carries (``None`` when unknown)."""


class UserInfo(dict[str, Any]):
    """A user's profile, normalised to OIDC standard claims; the provider's answer in `raw`.

    Keys: ``sub`` (always a string), ``email``, ``email_verified`` (a bool),
    ``name``, ``preferred_username``, ``picture``.
    """

    __slots__ = ("raw",)

    def __init__(self, claims: Mapping[str, Any], raw: Any) -> None:
        """Keep the standard claims of ``claims`` and the raw response."""
        super().__init__({key: claims.get(key) for key in STANDARD_CLAIMS})
        self["email_verified"] = claims.get("email_verified") is True
        self.raw = raw
        """The provider's response(s), parsed, as received."""

    @property
    def sub(self) -> str:
        """The provider's stable user id."""
        return str(self["sub"])

    @property
    def email(self) -> str | None:
        """E-mail address, if the provider shared one."""
        value = self.get("email")
        return value if isinstance(value, str) else None

    @property
    def email_verified(self) -> bool:
        """True only when the provider says it verified `email`."""
        return self.get("email_verified") is True

    @property
    def name(self) -> str | None:
        """Display name."""
        value = self.get("name")
        return value if isinstance(value, str) else None

    @property
    def preferred_username(self) -> str | None:
        """Login / handle."""
        value = self.get("preferred_username")
        return value if isinstance(value, str) else None

    @property
    def picture(self) -> str | None:
        """Avatar URL."""
        value = self.get("picture")
        return value if isinstance(value, str) else None


@dataclass(slots=True, repr=False)
class DeviceAuthorization:
    """A device authorization grant in progress (RFC 8628).

    Show `user_code` and `verification_uri` to the user, then
    poll. ``interval`` grows by 5 seconds each time the provider says
    ``slow_down``.

    Attributes:
        device_code: Secret code the device polls with (never shown).
        user_code: Code the user types at `verification_uri`.
        verification_uri: Where the user goes.
        verification_uri_complete: The same with the code filled in, if offered.
        expires_at: Unix time the codes expire.
        interval: Seconds to wait between polls.
        provider: Name of the provider table.
    """

    device_code: str
    user_code: str
    verification_uri: str
    verification_uri_complete: str | None
    expires_at: float
    interval: float
    provider: str

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-compatible data (keep it server-side: it holds the device code)."""
        return {
            "device_code": self.device_code,
            "user_code": self.user_code,
            "verification_uri": self.verification_uri,
            "verification_uri_complete": self.verification_uri_complete,
            "expires_at": self.expires_at,
            "interval": self.interval,
            "provider": self.provider,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DeviceAuthorization:
        """Rebuild from `to_dict` output.

        Raises:
            OAuth2StateError: Malformed data.
        """
        if not isinstance(data, Mapping):
            raise OAuth2StateError("device authorization: expected a mapping")
        return cls(
            device_code=_text(data, "device_code"),
            user_code=_text(data, "user_code"),
            verification_uri=_text(data, "verification_uri"),
            verification_uri_complete=_text(data, "verification_uri_complete", optional=True),
            expires_at=_time(data, "expires_at"),
            interval=_time(data, "interval"),
            provider=_text(data, "provider"),
        )

    def __repr__(self) -> str:
        """Everything but the device code."""
        return (
            f"DeviceAuthorization(provider={self.provider!r}, user_code={self.user_code!r}, "
            f"verification_uri={self.verification_uri!r}, interval={self.interval:g})"
        )
