"""The ``[jam.oauth2]`` table: OAuth2 / OpenID Connect client settings.

Read by `jam.oauth2.build`. ``[jam.oauth2]`` holds what every provider
shares (timeouts, the key that seals authorization requests, the optional
single-use ``state_backend`` and that backend's own keys); each
``[jam.oauth2.providers.<name>]`` table configures one client. Keys of a
provider table that the kernel does not know belong to the provider plugin
and are validated by its record's ``options`` model.
"""

from __future__ import annotations

import difflib
import warnings
from typing import Any, Literal

from pydantic import AliasChoices, Field, model_validator

from jam.config._base import Section, known_keys
from jam.config._session import SESSION_SECRET_BYTES, decode_session_secret
from jam.config._types import KeyMaterialField, SecretText, SecretValue

__all__ = ["PROVIDER_PLUGIN_PAGE", "OAuth2ProviderSettings", "OAuth2Settings"]

PROVIDER_PLUGIN_PAGE = "docs/plugins/oauth2-provider.md"
"""Where ``module = "pkg.Class"`` users are sent: how to write a provider plugin."""

AuthMethod = Literal["client_secret_post", "client_secret_basic", "private_key_jwt", "none"]


def _extras_named(model: type[Section], extras: list[str], why: str) -> str:
    keys = known_keys(model)
    hints = []
    for key in extras:
        close = difflib.get_close_matches(key, keys, n=1, cutoff=0.6)
        hints.append(f"{key!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
    return f"unknown key(s) {', '.join(hints)}; {why} (valid keys: {', '.join(keys)})"


class OAuth2ProviderSettings(Section):
    """One ``[jam.oauth2.providers.<name>]`` table.

    Endpoints given here override the provider plugin's; a table with
    ``auth_url`` and ``token_url`` needs no plugin at all. Other keys are the
    provider plugin's options (validated by its record's ``options`` model).
    """

    model_config = Section.model_config | {"extra": "allow"}

    provider: str | None = None
    """Registered provider to use; defaults to the table name."""
    client_id: str = Field(min_length=1, validation_alias=AliasChoices("client_id", "cliend_id"))
    """OAuth2 client id (jamlib's misspelling ``cliend_id`` is accepted with a warning)."""
    client_secret: SecretText | None = None
    """OAuth2 client secret (public clients with PKCE omit it)."""
    redirect_url: str = Field(
        min_length=1, validation_alias=AliasChoices("redirect_url", "redirect_uri")
    )
    """Where the provider sends the user back (alias ``redirect_uri``); the default one."""
    redirect_urls: list[str] = Field(default_factory=list)
    """Other redirect URLs a call may name with ``redirect_uri=``; any other is refused."""
    scopes: list[str] | None = None
    """Scopes to request; defaults to the provider's."""
    issuer: str | None = None
    """OIDC issuer: discovery fills missing endpoints; ID tokens must carry it as ``iss``."""
    auth_url: str | None = Field(
        default=None, validation_alias=AliasChoices("auth_url", "authorize_url")
    )
    """Authorization endpoint (explicit URLs need no provider plugin)."""
    token_url: str | None = None
    """Token endpoint."""
    userinfo_url: str | None = None
    """UserInfo endpoint."""
    revocation_url: str | None = None
    """Token revocation endpoint (RFC 7009)."""
    jwks_url: str | None = None
    """JWKS endpoint for ID-token signatures."""
    device_authorization_url: str | None = None
    """Device authorization endpoint (RFC 8628)."""
    token_endpoint_auth_method: AuthMethod | None = None
    """Client authentication at the token endpoint; default: the provider's (usually
    ``client_secret_post``)."""
    private_key: KeyMaterialField | None = None
    """Key that signs client assertions for ``private_key_jwt`` (PEM, file, env or JWK)."""
    kid: str | None = Field(default=None, min_length=1, max_length=256)
    """Key id written into client assertions (``private_key_jwt``)."""
    alg: str | None = None
    """Algorithm of client assertions; default: the key's natural one (RS256, ES256...)."""
    id_token_algs: list[str] | None = Field(default=None, min_length=1)
    """ID-token algorithms accepted; default: those the provider advertises (else RS256)."""
    allow_hs_id_tokens: bool = False
    """Accept HS256/384/512 ID tokens keyed with the client secret (off: never)."""
    pkce: bool | None = None
    """Send PKCE (S256) with ``oauth2_begin``; default: whatever the provider supports."""
    timeout: float | None = Field(default=None, gt=0, le=300)
    """Seconds for each HTTP exchange with this provider; default ``[jam.oauth2] timeout``."""

    @model_validator(mode="before")
    @classmethod
    def _jamlib_keys(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        if "module" in data:
            raise ValueError(
                "'module' (jamlib's dotted path to a client class) is not supported: Jam "
                "never loads code named in configuration. Register the provider from a "
                f"plugin instead (see {PROVIDER_PLUGIN_PAGE}), or give auth_url and "
                "token_url here"
            )
        if "cliend_id" in data:
            warnings.warn(
                "[jam.oauth2.providers.*] cliend_id is jamlib's misspelling; write client_id",
                DeprecationWarning,
                stacklevel=2,
            )
        return data

    @property
    def allowed_redirects(self) -> tuple[str, ...]:
        """Every redirect URL this client may use, the default first."""
        return (self.redirect_url, *(u for u in self.redirect_urls if u != self.redirect_url))


class OAuth2Settings(Section):
    """``[jam.oauth2]``: what every provider shares, and the provider tables.

    Keys other than these belong to the ``state_backend`` (for example
    ``path`` for sqlite, ``redis_uri`` for redis).
    """

    model_config = Section.model_config | {"extra": "allow"}

    providers: dict[str, OAuth2ProviderSettings] = Field(default_factory=dict)
    """Provider tables by name."""
    timeout: float = Field(default=10.0, gt=0, le=300)
    """Seconds allowed for each HTTP exchange (connect, send, each read, and the whole body)."""
    max_age: int = Field(default=600, gt=0, le=86400)
    """Seconds an authorization request (``oauth2_begin``) stays valid for its callback."""
    seal_key: SecretText | list[SecretText] | None = None
    """32 random bytes as base64url text (or a list, newest first) for sealed requests."""
    state_backend: str | None = Field(default=None, min_length=1)
    """Token-list backend that makes each authorization request single-use (``memory``,
    ``sqlite``, ``redis``...); none: no replay protection beyond ``max_age``."""
    leeway: int = Field(default=60, ge=0, le=600)
    """Seconds of clock skew tolerated for ID-token ``exp`` and ``iat``."""
    jwks_cooldown: float = Field(default=60.0, ge=0, le=86400)
    """At least this many seconds between two JWKS fetches caused by an unknown ``kid``."""
    jwks_ttl: float = Field(default=3600.0, gt=0, le=7 * 86400)
    """Seconds a JWKS is cached before it is fetched again (discovery: once per engine)."""
    jwks_max_stale: float = Field(default=86400.0, ge=0, le=30 * 86400)
    """When a refetch fails, how long past ``jwks_ttl`` the last good keys stay in use."""

    @model_validator(mode="after")
    def _check(self) -> OAuth2Settings:
        extras = sorted(self.model_extra or {})
        if extras and self.state_backend is None:
            raise ValueError(
                _extras_named(
                    OAuth2Settings, extras, "backend keys are only valid with state_backend"
                )
            )
        self.seal_keys  # noqa: B018  (decodes every key: a bad one fails here)
        return self

    @property
    def seal_keys(self) -> list[bytes]:
        """The decoded ``seal_key`` values, newest first (empty when unset)."""
        value = self.seal_key
        if value is None:
            return []
        items: list[SecretValue] = value if isinstance(value, list) else [value]
        keys = []
        for item in items:
            try:
                keys.append(decode_session_secret(item))
            except ValueError:
                raise ValueError(
                    f"seal_key must be {SESSION_SECRET_BYTES} random bytes as base64url text; "
                    "generate one with jam.oauth2.generate_seal_key()"
                ) from None
        return keys
