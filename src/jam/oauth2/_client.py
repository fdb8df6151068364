"""One configured OAuth2 client: endpoints, discovery, client authentication, requests.

A `ProviderClient` is built once per provider table from the table,
the provider plugin's record (or a plain record for explicit-URL tables) and
the record's behaviour. It builds every request the flows send and reads
every answer; it never does I/O.
"""

from __future__ import annotations

import base64
import hmac
import urllib.parse
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from jam._text import excerpt
from jam.exceptions import OAuth2ConfigError, OAuth2InvalidResponseError, OAuth2MixUpError
from jam.oauth2._assertion import ASSERTION_TYPE, JWTSigner, client_assertion_claims
from jam.oauth2._behaviour import ClientContext
from jam.oauth2._http import HTTPRequest, HTTPResponse, check_endpoint, parse_object
from jam.oauth2._idtoken import IDTokenPolicy
from jam.oauth2._jwks import JWKSCache
from jam.oauth2._types import TokenResult

if TYPE_CHECKING:
    from jam.config import OAuth2ProviderSettings, OAuth2Settings
    from jam.plugins._manager import Registry
    from jam.plugins.records import OAuth2ProviderRecord
    from jam.protocols import OAuth2ProviderHooks

__all__ = ["ENDPOINTS", "ProviderClient"]

ENDPOINTS = {
    "authorize": ("auth_url", "authorize_url", "authorization_endpoint"),
    "token": ("token_url", "token_url", "token_endpoint"),
    "userinfo": ("userinfo_url", "userinfo_url", "userinfo_endpoint"),
    "revocation": ("revocation_url", "revocation_url", "revocation_endpoint"),
    "jwks": ("jwks_url", "jwks_url", "jwks_uri"),
    "device": (
        "device_authorization_url",
        "device_authorization_url",
        "device_authorization_endpoint",
    ),
}
"""Endpoint kind -> (config key, record field, discovery member)."""

_NEEDED = ("authorize", "token")
_HMAC = ("HS256", "HS384", "HS512")


class ProviderClient:
    """The pure half of one provider: requests to send, answers to read.

    Attributes:
        name: The provider table's name.
        settings: The table.
        record: The provider plugin's record.
        behaviour: The record's behaviour (defaults: RFC as written).
        issuer: The OIDC issuer, or ``None`` (no ID tokens then).
        jwks: The provider's signing keys.
        timeout: Seconds per exchange.
    """

    def __init__(  # noqa: PLR0917  (built in one place, by jam.oauth2.build)
        self,
        name: str,
        settings: OAuth2ProviderSettings,
        record: OAuth2ProviderRecord,
        behaviour: OAuth2ProviderHooks,
        options: Any,
        shared: OAuth2Settings,
        registry: Registry,
    ) -> None:
        """Resolve endpoints and keys from configuration and record.

        Raises:
            OAuth2InsecureEndpointError: An endpoint is not https (or loopback http).
            OAuth2ConfigError: No endpoints and no issuer, or a key that does not load.
        """
        self.name, self.settings, self.record = name, settings, record
        self.behaviour, self.options, self._registry = behaviour, options, registry
        self.timeout = settings.timeout or shared.timeout
        self.issuer = settings.issuer or record.issuer
        where = f"jam.oauth2.providers.{name}"
        if self.issuer is not None:
            check_endpoint(self.issuer, f"{where}.issuer")
        self._configured: dict[str, str] = {}
        for kind, (key, field, _member) in ENDPOINTS.items():
            url = getattr(settings, key) or getattr(record, field, None)
            if url is not None:
                self._configured[kind] = check_endpoint(url, f"{where}.{key}")
        missing = [kind for kind in _NEEDED if kind not in self._configured]
        if missing and self.issuer is None:
            raise OAuth2ConfigError(
                f"{where}: no {' and '.join(k + ' endpoint' for k in missing)}; give auth_url and "
                'token_url, or an OIDC issuer (provider = "oidc")'
            )
        self.needs_discovery = self.issuer is not None and (
            bool(missing) or "jwks" not in self._configured
        )
        self._discovered: dict[str, str] = {}
        self._discovery: Mapping[str, Any] = {}
        self.iss_required = False
        self._algs: frozenset[str] | None = None
        self.auth_method = settings.token_endpoint_auth_method or record.client_auth_method
        self.pkce = record.supports_pkce if settings.pkce is None else settings.pkce
        secret = settings.client_secret.reveal() if settings.client_secret else None
        self._secret = secret
        self._signers: dict[tuple[int, str | None, str | None], JWTSigner] = {}
        self._assertion_signer: JWTSigner | None = None
        if self.auth_method == "private_key_jwt":
            if settings.private_key is None:
                raise OAuth2ConfigError(f"{where}: private_key_jwt needs private_key")
            self._assertion_signer = JWTSigner(
                registry,
                settings.private_key.material,
                alg=settings.alg,
                kid=settings.kid,
                where=f"{where}.private_key",
            )
        elif self.auth_method in ("client_secret_post", "client_secret_basic") and (
            secret is None and record.behaviour is None
        ):
            raise OAuth2ConfigError(
                f"{where}: {self.auth_method} needs client_secret (public clients: "
                'token_endpoint_auth_method = "none")'
            )
        issuers = (self.issuer, *record.issuer_aliases) if self.issuer else ()
        hs_secret = secret.encode("utf-8") if settings.allow_hs_id_tokens and secret else None
        self.id_tokens = IDTokenPolicy(
            registry, settings.client_id, issuers, shared.leeway, hs_secret
        )
        self.jwks = JWKSCache(
            self._configured.get("jwks"),
            self.timeout,
            shared.jwks_cooldown,
            shared.jwks_ttl,
            shared.jwks_max_stale,
        )

    # -- endpoints and discovery -------------------------------------------------------

    def discovery_request(self) -> HTTPRequest | None:
        """The discovery fetch still needed before this client can work, or ``None``."""
        if not self.needs_discovery or self._discovery:
            return None
        url = self.issuer.rstrip("/") + "/.well-known/openid-configuration"  # type: ignore[union-attr]
        return HTTPRequest("GET", url, "discovery document", timeout=self.timeout)

    def accept_discovery(self, response: HTTPResponse) -> None:
        """Take the discovery document: its ``issuer`` must be ours, its endpoints https.

        Raises:
            OAuth2MixUpError: The document names another issuer.
            OAuth2InsecureEndpointError: An endpoint is not https.
            OAuth2InvalidResponseError: Not a JSON object.
        """
        document = parse_object(response)
        found = document.get("issuer")
        if not isinstance(found, str) or not hmac.compare_digest(
            found.encode("utf-8", "surrogatepass"), str(self.issuer).encode("utf-8")
        ):
            raise OAuth2MixUpError(
                f"discovery document of {self.name!r} names issuer {excerpt(found)}, "
                "not the configured one"
            )
        discovered = {}
        for kind, (_key, _field, member) in ENDPOINTS.items():
            url = document.get(member)
            if isinstance(url, str) and kind not in self._configured:
                discovered[kind] = check_endpoint(url, f"discovery {member}")
        self._discovered, self._discovery, self._algs = discovered, document, None
        self.iss_required = document.get("authorization_response_iss_parameter_supported") is True
        if self.jwks.url is None:
            self.jwks.url = discovered.get("jwks")

    def endpoint(self, kind: str) -> str:
        """The URL of one endpoint kind.

        Raises:
            OAuth2ConfigError: This provider has no such endpoint.
        """
        url = self._configured.get(kind) or self._discovered.get(kind)
        if url is None:
            raise OAuth2ConfigError(
                f"provider {self.name!r} has no {kind} endpoint; set "
                f"{ENDPOINTS[kind][0]} in [jam.oauth2.providers.{self.name}]"
            )
        return url

    def endpoints(self) -> dict[str, str]:
        """Every known endpoint by kind."""
        return {**self._discovered, **self._configured}

    def id_token_algs(self) -> frozenset[str]:
        """Algorithms an ID token of this provider may use (computed once per discovery)."""
        if self._algs is None:
            self._algs = self._compute_algs()
        return self._algs

    def _compute_algs(self) -> frozenset[str]:
        advertised = self._discovery.get("id_token_signing_alg_values_supported")
        if self.settings.id_token_algs is not None:
            algs = list(self.settings.id_token_algs)
        elif isinstance(advertised, list) and all(isinstance(a, str) for a in advertised):
            algs = list(advertised)
        else:
            algs = list(self.record.id_token_algs or ("RS256",))
        allowed = {a for a in algs if a.lower() != "none"}
        if not self.settings.allow_hs_id_tokens:
            allowed -= set(_HMAC)
        return frozenset(allowed)

    def redirect(self, requested: object) -> str:
        """The redirect URL to send: the default, or a configured one the caller named.

        Raises:
            OAuth2ConfigError: ``requested`` is not in the configuration.
        """
        if requested is None:
            return self.settings.redirect_url
        if isinstance(requested, str) and requested in self.settings.allowed_redirects:
            return requested
        raise OAuth2ConfigError(
            f"redirect_uri is not one of the redirect URLs configured for {self.name!r} "
            "(redirect_url, redirect_urls)"
        )

    # -- client authentication ---------------------------------------------------------

    def context(self, now: float) -> ClientContext:
        """What the behaviour may use for one call."""
        return ClientContext(
            provider=self.name,
            client_id=self.settings.client_id,
            client_secret=self._secret,
            options=self.options,
            endpoints=self.endpoints(),
            timeout=self.timeout,
            now=now,
            sign_jwt=self._sign_jwt,
            private_key=self.settings.private_key.material if self.settings.private_key else None,
        )

    def _sign_jwt(
        self,
        claims: Mapping[str, Any],
        *,
        key: Any,
        alg: str | None = None,
        kid: str | None = None,
    ) -> str:
        material = getattr(key, "material", key)
        slot = (id(material), alg, kid)
        signer = self._signers.get(slot)
        if signer is None:
            signer = JWTSigner(self._registry, material, alg=alg, kid=kid)
            self._signers[slot] = signer
        return signer.sign(claims)

    def token_post(
        self, purpose: str, form: Mapping[str, str], url: str, now: float
    ) -> HTTPRequest:
        """A POST to ``url`` carrying ``form`` plus this client's authentication."""
        context = self.context(now)
        fields = {"client_id": self.settings.client_id, **form}
        headers: dict[str, str] = {}
        secrets = tuple(v for k, v in form.items() if k not in ("grant_type", "scope"))
        if self.auth_method in ("client_secret_post", "client_secret_basic"):
            secret = self.behaviour.client_secret(context) or ""
            secrets += (secret,)
            if self.auth_method == "client_secret_post":
                fields["client_secret"] = secret
            else:
                del fields["client_id"]
                pair = f"{_quote(self.settings.client_id)}:{_quote(secret)}"
                headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()
        elif self.auth_method == "private_key_jwt" and self._assertion_signer is not None:
            claims = client_assertion_claims(self.settings.client_id, url, now)
            assertion = self._assertion_signer.sign(claims)
            fields["client_assertion_type"] = ASSERTION_TYPE
            fields["client_assertion"] = assertion
            secrets += (assertion,)
        return HTTPRequest("POST", url, purpose, headers, fields, None, secrets, self.timeout)

    def token_request(self, kind: str | None, form: Mapping[str, str], now: float) -> HTTPRequest:
        """A token-endpoint request; ``kind`` picks the behaviour's customisation.

        ``None`` means literal: the jamlib-era methods are never customised.
        """
        request = self.token_post("token endpoint", form, self.endpoint("token"), now)
        if kind is None:
            return request
        return self.behaviour.customize_request(kind, request, self.context(now))

    def token_result(self, response: HTTPResponse, now: float, *, strict: bool) -> TokenResult:
        """Read a token response; ``strict`` requires a string ``access_token``.

        Raises:
            OAuth2ProviderError: The provider answered with an error.
            OAuth2InvalidResponseError: Not a usable token response.
        """
        data = self.behaviour.parse_token_response(response, self.context(now))
        if strict and not isinstance(data.get("access_token"), str):
            raise OAuth2InvalidResponseError("token endpoint answered without an access_token")
        return TokenResult(data, now)

    def authorization_url(self, params: Mapping[str, str]) -> str:
        """The authorization endpoint with ``params`` in its query."""
        url = self.endpoint("authorize")
        separator = "&" if urllib.parse.urlsplit(url).query else "?"
        return url + separator + urllib.parse.urlencode(params)

    def __repr__(self) -> str:
        """Name and endpoints' hosts only."""
        return f"ProviderClient({self.name!r}, record={self.record.name!r})"


def _quote(value: str) -> str:
    """RFC 6749 §2.3.1: form-encode id and secret before Basic authentication."""
    return urllib.parse.quote(value, safe="")
