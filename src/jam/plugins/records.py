"""Typed records that plugins return from the ``jam_register_*`` hooks.

A record says what a plugin provides: a name, a factory for the
implementation (called only when the configuration selects that name, so
heavy dependencies are imported late), the options model that validates the
capability's configuration table, and the record API version.

Example:
    >>> from jam.plugins import AlgorithmRecord
    >>> AlgorithmRecord(name="HS256", factory=make_hs256, key_types=("oct",))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel

    from jam.protocols import (
        AsyncSessionStore,
        AsyncTokenList,
        OAuth2ProviderHooks,
        SessionStore,
        SigningAlgorithm,
        TokenList,
    )

__all__ = [
    "API_VERSION",
    "SUPPORTED_API_VERSIONS",
    "AlgorithmRecord",
    "OAuth2ProviderRecord",
    "Record",
    "SessionStoreRecord",
    "TokenListRecord",
]

API_VERSION = 1
"""The record API version this kernel writes; plugins set it on every record."""

SUPPORTED_API_VERSIONS = frozenset({1})
"""Record API versions this kernel can use; any other is refused at load time."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AlgorithmRecord:
    """A JWS signing algorithm offered by a plugin.

    Attributes are security metadata as much as plumbing: ``key_types`` lets
    the kernel refuse key material of the wrong family before it reaches the
    plugin, and ``recommended`` is shown by ``jam plugins``.

    Example:
        >>> AlgorithmRecord(name="ES256", factory=ES256, key_types=("EC",), curves=("P-256",))
    """

    name: str
    """JOSE ``alg`` value, case-sensitive (``"HS256"``). ``"none"`` is refused."""
    factory: Callable[[], SigningAlgorithm]
    """Zero-argument callable that returns the algorithm (import heavy deps inside)."""
    key_types: tuple[str, ...]
    """JWK ``kty`` values the algorithm accepts: ``oct``, ``RSA``, ``EC``, ``OKP``."""
    curves: tuple[str, ...] = ()
    """JWK ``crv`` values for EC/OKP algorithms (``P-256``, ``Ed25519``...)."""
    recommended: bool = True
    """False for algorithms kept for interoperability but not advised for new systems."""
    description: str = ""
    """One line for humans, shown by ``jam plugins``."""
    api_version: int = API_VERSION
    """Record API version; see `SUPPORTED_API_VERSIONS`."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionStoreRecord:
    """A session storage backend offered by a plugin.

    Both factories receive the validated options model instance. At least one
    of ``factory`` / ``async_factory`` must be given.

    Example:
        >>> SessionStoreRecord(name="sqlite", factory=SQLiteStore, options=SQLiteOptions)
    """

    name: str
    """Backend name used in ``[jam.session] backend = "..."``."""
    options: type[BaseModel] | None
    """Pydantic model validating the backend's own keys (``path``, ``redis_uri``...)."""
    factory: Callable[[Any], SessionStore] | None = None
    """Builds the synchronous store from validated options."""
    async_factory: Callable[[Any], AsyncSessionStore] | None = None
    """Builds the asyncio store from validated options."""
    description: str = ""
    """One line for humans, shown by ``jam plugins``."""
    api_version: int = API_VERSION
    """Record API version; see `SUPPORTED_API_VERSIONS`."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TokenListRecord:
    """A token black/white list backend offered by a plugin.

    Example:
        >>> TokenListRecord(name="redis", factory=RedisTokenList, options=RedisOptions)
    """

    name: str
    """Backend name used in ``[jam.jwt.list] backend = "..."``."""
    options: type[BaseModel] | None
    """Pydantic model validating the backend's own keys."""
    factory: Callable[[Any], TokenList] | None = None
    """Builds the synchronous list from validated options."""
    async_factory: Callable[[Any], AsyncTokenList] | None = None
    """Builds the asyncio list from validated options."""
    description: str = ""
    """One line for humans, shown by ``jam plugins``."""
    api_version: int = API_VERSION
    """Record API version; see `SUPPORTED_API_VERSIONS`."""


@dataclass(frozen=True, slots=True, kw_only=True)
class OAuth2ProviderRecord:
    """An OAuth2 / OpenID Connect provider description offered by a plugin.

    Example:
        >>> OAuth2ProviderRecord(
        ...     name="github",
        ...     authorize_url="https://github.com/login/oauth/authorize",
        ...     token_url="https://github.com/login/oauth/access_token",
        ... )
    """

    name: str
    """Provider name; ``[jam.oauth2.providers.<name>]`` selects it."""
    authorize_url: str | None = None
    """Authorization endpoint (``None`` when discovered from ``issuer``)."""
    token_url: str | None = None
    """Token endpoint (``None`` when discovered from ``issuer``)."""
    userinfo_url: str | None = None
    """UserInfo endpoint, if any."""
    revocation_url: str | None = None
    """Revocation endpoint (RFC 7009), if any."""
    jwks_url: str | None = None
    """JWKS endpoint, if any."""
    issuer: str | None = None
    """OIDC issuer used for discovery, if any."""
    default_scopes: tuple[str, ...] = ()
    """Scopes requested when the configuration names none."""
    client_auth_method: str = "client_secret_post"
    """``client_secret_post``, ``client_secret_basic``, ``private_key_jwt`` or ``none``."""
    supports_pkce: bool = True
    """Whether PKCE (S256) is sent."""
    options: type[BaseModel] | None = None
    """Pydantic model for provider-specific keys, if any."""
    description: str = ""
    """One line for humans, shown by ``jam plugins``."""
    api_version: int = API_VERSION
    """Record API version; see `SUPPORTED_API_VERSIONS`."""
    # Added after the first release (defaults keep older records valid):
    device_authorization_url: str | None = None
    """Device authorization endpoint (RFC 8628), if any."""
    issuer_aliases: tuple[str, ...] = ()
    """Other ``iss`` values the provider's ID tokens carry (Google: ``accounts.google.com``)."""
    id_token_algs: tuple[str, ...] = ()
    """ID-token algorithms when no discovery document says (default ``("RS256",)``)."""
    behaviour: Callable[[], OAuth2ProviderHooks] | None = None
    """Zero-argument factory of the provider's behaviour (token requests and responses,
    userinfo normalisation, client secrets); ``None``: the RFCs as written. Subclass
    `jam.oauth2.ProviderBehaviour`."""


Record = AlgorithmRecord | SessionStoreRecord | TokenListRecord | OAuth2ProviderRecord
"""Any registration record."""
