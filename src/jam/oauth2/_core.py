"""The OAuth2 core: every decision of every flow, no I/O.

Both drivers (`jam.oauth2._engine`, `jam.oauth2._async_engine`)
ask this core what to send, send it, and hand the answer back here. The
rules live here once: PKCE and state generation, what a callback must look
like (``state`` compared in constant time, age, RFC 9207 ``iss``, ``error=``),
the single-use key of a request, what the literal jamlib-era requests carry,
and what each answer means. The device grant's rules (RFC 8628) are in
:mod:`jam.oauth2._device`, which this class inherits.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jam._text import excerpt
from jam.exceptions import (
    OAuth2CallbackError,
    OAuth2ConfigError,
    OAuth2IDTokenError,
    OAuth2InvalidResponseError,
    OAuth2MixUpError,
    OAuth2RequestReplayedError,
    OAuth2StateError,
)
from jam.jwt._codec import b64encode
from jam.oauth2._callback import parse_callback
from jam.oauth2._device import DeviceRules
from jam.oauth2._http import HTTPRequest, HTTPResponse, form_fields, parse_object, provider_error
from jam.oauth2._seal import RequestSealer, check_age
from jam.oauth2._types import AuthorizationRequest, TokenResult, UserInfo

if TYPE_CHECKING:
    from jam.config import OAuth2Settings
    from jam.oauth2._client import ProviderClient

__all__ = ["RESERVED_PARAMS", "Completion", "OAuth2Core"]

RESERVED_PARAMS = frozenset(
    {"state", "nonce", "code_challenge", "code_challenge_method", "response_type", "client_id"}
)
"""Authorization parameters ``oauth2_begin`` sets itself and refuses from the caller."""


def pkce_challenge(verifier: str) -> str:
    """RFC 7636 S256: ``BASE64URL(SHA256(verifier))``."""
    return b64encode(hashlib.sha256(verifier.encode("ascii")).digest())


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


@dataclass(frozen=True, slots=True, repr=False)
class Completion:
    """A callback that passed every check: what the code exchange needs."""

    request: AuthorizationRequest
    code: str
    claim_key: str
    claim_ttl: int

    def __repr__(self) -> str:
        """Provider only."""
        return f"Completion(provider={self.request.provider!r})"


class OAuth2Core(DeviceRules):
    """Every OAuth2 decision for one configuration.

    Attributes:
        clients: One `ProviderClient` per provider table.
        sealer: Seals authorization requests (``None`` without ``seal_key``).
        max_age: Seconds an authorization request stays valid.
    """

    def __init__(self, settings: OAuth2Settings, clients: dict[str, ProviderClient]) -> None:
        """Hold the provider clients; derive sealing keys from ``seal_key``."""
        self.settings = settings
        self.clients = clients
        self.max_age = settings.max_age
        keys = settings.seal_keys
        self.sealer = RequestSealer(keys, settings.max_age) if keys else None

    def client(self, name: str) -> ProviderClient:
        """The client configured as ``[jam.oauth2.providers.<name>]``.

        Raises:
            OAuth2ConfigError: No such table.
        """
        client = self.clients.get(name) if isinstance(name, str) else None
        if client is None:
            configured = ", ".join(sorted(self.clients)) or "none"
            raise OAuth2ConfigError(
                f"OAuth2 provider {excerpt(name)} is not configured (configured: {configured}); "
                "add a [jam.oauth2.providers.<name>] table"
            )
        return client

    # -- jamlib-era requests: exactly what the caller asked ---------------------------

    def authorized_url(self, client: ProviderClient, scope: Any, extra: Mapping[str, Any]) -> str:
        """The jamlib-era URL: client_id, redirect_uri, response_type, scope, then extras."""
        params = {
            "client_id": client.settings.client_id,
            "redirect_uri": client.redirect(None),
            "response_type": "code",
            "scope": " ".join(scope or ()),
        }
        params.update(form_fields(extra))
        client.redirect(params["redirect_uri"])
        return client.authorization_url(params)

    def literal_token_request(
        self, client: ProviderClient, form: Mapping[str, Any], extra: Mapping[str, Any], now: float
    ) -> HTTPRequest:
        """A token request with ``form`` and the caller's extras, authenticated, nothing else."""
        fields = {**form_fields(form), **form_fields(extra)}
        if "redirect_uri" in fields:
            client.redirect(fields["redirect_uri"])
        return client.token_request(None, fields, now)

    # -- authorization code with PKCE, state and nonce --------------------------------

    def begin(
        self, client: ProviderClient, scope: Any, extra: Mapping[str, Any], now: float
    ) -> AuthorizationRequest:
        """Make a new authorization request (fresh state, PKCE verifier and OIDC nonce).

        Raises:
            OAuth2ConfigError: A reserved parameter in ``extra``, or a redirect
                URL that is not configured.
        """
        clash = sorted(RESERVED_PARAMS & set(extra))
        if clash:
            raise OAuth2ConfigError(
                f"oauth2_begin sets {', '.join(clash)} itself; do not pass them"
            )
        params = form_fields(extra)
        redirect = client.redirect(params.pop("redirect_uri", None))
        scopes = list(scope or client.settings.scopes or client.record.default_scopes)
        state = secrets.token_urlsafe(32)
        nonce = secrets.token_urlsafe(32) if "openid" in scopes and client.issuer else None
        verifier = secrets.token_urlsafe(64) if client.pkce else None
        query = {
            "response_type": "code",
            "client_id": client.settings.client_id,
            "redirect_uri": redirect,
            "state": state,
        }
        if scopes:
            query["scope"] = " ".join(scopes)
        if nonce is not None:
            query["nonce"] = nonce
        if verifier is not None:
            query["code_challenge"] = pkce_challenge(verifier)
            query["code_challenge_method"] = "S256"
        query.update(params)
        return AuthorizationRequest(
            url=client.authorization_url(query),
            state=state,
            code_verifier=verifier,
            nonce=nonce,
            provider=client.name,
            redirect_url=redirect,
            created_at=now,
            sealer=self.sealer,
        )

    def load_request(self, request: object) -> AuthorizationRequest:
        """Accept the request as an object, its dict, or its sealed string.

        Raises:
            OAuth2StateError: Unreadable, tampered with, or sealed under another key.
            OAuth2ConfigError: A sealed string but no ``seal_key``.
        """
        if isinstance(request, AuthorizationRequest):
            return request
        if isinstance(request, str):
            if self.sealer is None:
                raise OAuth2ConfigError("a sealed request needs [jam.oauth2] seal_key")
            return self.sealer.unseal(request)
        if isinstance(request, Mapping):
            return AuthorizationRequest.from_dict(request, self.sealer)
        raise OAuth2StateError(
            "request must be the AuthorizationRequest, its to_dict() or its seal()"
        )

    def completion(
        self, client: ProviderClient, request: object, callback: object, now: float
    ) -> Completion:
        """Check a callback against its request; everything before any token request.

        Order: the request is readable, for this provider and young enough; the
        callback parses; ``state`` is present and equal (constant time); RFC 9207
        ``iss``, when sent (or required by discovery), names this provider's issuer;
        an ``error=`` callback becomes a typed error; a ``code`` is present.

        Raises:
            OAuth2StateError: (and subclasses) state, age, provider, mix-up.
            OAuth2CallbackError: Malformed callback or no code.
            OAuth2ProviderError: The callback carries ``error=`` (``OAuth2AccessDeniedError``...).
        """
        flow = self.load_request(request)
        if flow.provider != client.name:
            raise OAuth2StateError(
                f"the authorization request was started for another provider, not {client.name!r}"
            )
        check_age(flow, now, self.max_age)
        params = parse_callback(callback)
        state = params.get("state")
        if state is None:
            raise OAuth2StateError("the callback has no state")
        if not _same(state, flow.state):
            raise OAuth2StateError("the callback's state does not match the request's")
        issuer = params.get("iss")
        if (issuer is not None or client.iss_required) and (
            issuer is None or client.issuer is None or not _same(issuer, client.issuer)
        ):
            raise OAuth2MixUpError(
                f"the callback's iss {excerpt(issuer)} is not {client.name!r}'s issuer "
                "(RFC 9207 mix-up defence)"
            )
        if "error" in params:
            raise provider_error(params, None, "authorization callback", ())
        code = params.get("code")
        if not code:
            raise OAuth2CallbackError("the callback has neither code nor error")
        claim = "oauth2:state:" + hashlib.sha256(flow.state.encode("utf-8")).hexdigest()[:40]
        return Completion(flow, code, claim, self.max_age + 60)

    def claimed(self, first: bool) -> None:
        """Refuse a request completed before (``add_if_absent`` returned False).

        Raises:
            OAuth2RequestReplayedError: Always when ``first`` is False.
        """
        if not first:
            raise OAuth2RequestReplayedError("this authorization request was already completed")

    def code_exchange(self, client: ProviderClient, flow: Completion, now: float) -> HTTPRequest:
        """The token request of the authorization-code grant (with the PKCE verifier)."""
        form = {
            "grant_type": "authorization_code",
            "code": flow.code,
            "redirect_uri": flow.request.redirect_url,
        }
        if flow.request.code_verifier is not None:
            form["code_verifier"] = flow.request.code_verifier
        return client.token_request("authorization_code", form, now)

    def expected_nonce(
        self, client: ProviderClient, result: TokenResult, nonce: str | None
    ) -> None:
        """Refuse a completion that asked for OIDC but got no ID token back.

        Raises:
            OAuth2IDTokenError: ``openid`` was requested and no ``id_token`` came back.
        """
        if nonce is not None and result.id_token is None:
            raise OAuth2IDTokenError(
                f"{client.name!r} returned no ID token although openid was requested"
            )

    # -- other grants -----------------------------------------------------------------

    def revocation(
        self, client: ProviderClient, token: str, hint: str | None, now: float
    ) -> HTTPRequest:
        """RFC 7009 revocation request (customisable by the provider's behaviour)."""
        form = {"token": token}
        if hint is not None:
            form["token_type_hint"] = hint
        request = client.token_post("revocation endpoint", form, client.endpoint("revocation"), now)
        return client.behaviour.customize_request("revocation", request, client.context(now))

    def revoked(self, response: HTTPResponse) -> None:
        """Read a revocation answer: 200 (any body) is success.

        Raises:
            OAuth2ProviderError: An error object or status.
        """
        if response.status == 200 and not response.body.strip():
            return
        if response.status in (200, 204):
            try:
                parse_object(response)
            except OAuth2InvalidResponseError:
                return
            return
        parse_object(response)
        raise OAuth2InvalidResponseError(f"revocation endpoint answered HTTP {response.status}")

    # -- userinfo ---------------------------------------------------------------------

    def userinfo_requests(
        self, client: ProviderClient, access_token: str, now: float
    ) -> list[HTTPRequest]:
        """The requests that fetch a profile (one for OIDC, two for GitHub)."""
        if not isinstance(access_token, str) or not access_token:
            raise OAuth2ConfigError("oauth2_userinfo needs the access token (a string)")
        return client.behaviour.userinfo_requests(
            client.endpoint("userinfo"), access_token, client.context(now)
        )

    def userinfo(
        self, client: ProviderClient, responses: list[HTTPResponse], now: float
    ) -> UserInfo:
        """Normalise the answers to OIDC standard claims.

        Raises:
            OAuth2InvalidResponseError: No ``sub`` could be found.
        """
        claims, raw = client.behaviour.normalize_userinfo(responses, client.context(now))
        if not isinstance(claims.get("sub"), str) or not claims["sub"]:
            raise OAuth2InvalidResponseError("userinfo answer has no subject identifier")
        return UserInfo(claims, raw)
