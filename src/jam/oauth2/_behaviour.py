"""How a provider differs from the RFCs: the behaviour half of the provider contract.

An `OAuth2ProviderRecord` describes endpoints; its
optional ``behaviour`` factory returns a `ProviderBehaviour` that may
change how the client secret is produced, how token requests look, how token
responses are read and how profiles are normalised. Every method is pure: it
builds `HTTPRequest` values or reads
`HTTPResponse` values, and the engine does the I/O, so one
behaviour serves the synchronous and the asyncio engine alike.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from jam.oauth2._http import HTTPRequest, HTTPResponse, parse_object

__all__ = [
    "REQUEST_KINDS",
    "ClientContext",
    "ProviderBehaviour",
    "standard_claims",
    "with_form",
]

REQUEST_KINDS = (
    "authorization_code",
    "refresh_token",
    "client_credentials",
    "device_authorization",
    "device_code",
    "revocation",
)
"""What `ProviderBehaviour.customize_request` may be asked to customise."""

SignJWT = Callable[..., str]


@dataclass(frozen=True, slots=True, repr=False)
class ClientContext:
    """What a behaviour may use: the client's configuration and Jam's JWT signer.

    Attributes:
        provider: The provider table's name.
        client_id: The configured client id.
        client_secret: The configured secret (``None`` for public clients).
        options: The provider plugin's validated options (its record's
            ``options`` model), or ``None``.
        endpoints: Resolved endpoint URLs by kind (``"token"``, ``"userinfo"``...).
        timeout: Seconds for each exchange; give it to every request you build.
        now: Unix time of the call.
        private_key: The table's ``private_key`` material (``None`` when unset),
            for behaviours that sign (Apple's client secret).
        sign_jwt: ``sign_jwt(claims, *, key, alg=None, kid=None) -> str`` signs a
            compact JWS with Jam's algorithm plugins (``alg`` defaults to the
            key's natural one: ES256 for a P-256 key).
    """

    provider: str
    client_id: str
    client_secret: str | None
    options: Any
    endpoints: Mapping[str, str]
    timeout: float
    now: float
    sign_jwt: SignJWT = field(compare=False)
    private_key: Any = field(default=None, compare=False)

    def request(
        self,
        method: str,
        url: str,
        purpose: str,
        *,
        headers: Mapping[str, str] | None = None,
        form: Mapping[str, str] | None = None,
        json: Mapping[str, Any] | None = None,
        secrets: tuple[str, ...] = (),
    ) -> HTTPRequest:
        """Build an `HTTPRequest` with this client's timeout."""
        return HTTPRequest(
            method, url, purpose, dict(headers or {}), form, json, secrets, self.timeout
        )

    def __repr__(self) -> str:
        """Provider and client id only."""
        return f"ClientContext(provider={self.provider!r}, client_id={self.client_id!r})"


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def standard_claims(profile: Mapping[str, Any]) -> dict[str, Any]:
    """Pick the OIDC standard claims out of an OIDC-shaped profile.

    ``sub`` becomes a string; ``email_verified`` is True only for a JSON
    ``true`` (or the string ``"true"``, which some providers send).
    """
    verified = profile.get("email_verified")
    sub = profile.get("sub")
    return {
        "sub": str(sub) if isinstance(sub, str | int) and not isinstance(sub, bool) else None,
        "email": _text(profile.get("email")),
        "email_verified": verified is True or verified == "true",
        "name": _text(profile.get("name")),
        "preferred_username": _text(profile.get("preferred_username")),
        "picture": _text(profile.get("picture")),
    }


class ProviderBehaviour:
    """RFC 6749 / OpenID Connect as written; subclass to override what a provider does differently.

    Example:
        ```python
        class Acme(ProviderBehaviour):
            def normalize_userinfo(self, responses, context):
                profile = parse_object(responses[0])
                return {"sub": str(profile["id"]), "email": profile.get("mail")}, profile
        ```
    """

    userinfo_scheme = "Bearer"
    """The ``Authorization`` scheme of the default `userinfo_requests` (Yandex: ``"OAuth"``)."""

    def client_secret(self, context: ClientContext) -> str | None:
        """Return the client secret to send (default: the configured one).

        Override to compute it: Apple's secret is a short-lived ES256 JWT made
        with ``context.sign_jwt``.
        """
        return context.client_secret

    def customize_request(
        self, kind: str, request: HTTPRequest, context: ClientContext
    ) -> HTTPRequest:
        """Return the request to send for ``kind`` (one of `REQUEST_KINDS`).

        Called for the safe flows (``oauth2_complete``, refresh inside them,
        device flow, revocation), after client authentication was applied.
        The four jamlib-era methods send exactly what the caller asked and
        are not customised. Default: unchanged.
        """
        return request

    def parse_token_response(
        self, response: HTTPResponse, context: ClientContext
    ) -> dict[str, Any]:
        """Read a token endpoint's answer (default: JSON or form, errors raised as typed errors)."""
        return parse_object(response)

    def userinfo_requests(
        self, url: str, access_token: str, context: ClientContext
    ) -> list[HTTPRequest]:
        """Return the requests that fetch a profile (default: one GET, `userinfo_scheme` token)."""
        return [
            context.request(
                "GET",
                url,
                "userinfo endpoint",
                headers={"Authorization": f"{self.userinfo_scheme} {access_token}"},
                secrets=(access_token,),
            )
        ]

    def normalize_userinfo(
        self, responses: list[HTTPResponse], context: ClientContext
    ) -> tuple[dict[str, Any], Any]:
        """Return ``(standard claims, raw)`` from the answers to `userinfo_requests`."""
        profile = parse_object(responses[0])
        return standard_claims(profile), profile


def with_form(request: HTTPRequest, **fields: str) -> HTTPRequest:
    """Return ``request`` with form fields added or replaced (helper for behaviours)."""
    return replace(request, form={**(request.form or {}), **fields})
